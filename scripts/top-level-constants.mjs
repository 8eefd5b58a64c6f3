// Gives a bundle's top-level bindings back the `const` esbuild takes from them.
//
// Bundling, esbuild declares every top-level binding of every module with `var` (it has no option to keep `const`).
// V8 cannot treat a module's `var` as a constant: each use in optimized code loads it from the module's context,
// where a `const` would be folded into the code. In the read's hot loops (byte codes like `QUOTE` compared with
// every byte, a table's slot layout) that cost about a sixth of the reader thread's time on a 10M-line file.
//
// A top-level `var` with an initializer that nothing in the bundle assigns again becomes `const`. Names are
// compared without scopes, so an assignment to any variable of that name, in any scope, keeps the `var`: a binding
// is only ever made constant when it cannot be written. Declarations keep their order and their lines, so that the
// bundle's source map still points at the right lines.
import {Parser} from "acorn";

/** `source` with every top-level `var` that is never assigned after its declaration made a `const`. */
export function constTopLevel(source) {
  const program = Parser.parse(source, {ecmaVersion: "latest", sourceType: "module"});
  const assigned = assignedNames(program);
  const constant = (declarator) =>
    declarator.id.type === "Identifier" && declarator.init !== null && !assigned.has(declarator.id.name);
  const edits = [];
  for (const statement of program.body) {
    if (statement.type !== "VariableDeclaration" || statement.kind !== "var") continue;
    const {declarations} = statement;
    if (!declarations.some(constant)) continue;
    // Runs of constant and assigned declarators become declarations of their own, in their order.
    let text = constant(declarations[0]) ? "const " : "var ";
    for (let k = 0; k < declarations.length; k++) {
      const declarator = declarations[k];
      text += source.slice(declarator.start, declarator.end);
      if (k + 1 === declarations.length) break;
      const between = source.slice(declarator.end, declarations[k + 1].start);
      const next = constant(declarations[k + 1]);
      text += next === constant(declarator) ? between : `;${between.replace(",", "")}${next ? "const " : "var "}`;
    }
    const end = source[statement.end - 1] === ";" ? statement.end - 1 : statement.end;
    edits.push({start: statement.start, end, text});
  }
  let result = source;
  for (const {start, end, text} of edits.reverse()) result = result.slice(0, start) + text + result.slice(end);
  return result;
}

/** Every name that is the target of an assignment, an update, or a `for…in`/`for…of` without a declaration. */
function assignedNames(program) {
  const names = new Set();
  const target = (node) => {
    if (node === null) return;
    if (node.type === "Identifier") names.add(node.name);
    else if (node.type === "ObjectPattern")
      for (const property of node.properties) target(property.value ?? property.argument);
    else if (node.type === "ArrayPattern") for (const element of node.elements) target(element);
    else if (node.type === "RestElement") target(node.argument);
    else if (node.type === "AssignmentPattern") target(node.left);
  };
  const visit = (node) => {
    if (node.type === "AssignmentExpression") target(node.left);
    else if (node.type === "UpdateExpression") target(node.argument);
    else if (
      (node.type === "ForInStatement" || node.type === "ForOfStatement") &&
      node.left.type !== "VariableDeclaration"
    ) {
      target(node.left);
    }
    for (const key in node) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child !== null && typeof child.type === "string") visit(child);
      } else if (value !== null && typeof value === "object" && typeof value.type === "string") visit(value);
    }
  };
  visit(program);
  return names;
}
