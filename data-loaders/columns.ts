import {SegmentError} from "./errors.ts";

/** Header names compare trimmed and case-insensitively: `CustomerID`, `customerid ` and `CUSTOMERID` are one column. */
export function normalizeColumnName(name: string): string {
  return name.trim().toLowerCase();
}

/** Finds a column by any of its accepted names, or fails naming the header and what was expected. */
export function findColumn(header: string[], names: string[], file: string, role: string): number {
  const index = header.findIndex((column) =>
    names.some((name) => normalizeColumnName(name) === normalizeColumnName(column))
  );
  if (index >= 0) return index;
  throw new SegmentError(`missing required column for the ${role}`, {
    file,
    line: 1,
    found: `the columns ${header.map((column) => JSON.stringify(column.trim())).join(", ")}`,
    expected: `a column named ${names.map((name) => JSON.stringify(name)).join(" or ")}`
  });
}

export function hasColumn(header: string[], name: string): boolean {
  return header.some((column) => normalizeColumnName(column) === normalizeColumnName(name));
}
