import {ColumnMemory} from "./fast-column-memory.ts";

/** Record layout: key length, value, four words of key bytes (or the arena offset of a longer key), then aux. */
const LENGTH = 0;
const VALUE = 1;
const KEY = 2;
const AUX = 6;
const inlineBytes = 16;

/**
 * An open-addressing hash table from byte strings to non-negative integers, for finding customers, orders and
 * countries by the bytes of a record without building a JS string per line. A key is the concatenation of two byte
 * ranges of a buffer (the weekly customer is country + id).
 *
 * Large tables are bound by cache misses, so they are kept small: the probed index holds 8 bytes a slot (hash and
 * record number), and keys live in dense records (keys of up to 16 bytes inline, longer ones in a byte arena)
 * with the value and `auxCount` spare numbers for the caller. Memory grows with the distinct keys only.
 */
export class ByteTable {
  /** Record numbers + 1 (0 = empty) with their key's hash: [hash, record + 1] per slot, at most 70% full. */
  private index = new Int32Array(2 * 1024);
  private mask = 1023;
  /** `stride` numbers per record. */
  private records: Int32Array;
  private readonly recordMemory = new ColumnMemory();
  private readonly stride: number;
  private arena = new Uint8Array(0);
  private arenaUsed = 0;
  /** Packed key words for `lookup`. */
  private readonly words = new Int32Array(4);
  /** Where the last missed lookup ended, for `add`. */
  private missSlot = -1;
  private missHash = 0;
  size = 0;

  constructor(auxCount = 0) {
    this.stride = AUX + auxCount;
    this.records = new Int32Array(this.stride * 512);
  }

