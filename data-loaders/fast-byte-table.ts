import {ColumnMemory} from "./fast-column-memory.ts";

/** Keys up to this long are whole in their index slot. */
const slotBytes = 12;
/** An index slot: three words, then (record + 1) << LENGTH_BITS | the key's length, capped. */
const slotSize = 4;
const META = 3;
const LENGTH_BITS = 5;
const LENGTH_MASK = (1 << LENGTH_BITS) - 1;
/** Records are numbered below this, so that a slot's meta is a positive int32. */
const maxRecords = (1 << (31 - LENGTH_BITS)) - 1;

/**
 * An open-addressing hash table from byte strings to their record numbers (0, 1, 2… in the order they were added),
 * for finding customers, orders and countries by the bytes of a record without building a JS string per line. A
 * key is the concatenation of two byte ranges of a buffer (the weekly customer is country + id).
 *
 * Large tables are bound by cache misses, so a lookup reads one slot of 16 bytes and nothing else wherever the key
 * fits in it: a key of up to 12 bytes (customer ids, invoice numbers) is whole in its slot, with its record number
 * and length. The slot of a longer key holds its hash, where its bytes are in an arena, and its length. Memory
 * grows with the distinct keys only: 16 bytes a slot, and the bytes of long keys.
 */
export class ByteTable {
  /** `slotSize` numbers per slot, at most 70% of the slots full; an empty slot's meta is 0. */
  private index = new Int32Array(slotSize * 1024);
  private readonly indexMemory = new ColumnMemory();
  private mask = 1023;
  private arena = new Uint8Array(0);
  private arenaUsed = 0;
  /**
   * Each record's slot, made by the first `keyText` and kept up to date from then on: most tables never decode a
   * key, and a table of 2.4M order numbers would spend 38 MB on keeping their texts.
   */
  private slotOfRecord: Int32Array | null = null;
  /** Packed key words for `lookup`. */
  private readonly words = new Int32Array(4);
  /** Where the last missed lookup ended, for `add`. */
  private missSlot = -1;
  private missHash = 0;
  size = 0;

  /**
   * Hashes the key `buf[aStart, aEnd) ++ buf[bStart, bEnd)` and packs its first 16 bytes into `words[at, at + 4)`,
   * for `find`. Returns the hash.
   */
  hash(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number, words: Int32Array, at: number): number {
    // Bytes past the 16th, hashed on their own.
    let tail = 0x811c9dc5;
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    let j = 0;
    for (let i = aStart; i < aEnd; i++, j++) {
      const byte = buf[i];
      const bits = byte << (8 * (j & 3));
      if (j < 4) w0 |= bits;
      else if (j < 8) w1 |= bits;
      else if (j < 12) w2 |= bits;
      else if (j < 16) w3 |= bits;
      else tail = Math.imul(tail ^ byte, 0x01000193);
    }
    for (let i = bStart; i < bEnd; i++, j++) {
      const byte = buf[i];
      const bits = byte << (8 * (j & 3));
      if (j < 4) w0 |= bits;
      else if (j < 8) w1 |= bits;
      else if (j < 12) w2 |= bits;
      else if (j < 16) w3 |= bits;
      else tail = Math.imul(tail ^ byte, 0x01000193);
    }
    words[at] = w0;
    words[at + 1] = w1;
    words[at + 2] = w2;
    words[at + 3] = w3;
    const h = wordsHash(j, w0, w1, w2);
    return j <= slotBytes ? h : finalMix(Math.imul(h ^ w3, 0xcc9e2d51) ^ tail);
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
    for (let k = 0, at = first; k < count; k++, at += stride) touched ^= index[slotSize * (hashes[at] & mask) + META];
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
    const lengthCode = Math.min(length, LENGTH_MASK);
    const index = this.index;
    const mask = this.mask;
    // What the key's slot holds in its first three words, but for a long key's place in the arena.
    const whole = length <= slotBytes;
    const w0 = whole ? words[at] : h;
    const w2 = whole ? words[at + 2] : length;
    let s = h & mask;
    while (true) {
      const i = slotSize * s;
      const meta = index[i + META];
      if (meta === 0) {
        this.missSlot = s;
        this.missHash = h;
        return -1;
      }
      if ((meta & LENGTH_MASK) === lengthCode && index[i] === w0 && index[i + 2] === w2) {
        if (whole) {
          if (index[i + 1] === words[at + 1]) return (meta >>> LENGTH_BITS) - 1;
        } else if (this.arenaEquals(index[i + 1], buf, aStart, aEnd, bStart, bEnd)) return (meta >>> LENGTH_BITS) - 1;
      }
      s = (s + 1) & mask;
    }
  }

  /** The text of the key of `record`, decoded as UTF-8. */
  keyText(record: number): string {
    if (!(record >= 0 && record < this.size)) throw new Error(`ByteTable.keyText: no record ${record}`);
    const slots = (this.slotOfRecord ??= this.mapRecords());
    const index = this.index;
    const i = slotSize * slots[record];
    const lengthCode = index[i + META] & LENGTH_MASK;
    if (lengthCode > slotBytes) {
      const start = this.arena.byteOffset + index[i + 1];
      return Buffer.from(this.arena.buffer, start, index[i + 2]).toString("utf8");
    }
    const bytes = Buffer.alloc(lengthCode);
    for (let j = 0; j < lengthCode; j++) bytes[j] = (index[i + (j >> 2)] >>> (8 * (j & 3))) & 0xff;
    return bytes.toString("utf8");
  }

