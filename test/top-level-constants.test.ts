import {test} from "node:test";
import assert from "node:assert/strict";
import {constTopLevel} from "../scripts/top-level-constants.mjs";

test("constTopLevel(source) makes a top-level var that nothing assigns a const", () => {
  assert.equal(
    constTopLevel(`var QUOTE = 34;\nfunction f(b) { return b === QUOTE; }\n`),
    `const QUOTE = 34;\nfunction f(b) { return b === QUOTE; }\n`
  );
});

test("constTopLevel(source) keeps var for a binding assigned, updated or looped over anywhere", () => {
  const source = [
    "var a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7;",
    "a = 2;",
    "function h() { b++; }",
    "[c, {x: d}] = [1, {x: 2}];",
    "for (e of []) ;",
    "for (f in {}) ;",
    "({...g} = {});"
  ].join("\n");
  assert.equal(constTopLevel(source), source);
});

test("constTopLevel(source) keeps var when any scope assigns a variable of the same name", () => {
  const source = "var x = 1;\nfunction g() { let x = 0; x = 2; return x; }\n";
  assert.equal(constTopLevel(source), source);
});

test("constTopLevel(source) splits a declaration into runs, in order, keeping its lines", () => {
  const source = "var a = 1, b = f(), c = class {\n  m() { return 1; }\n}, d = 4;\nb = 0;\n";
  const result = constTopLevel(source);
  assert.equal(result, "const a = 1; var b = f(); const c = class {\n  m() { return 1; }\n}, d = 4;\nb = 0;\n");
  assert.equal(result.split("\n").length, source.split("\n").length);
});

test("constTopLevel(source) leaves declarations without initializer, nested ones, let and const alone", () => {
  const source = "var a;\nlet b = 1;\nconst c = 2;\nfunction f() { var d = 3; return d; }\nif (c) { var e = 4; }\n";
  assert.equal(constTopLevel(source), source);
});

test("constTopLevel(source) gives the same results when run", async () => {
  const source = "var n = 3, total = 0;\nfor (let i = 0; i < n; i++) total += i;\nexport const result = [n, total];\n";
  const result = constTopLevel(source);
  assert.match(result, /^const n = 3; var total = 0;/);
  const run = async (text: string) =>
    ((await import(`data:text/javascript,${encodeURIComponent(text)}`)) as {result: number[]}).result;
  assert.deepEqual(await run(result), await run(source));
});
