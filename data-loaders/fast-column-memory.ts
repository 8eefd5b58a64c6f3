/** Columns below this many bytes grow by copying: cheap, and no memory is reserved for them. */
const inPlaceFrom = 8 << 20;
const pageBytes = 65536;
const maxPages = 65536;

export type Column = Int16Array | Int32Array | Float64Array | Uint8Array | Uint16Array;

export interface ColumnKind<T extends Column> {
  readonly BYTES_PER_ELEMENT: number;
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
}

/**
 * Grows one typed-array column of a table that only ever grows. Small columns are copied into a bigger array;
 * large ones live in a WebAssembly.Memory, which grows in place: the entries already written are neither copied nor
 * touched again. Where fresh memory is expensive (page faults cost ~4 ms per MB on the virtual machines we measure
 * on), doubling by copying touches about twice the memory of the final column; growing in place touches it once.
 *
 * A memory's buffer is replaced when it grows: callers must take the returned array and drop the old one, as they
 * would after a copy. A plain memory empties the views on its old buffer; a shared one leaves them at their old
 * length, on the same bytes, so a kept view would silently read a column that goes on changing.
 */
export class ColumnMemory {
  private memory: WebAssembly.Memory | null = null;
  /** The buffer of the last array made in `memory`. */
  private lastBuffer: ArrayBufferLike | null = null;
  /** Set when a memory could not be had: the column goes on growing by copying. */
  private unavailable = false;

  /**
   * With `shared`, every column it grows lives in shared memory (a shared WebAssembly.Memory, or a
   * SharedArrayBuffer while small), so that another thread can read it without a copy: posted to a worker, a typed
   * array on shared memory is shared, not cloned.
   */
  constructor(private readonly options: {shared?: boolean} = {}) {}

  /**
   * Makes the memory, unless the engine refuses: each memory reserves address space, and a process holding many
   * large tables at once can run out of it. Growing by copying still works then.
   */
  private makeMemory(pages: number): WebAssembly.Memory | null {
    if (this.unavailable) return null;
    try {
      const shared = this.options.shared === true;
      return (this.memory = new WebAssembly.Memory({initial: pages, maximum: maxPages, shared}));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.unavailable = true;
      return null;
    }
  }

  private inMemory<T extends Column>(array: T): T {
    this.lastBuffer = array.buffer;
    return array;
  }

  /**
   * An array of `capacity` elements (zeros past `array.length`) that starts with the elements of `array`. The
   * first array a memory makes may start from an array of another kind, converted as `set` converts: a column moved
   * to a wider kind.
   */
  grow<T extends Column>(array: Column, capacity: number, Kind: ColumnKind<T>): T {
    const bytesPerElement = Kind.BYTES_PER_ELEMENT;
    const pages = Math.ceil((capacity * bytesPerElement) / pageBytes);
    if (pages > maxPages) {
      throw new RangeError(`a column of ${capacity} elements of ${bytesPerElement} bytes exceeds 4 GiB`);
    }
    let memory = this.memory;
    if (memory === null) {
      memory = capacity * bytesPerElement < inPlaceFrom ? null : this.makeMemory(pages);
      const next =
        memory !== null
          ? this.inMemory(new Kind(memory.buffer, 0, capacity))
          : this.options.shared === true
            ? new Kind(new SharedArrayBuffer(capacity * bytesPerElement), 0, capacity)
            : new Kind(capacity);
      next.set(array);
      return next;
    }
    // Growing in place keeps what the memory holds: an array from elsewhere would be silently dropped. Checked
    // against the buffer last handed out: a shared memory may hand out a new object for the same buffer.
    if (array.buffer !== this.lastBuffer) {
      throw new Error(`ColumnMemory.grow: the array of ${array.length} elements does not live in this memory`);
    }
    const have = memory.buffer.byteLength / pageBytes;
    if (pages > have) memory.grow(pages - have);
    return this.inMemory(new Kind(memory.buffer, 0, capacity));
  }
}
