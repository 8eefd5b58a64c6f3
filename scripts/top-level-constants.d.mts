/** `source` with every top-level `var` that is never assigned after its declaration made a `const`. */
export function constTopLevel(source: string): string;
