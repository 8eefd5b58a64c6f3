import {test} from "node:test";
import assert from "node:assert/strict";
import {constTopLevel} from "../scripts/top-level-constants.mjs";

test("constTopLevel(source) makes a top-level var that nothing assigns a const", () => {
  assert.equal(
    constTopLevel(`var QUOTE = 34;\nfunction f(b) { return b === QUOTE; }\nvar C = class { m() { return QUOTE; } };\n`),
    `const QUOTE = 34;\nfunction f(b) { return b === QUOTE; }\nconst C = class { m() { return QUOTE; } };\n`
  );
});

test("constTopLevel(source) keeps var for a binding assigned, updated or looped over anywhere", () => {
  const source = [
    "var a = 1;",
    "var b = 2;",
    "var c = 3;",
    "var d = 4;",
    "var e = 5;",
    "var f = 6;",
    "var g = 7;",
    "var h = 8;",
    "a = 2;",
    "function k() { b++; }",
    "[c, {x: d}] = [1, {x: 2}];",
    "for (e of []) ;",
    "for (f in {}) ;",
    "({...g} = {});",
    "class C { static { h ??= 1; } }"
  ].join("\n");
  assert.equal(constTopLevel(source), source);
});

test("constTopLevel(source) keeps var when any scope assigns a variable of the same name", () => {
  const source = "var x = 1;\nfunction g() { let x = 0; x = 2; return x; }\n";
  assert.equal(constTopLevel(source), source);
});

test("constTopLevel(source) keeps var for a name read before its declaration ends, as an esbuild enum reads its own", () => {
  const enumSource =
    'var Kind = /* @__PURE__ */ ((Kind2) => {\n  Kind2[Kind2.Plain = 0] = "Plain";\n  return Kind2;\n})(Kind || {});\n';
  assert.equal(constTopLevel(enumSource), enumSource);
  const early = "function f() { return typeof d === 'undefined' ? 'none' : d; }\nvar first = f();\nvar d = 7;\n";
  assert.equal(constTopLevel(early), early.replace("var first", "const first"));
  const shorthand = "function f() { return {d}; }\nvar first = f();\nvar d = 7;\n";
  assert.equal(constTopLevel(shorthand), shorthand.replace("var first", "const first"));
});

test("constTopLevel(source) keeps var for a name declared twice in the module's scope", () => {
  assert.equal(constTopLevel("var a = 1;\nvar a = 2;\n"), "var a = 1;\nvar a = 2;\n");
  assert.equal(constTopLevel("var a = 1;\nif (a) {\n  var a;\n}\n"), "var a = 1;\nif (a) {\n  var a;\n}\n");
  // The `b` of `f` is the function's own: the module's `b` is declared once.
  const inFunction = "function f() { var b = 2; }\nvar b = 3;\n";
  assert.equal(constTopLevel(inFunction), inFunction.replace("var b = 3", "const b = 3"));
});

test("constTopLevel(source) leaves a module that calls eval directly, and one it cannot parse, as they are", () => {
  const withEval = "var x = 1;\neval('x = 2');\n";
  assert.equal(constTopLevel(withEval), withEval);
  const broken = "var x = 1;\nvar = ;\n";
  assert.equal(constTopLevel(broken), broken);
});

test("constTopLevel(source) changes only keywords: lines and comments stay where they were", () => {
  const source = "var a = 1, b = 2 /* p\nq */;\nvar c = f(), d = 4;\nc = 0;\nvar e;\nlet g = 1;\n";
  assert.equal(
    constTopLevel(source),
    "const a = 1, b = 2 /* p\nq */;\nvar c = f(), d = 4;\nc = 0;\nvar e;\nlet g = 1;\n"
  );
});

test("constTopLevel(source) gives the same results when run", async () => {
  const source =
    "var n = 3;\nvar total = 0;\nvar o = {n};\nfor (let i = 0; i < n; i++) total += i;\nexport const result = [n, total, o.n];\n";
  const result = constTopLevel(source);
  assert.match(result, /^const n = 3;\nvar total = 0;\nconst o = \{n\};/);
  const run = async (text: string) =>
    ((await import(`data:text/javascript,${encodeURIComponent(text)}`)) as {result: number[]}).result;
  assert.deepEqual(await run(result), await run(source));
});
