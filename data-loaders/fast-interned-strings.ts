import {ByteTable} from "./fast-byte-table.ts";

/**
 * Decodes each distinct byte string once and numbers it, so that values repeated on every line (countries) cost a
 * hash lookup, and the same string object comes back each time, which makes comparing them a pointer check.
 */
export class InternedStrings {
  private readonly table = new ByteTable();
  readonly strings: string[] = [];

  /** The number of the string `buf[start, end)` decodes to: an index into `strings`. */
  index(buf: Buffer, start: number, end: number): number {
    const table = this.table;
    const known = table.lookup(buf, start, end, end, end);
    if (known >= 0) return table.value(known);
    const index = this.strings.length;
    this.strings.push(buf.toString("utf8", start, end));
    table.add(buf, start, end, end, end, index);
    return index;
  }
}