  /** The slot of every record, found in one pass over the index. */
  private mapRecords(): Int32Array {
    const slots = new Int32Array(Math.max(1024, 2 * this.size));
    const index = this.index;
    for (let s = 0; s <= this.mask; s++) {
      const meta = index[slotSize * s + META];
      if (meta !== 0) slots[(meta >>> LENGTH_BITS) - 1] = s;
    }
    return slots;
  }

  /** Adds the key that the last `find`, called with the same arguments, did not find; returns its record. */
  add(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
    if (this.missSlot < 0) throw new Error(`ByteTable.add: no missed lookup before it`);
    const record = this.size;
    if (record === maxRecords) throw new Error(`ByteTable.add: more than ${maxRecords} keys`);
    const aLength = aEnd - aStart;
    const length = aLength + (bEnd - bStart);
    const index = this.index;
    const i = slotSize * this.missSlot;
    if (length <= slotBytes) {
      for (let j = 0; j < length; j++) {
        const byte = j < aLength ? buf[aStart + j] : buf[bStart + j - aLength];
        index[i + (j >> 2)] |= byte << (8 * (j & 3));
      }
    } else {
      index[i] = this.missHash;
      index[i + 1] = this.store(buf, aStart, aEnd, bStart, bEnd);
      index[i + 2] = length;
    }
    index[i + META] = ((record + 1) << LENGTH_BITS) | Math.min(length, LENGTH_MASK);
    if (this.slotOfRecord !== null) {
      if (record === this.slotOfRecord.length) {
        const grown = new Int32Array(2 * record);
        grown.set(this.slotOfRecord);
        this.slotOfRecord = grown;
      }
      this.slotOfRecord[record] = this.missSlot;
    }
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

  /**
   * Doubles the index in place: a large index lives in a `WebAssembly.Memory` that grows, so a rehash touches only
   * the new half as fresh memory (on a 10M-line file, 32 MB instead of 64 over the run's rehashes) and the old and
   * new index never exist at once.
   *
   * Each key moves to the first free slot from its home in the doubled index, in slot order from just after a free
   * slot, so that every run of full slots is moved from its start. A key that stays in the lower half then lands at
   * or before its old slot, among slots already moved, and one bound for the upper half lands there, where nothing
   * is ever cleared: no key probes past a slot that is still to be cleared. The keys before that free slot (the
   * tail of a run that wrapped around the old index) and the rare key whose probe would wrap around the new one go
   * back in at the end, into an index that is whole.
   */
  private rehash(): void {
    const slots = this.mask + 1;
    const index = this.indexMemory.grow(this.index, 2 * slotSize * slots, Int32Array);
    const mask = 2 * slots - 1;
    let free = 0;
    while (index[slotSize * free + META] !== 0) free++;
    const later: number[] = Array.from(index.subarray(0, slotSize * free));
    index.fill(0, 0, slotSize * free);
    for (let s = free + 1; s < slots; s++) {
      const from = slotSize * s;
      const meta = index[from + META];
      if (meta === 0) continue;
      const w0 = index[from];
      const w1 = index[from + 1];
      const w2 = index[from + 2];
      index[from] = index[from + 1] = index[from + 2] = index[from + META] = 0;
      if (!this.place(index, mask, w0, w1, w2, meta, false)) later.push(w0, w1, w2, meta);
    }
    for (let at = 0; at < later.length; at += slotSize) {
      this.place(index, mask, later[at], later[at + 1], later[at + 2], later[at + META], true);
    }
    this.index = index;
    this.mask = mask;
    this.missSlot = -1;
  }

  /**
   * Puts a slot's words in the first free slot from their key's home in `index` (of `mask + 1` slots); returns
   * false, putting nothing, when that would wrap around the end of the index and `wrap` is false.
   */
  private place(
    index: Int32Array,
    mask: number,
    w0: number,
    w1: number,
    w2: number,
    meta: number,
    wrap: boolean
  ): boolean {
    const lengthCode = meta & LENGTH_MASK;
    const h = lengthCode <= slotBytes ? wordsHash(lengthCode, w0, w1, w2) : w0;
    let s = h & mask;
    while (index[slotSize * s + META] !== 0) {
      if (s === mask && !wrap) return false;
      s = (s + 1) & mask;
    }
    const to = slotSize * s;
    index[to] = w0;
    index[to + 1] = w1;
    index[to + 2] = w2;
    index[to + META] = meta;
    if (this.slotOfRecord !== null) this.slotOfRecord[(meta >>> LENGTH_BITS) - 1] = s;
    return true;
  }
}

/** The hash of a key of `length` bytes whose first 12 bytes are packed in `w0, w1, w2`, as `hash` packs them. */
function wordsHash(length: number, w0: number, w1: number, w2: number): number {
  let h = Math.imul(length + 1, 0x9e3779b1) ^ w0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ w1;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ w2;
  return finalMix(h);
}

/** Murmur3's finalizer: every bit of `h` reaches the low bits that pick a slot. */
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