  /**
   * Hashes the key `buf[aStart, aEnd) ++ buf[bStart, bEnd)` and packs its first 16 bytes into `words[at, at + 4)`,
   * the way inline keys are stored, for `find`. Returns the hash.
   */
  hash(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number, words: Int32Array, at: number): number {
    let h = 0x811c9dc5;
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    let j = 0;
    for (let i = aStart; i < aEnd; i++, j++) {
      const byte = buf[i];
      h = Math.imul(h ^ byte, 0x01000193);
      const bits = byte << (8 * (j & 3));
      if (j < 4) w0 |= bits;
      else if (j < 8) w1 |= bits;
      else if (j < 12) w2 |= bits;
      else if (j < 16) w3 |= bits;
    }
    for (let i = bStart; i < bEnd; i++, j++) {
      const byte = buf[i];
      h = Math.imul(h ^ byte, 0x01000193);
      const bits = byte << (8 * (j & 3));
      if (j < 4) w0 |= bits;
      else if (j < 8) w1 |= bits;
      else if (j < 12) w2 |= bits;
      else if (j < 16) w3 |= bits;
    }
    words[at] = w0;
    words[at + 1] = w1;
    words[at + 2] = w2;
    words[at + 3] = w3;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  /** `find` for a key on its own, hashed here. */
  lookup(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
    const h = this.hash(buf, aStart, aEnd, bStart, bEnd, this.words, 0);
    return this.find(buf, aStart, aEnd, bStart, bEnd, h, this.words, 0);
  }

  /**
   * Reads the memory that lookups of `hashes[first], hashes[first + stride]…` (`count` of them) will read, and
   * returns a number of no meaning. Done for a batch of keys before looking any of them up, in tight loops of
   * independent reads, the reads overlap instead of each waiting for memory in turn.
   */
  prefetch(hashes: Int32Array, first: number, stride: number, count: number): number {
    const index = this.index;
    const mask = this.mask;
    let touched = 0;
    for (let k = 0, at = first; k < count; k++, at += stride) touched ^= index[2 * (hashes[at] & mask) + 1];
    const records = this.records;
    const recordStride = this.stride;
    for (let k = 0, at = first; k < count; k++, at += stride) {
      const record = index[2 * (hashes[at] & mask) + 1] - 1;
      // Both ends: a record may straddle two cache lines.
      if (record >= 0) touched ^= records[record * recordStride + LENGTH] ^ records[record * recordStride + KEY + 3];
    }
    return touched;
  }

  /**
   * The record of the key `buf[aStart, aEnd) ++ buf[bStart, bEnd)`, or -1 when it is not in the table; `h` and
   * `words[at, at + 4)` are what `hash` made of the key.
   */
  find(
    buf: Buffer,
    aStart: number,
    aEnd: number,
    bStart: number,
    bEnd: number,
    h: number,
    words: Int32Array,
    at: number
  ): number {
    const length = aEnd - aStart + (bEnd - bStart);
    const index = this.index;
    const records = this.records;
    const stride = this.stride;
    const mask = this.mask;
    let s = h & mask;
    while (true) {
      const record = index[2 * s + 1] - 1;
      if (record < 0) {
        this.missSlot = s;
        this.missHash = h;
        return -1;
      }
      if (index[2 * s] === h) {
        const r = record * stride;
        if (records[r + LENGTH] === length) {
          if (length <= inlineBytes) {
            if (
              records[r + KEY] === words[at] &&
              records[r + KEY + 1] === words[at + 1] &&
              records[r + KEY + 2] === words[at + 2] &&
              records[r + KEY + 3] === words[at + 3]
            ) {
              return record;
            }
          } else if (this.arenaEquals(records[r + KEY], buf, aStart, aEnd, bStart, bEnd)) return record;
        }
      }
      s = (s + 1) & mask;
    }
  }

  /** The text of the key of `record`, decoded as UTF-8. */
  keyText(record: number): string {
    const at = record * this.stride;
    const length = this.records[at + LENGTH];
    if (length > inlineBytes) {
      const start = this.records[at + KEY];
      return Buffer.from(this.arena.buffer, this.arena.byteOffset + start, length).toString("utf8");
    }
    const bytes = Buffer.alloc(length);
    for (let j = 0; j < length; j++) bytes[j] = (this.records[at + KEY + (j >> 2)] >>> (8 * (j & 3))) & 0xff;
    return bytes.toString("utf8");
  }

  value(record: number): number {
    return this.records[record * this.stride + VALUE];
  }

  aux(record: number, k: number): number {
    return this.records[record * this.stride + AUX + k];
  }

  setAux(record: number, k: number, value: number): void {
    this.records[record * this.stride + AUX + k] = value;
  }

  /** Adds the key that the last `find`, called with the same arguments, did not find; returns its record. */
  add(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number, value: number): number {
    if (this.missSlot < 0) throw new Error(`ByteTable.add(${value}) without a missed lookup before it`);
    const record = this.size;
    const stride = this.stride;
    if ((record + 1) * stride > this.records.length) {
      this.records = this.recordMemory.grow(this.records, this.records.length * 2, Int32Array);
    }
    const records = this.records;
    const at = record * stride;
    const aLength = aEnd - aStart;
    const length = aLength + (bEnd - bStart);
    records[at + LENGTH] = length;
    records[at + VALUE] = value;
    if (length > inlineBytes) records[at + KEY] = this.store(buf, aStart, aEnd, bStart, bEnd);
    else {
      for (let j = 0; j < length; j++) {
        const byte = j < aLength ? buf[aStart + j] : buf[bStart + j - aLength];
        records[at + KEY + (j >> 2)] |= byte << (8 * (j & 3));
      }
    }
    this.index[2 * this.missSlot] = this.missHash;
    this.index[2 * this.missSlot + 1] = record + 1;
    this.missSlot = -1;
    this.size++;
    if (this.size * 10 > (this.mask + 1) * 7) this.rehash();
    return record;
  }

  private arenaEquals(start: number, buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    const arena = this.arena;
    let k = start;
    for (let i = aStart; i < aEnd; i++) if (arena[k++] !== buf[i]) return false;
    for (let i = bStart; i < bEnd; i++) if (arena[k++] !== buf[i]) return false;
    return true;
  }

  private store(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
    const length = aEnd - aStart + (bEnd - bStart);
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length, 4096));
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
    }
    const arena = this.arena;
    const start = this.arenaUsed;
    let k = start;
    for (let i = aStart; i < aEnd; i++) arena[k++] = buf[i];
    for (let i = bStart; i < bEnd; i++) arena[k++] = buf[i];
    this.arenaUsed = k;
    return start;
  }

  private rehash(): void {
    const old = this.index;
    const index = new Int32Array(old.length * 2);
    const mask = index.length / 2 - 1;
    for (let from = 0; from < old.length; from += 2) {
      if (old[from + 1] === 0) continue;
      let s = old[from] & mask;
      while (index[2 * s + 1] !== 0) s = (s + 1) & mask;
      index[2 * s] = old[from];
      index[2 * s + 1] = old[from + 1];
    }
    this.index = index;
    this.mask = mask;
    this.missSlot = -1;
  }
}
