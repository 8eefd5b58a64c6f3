// Gives a bundle's top-level bindings back the `const` esbuild takes from them.
//
// Bundling, esbuild declares every module's top-level bindings with `var` (it has no option to keep `const`). V8
// cannot treat a module's `var` as a constant: each use in optimized code loads it from the module's context, where
// a `const` would be folded into the code. In the read's hot loops (byte codes like `QUOTE` compared with every byte,
// a table's slot layout) that cost about a sixth of the reader thread's time on a 10M-line file.
//
// A `const` differs from a `var` in three ways, and a declaration is left a `var` unless none can show:
// - it cannot be assigned: no assignment, update or `for…in`/`for…of` anywhere in the bundle may name it (names are
//   compared without scopes, so an inner variable of the same name keeps it a `var` too), and a bundle with a direct
//   `eval` is left as it is;
// - it cannot be read before its declaration runs: no use of the name may come before the end of the declaration
//   in the text (an esbuild enum reads its own name in its initializer, a function above it may be called before);
// - it cannot be declared twice: the name must be declared once in the module's scope.
// Only the keyword changes, so the bundle keeps its lines and its source map still holds.
import {Parser} from "acorn";

/**
 * `source` (a module) with each top-level `var` declaration made a `const` when that cannot change what the module
 * does; unchanged when it does not parse.
 */
export function constTopLevel(source) {
  let program;
  try {
    program = Parser.parse(source, {ecmaVersion: "latest", sourceType: "module"});
  } catch {
    return source;
  }
  const names = namesOf(program);
  if (names.directEval) return source;
  const constant = (declarator) => {
    if (declarator.id.type !== "Identifier" || declarator.init === null) return false;
    const {name} = declarator.id;
    return (
      !names.assigned.has(name) &&
      names.declarations.get(name) === 1 &&
      (names.firstUse.get(name) ?? Infinity) >= declarator.end
    );
  };
  const edits = [];
  for (const statement of program.body) {
    if (
      statement.type === "VariableDeclaration" &&
      statement.kind === "var" &&
      statement.declarations.every(constant)
    ) {
      edits.push(statement.start);
    }
  }
  let result = source;
  for (const start of edits.reverse()) result = `${result.slice(0, start)}const${result.slice(start + 3)}`;
  return result;
}

/**
 * What the bundle does with its names: the targets of assignments; how often each is declared in the module's scope
 * (`var` outside functions, and top-level functions, classes, `let` and `const`); where each is first used other
 * than where it is declared; and whether it calls `eval` directly.
 */
function namesOf(program) {
  const assigned = new Set();
  const declarations = new Map();
  const firstUse = new Map();
  let directEval = false;
  const declare = (name) => declarations.set(name, (declarations.get(name) ?? 0) + 1);
  const topLevel = new Set(program.body);
  const assign = (target) => bindings(target, (id) => assigned.add(id.name));
  // Identifiers that name nothing: declared names, property keys, labels.
  const declaring = new Set();
  const visit = (node, inFunction) => {
    switch (node.type) {
      case "AssignmentExpression":
        assign(node.left);
        break;
      case "UpdateExpression":
        assign(node.argument);
        break;
      case "ForInStatement":
      case "ForOfStatement":
        if (node.left.type !== "VariableDeclaration") assign(node.left);
        break;
      case "CallExpression":
        if (node.callee.type === "Identifier" && node.callee.name === "eval") directEval = true;
        break;
      case "VariableDeclaration":
        for (const declarator of node.declarations) {
          bindings(declarator.id, (id) => {
            if (!inFunction && (node.kind === "var" || topLevel.has(node))) declare(id.name);
            declaring.add(id);
          });
        }
        break;
      case "FunctionDeclaration":
      case "ClassDeclaration":
        if (node.id !== null) {
          if (topLevel.has(node)) declare(node.id.name);
          declaring.add(node.id);
        }
        break;
      case "MemberExpression":
        if (!node.computed) declaring.add(node.property);
        break;
      case "Property":
      case "PropertyDefinition":
      case "MethodDefinition":
        if (!node.computed && node.key.type === "Identifier") declaring.add(node.key);
        break;
      case "LabeledStatement":
      case "BreakStatement":
      case "ContinueStatement":
        if (node.label !== null) declaring.add(node.label);
        break;
      case "Identifier":
        if (!declaring.has(node) && !firstUse.has(node.name)) firstUse.set(node.name, node.start);
        break;
    }
    // A `var` in a function or a class's static block is that scope's, not the module's.
    const nested = inFunction || /Function/.test(node.type) || node.type === "StaticBlock";
    for (const key in node) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child !== null && typeof child.type === "string") visit(child, nested);
      } else if (value !== null && typeof value === "object" && typeof value.type === "string") visit(value, nested);
    }
  };
  visit(program, false);
  return {assigned, declarations, firstUse, directEval};
}

/** Calls `each` with every identifier a pattern binds. */
function bindings(pattern, each) {
  if (pattern === null) return;
  if (pattern.type === "Identifier") each(pattern);
  else if (pattern.type === "ObjectPattern") {
    for (const property of pattern.properties) bindings(property.value ?? property.argument, each);
  } else if (pattern.type === "ArrayPattern") for (const element of pattern.elements) bindings(element, each);
  else if (pattern.type === "RestElement") bindings(pattern.argument, each);
  else if (pattern.type === "AssignmentPattern") bindings(pattern.left, each);
}
