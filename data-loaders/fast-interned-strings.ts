import {ByteTable} from "./fast-byte-table.ts";

/** Strings up to this long (country codes) are remembered in `shortKeys`, their bytes packed in one number. */
const shortMaxBytes = 4;
/** Places in `shortKeys`, a power of two. */
const shortPlaces = 256;
/** Bytes of the last longer string looked up that are remembered; longer ones still are always looked up. */
const lastMaxBytes = 32;

/**
 * Decodes each distinct byte string once and numbers it, so that values repeated on every line (countries) cost a
 * hash lookup at most, and the same string object comes back each time, which makes comparing them a pointer check.
 * Before the hash table: short strings go through a direct-mapped cache (country codes change from line to line,
 * and the table's lookup costs several times the cache's), longer ones are compared with the last string looked up
 * (exports often list one country's lines together).
 */
export class InternedStrings {
  private readonly table = new ByteTable();
  readonly strings: string[] = [];
  /** The packed bytes, length and index of the last short string seen at each place. */
  private readonly shortKeys = new Int32Array(shortPlaces);
  private readonly shortLengths = new Int8Array(shortPlaces).fill(-1);
  private readonly shortIndices = new Int32Array(shortPlaces);
  private readonly last = new Uint8Array(lastMaxBytes);
  private lastLength = -1;
  private lastIndex = -1;

  /** The number of the string `buf[start, end)` decodes to: an index into `strings`. */
  index(buf: Buffer, start: number, end: number): number {
    return end - start <= shortMaxBytes ? this.shortIndex(buf, start, end) : this.longIndex(buf, start, end);
  }

  private shortIndex(buf: Buffer, start: number, end: number): number {
    const length = end - start;
    let packed = 0;
    for (let i = start; i < end; i++) packed = (packed << 8) | buf[i];
    const place = Math.imul(packed ^ length, 0x9e3779b1) >>> 24;
    if (this.shortLengths[place] === length && this.shortKeys[place] === packed) return this.shortIndices[place];
    const index = this.lookup(buf, start, end);
    this.shortKeys[place] = packed;
    this.shortLengths[place] = length;
    this.shortIndices[place] = index;
    return index;
  }

  private longIndex(buf: Buffer, start: number, end: number): number {
    const length = end - start;
    if (length === this.lastLength) {
      const last = this.last;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (last[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastIndex;
    }
    const index = this.lookup(buf, start, end);
    if (length <= lastMaxBytes) {
      for (let i = 0; i < length; i++) this.last[i] = buf[start + i];
      this.lastLength = length;
      this.lastIndex = index;
    }
    return index;
  }

  private lookup(buf: Buffer, start: number, end: number): number {
    const table = this.table;
    const known = table.lookup(buf, start, end, end, end);
    if (known >= 0) return known;
    // Records are numbered as strings are pushed.
    this.strings.push(buf.toString("utf8", start, end));
    return table.add(buf, start, end, end, end);
  }
}
