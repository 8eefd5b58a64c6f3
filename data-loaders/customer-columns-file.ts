import {SegmentedCustomers} from "./segmented-customers.ts";
import {TextBytes} from "./text-bytes.ts";

// The customers of a cached segmentation, as bytes. As JSON records they took about 119 characters a customer in
// one string, and V8 cannot make a string of more than about 537M characters: a site build on some 4.5M customers
// would fail. As columns they are written in chunks, read back without a parse, and exact: every bit of every
// number comes back, -0 and NaN included, which JSON does not promise (strings come back as their UTF-8 encoding
// decodes: the same, but for lone surrogates, which no id read from a file holds).
//
// Layout: a 16-byte header (magic, byte order, customer count), the four number columns as float64, the clusters as
// int32, then the string columns: ids as a list, countries and reasons as a list of their distinct values followed
// by one int32 index per customer (-1: null).

const magic = "SEGCOL01";
/** Written in the machine's byte order and read back as 1 only in the same order. */
const byteOrderMark = 1;
const headerBytes = 16;
const numberColumns = ["recencyDays", "frequency", "revenue", "units"] as const;
const nullString = -1;
const chunkBytes = 1 << 20;

/**
 * A `SegmentedCustomers` as the chunks of its column file, in order. A chunk may be overwritten by the next: write
 * or copy it before asking for the next.
 */
export function* customerColumnChunks(customers: SegmentedCustomers): Generator<Uint8Array> {
  const {columns, length} = customers;
  const header = new Uint8Array(headerBytes);
  header.set(Buffer.from(magic, "latin1"));
  new Uint32Array(header.buffer, 8, 2).set([byteOrderMark, length]);
  yield header;
  for (const name of numberColumns) yield bytesOf(columns[name]);
  yield bytesOf(columns.cluster);
  yield* stringListChunks(columns.id);
  yield* dictionaryChunks(columns.country);
  yield* dictionaryChunks(columns.reason);
}

/** Bytes that are not a customer column file, or not a whole one. */
export class ColumnFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ColumnFileError";
  }
}

/**
 * The customers of a column file's bytes; throws a `ColumnFileError` naming `file` when they are not one. The
 * number columns are views of `bytes` where aligned, not copies: the caller must not reuse or change the buffer.
 */
export function readCustomerColumns(bytes: Uint8Array, file: string): SegmentedCustomers {
  const reader = new ColumnReader(bytes, file);
  const n = reader.header();
  const number = () => reader.typed(n, Float64Array);
  const recencyDays = number();
  const frequency = number();
  const revenue = number();
  const units = number();
  const cluster = reader.typed(n, Int32Array);
  // Ids and countries are never null: their readers refuse a null, so the casts hold.
  const id = reader.stringList("id", n, false) as string[];
  const country = reader.dictionary("country", n, false) as string[];
  const reason = reader.dictionary("reason", n);
  reader.end();
  return new SegmentedCustomers({id, country, recencyDays, frequency, revenue, units, cluster, reason});
}

function bytesOf(array: Float64Array | Int32Array | Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** A count, one int32 length per string (-1: null), then the strings' UTF-8 bytes, in chunks of about 1 MB. */
function* stringListChunks(strings: readonly (string | null)[]): Generator<Uint8Array> {
  const n = strings.length;
  const lengths = new Int32Array(n + 1);
  lengths[0] = n;
  for (let i = 0; i < n; i++) {
    const text = strings[i];
    lengths[i + 1] = text === null ? nullString : Buffer.byteLength(text, "utf8");
  }
  yield bytesOf(lengths);
  const out = new TextBytes(chunkBytes + 4096);
  for (const text of strings) {
    if (text === null) continue;
    out.text(text);
    if (out.length >= chunkBytes) {
      yield out.bytes();
      out.clear();
    }
  }
  if (out.length > 0) yield out.bytes();
}

/** The distinct values as a string list, then one int32 index into it per entry (-1: null). */
function* dictionaryChunks(strings: readonly (string | null)[]): Generator<Uint8Array> {
  const indexOf = new Map<string, number>();
  const values: string[] = [];
  const indices = new Int32Array(strings.length);
  for (let i = 0; i < strings.length; i++) {
    const text = strings[i];
    if (text === null) {
      indices[i] = nullString;
      continue;
    }
    let index = indexOf.get(text);
    if (index === undefined) {
      indexOf.set(text, (index = values.length));
      values.push(text);
    }
    indices[i] = index;
  }
  yield* stringListChunks(values);
  yield bytesOf(indices);
}

class ColumnReader {
  private at = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string
  ) {}

  /** The customer count. */
  header(): number {
    const found = Buffer.from(this.take(8)).toString("latin1");
    if (found !== magic) this.fail(`${JSON.stringify(found)} where ${JSON.stringify(magic)} was expected`, 0);
    const [mark, n] = this.typed(2, Uint32Array);
    if (mark !== byteOrderMark) this.fail(`byte order mark ${mark}: the file was written in the other byte order`, 8);
    return n;
  }

  /**
   * `n` numbers: a view of the file's bytes where they are aligned for the array's type (the number columns of a
   * file read whole are), else a copy.
   */
  typed<T extends Float64Array | Int32Array | Uint32Array>(
    n: number,
    Type: {
      new (n: number): T;
      new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
      BYTES_PER_ELEMENT: number;
    }
  ): T {
    const bytes = this.take(n * Type.BYTES_PER_ELEMENT);
    if (bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0) return new Type(bytes.buffer, bytes.byteOffset, n);
    const array = new Type(n);
    bytesOf(array).set(bytes);
    return array;
  }

  /** A string list of `expected` strings, or of any number when it is undefined; null strings only if `nullable`. */
  stringList(column: string, expected?: number, nullable = true): (string | null)[] {
    const countAt = this.at;
    const n = this.typed(1, Int32Array)[0];
    if (n < 0 || (expected !== undefined && n !== expected))
      this.fail(`${n} ${column} values where ${expected ?? "a count"} was expected`, countAt);
    const lengthsAt = this.at;
    const lengths = this.typed(n, Int32Array);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const length = lengths[i];
      if (length < nullString || (length === nullString && !nullable))
        this.fail(`${length === nullString ? "a null" : `a length of ${length} for a`} ${column}`, lengthsAt + 4 * i);
      if (length > 0) total += length;
    }
    const text = this.take(total);
    const buffer = Buffer.from(text.buffer, text.byteOffset, text.length);
    const strings = new Array<string | null>(n);
    for (let i = 0, at = 0; i < n; i++) {
      const length = lengths[i];
      strings[i] = length === nullString ? null : buffer.toString("utf8", at, (at += length));
    }
    return strings;
  }

  dictionary(column: string, n: number, nullable = true): (string | null)[] {
    const values = this.stringList(column, undefined, false);
    const indicesAt = this.at;
    const indices = this.typed(n, Int32Array);
    const strings = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const index = indices[i];
      if (index < (nullable ? nullString : 0) || index >= values.length)
        this.fail(`${column} index ${index} of ${values.length}`, indicesAt + 4 * i);
      strings[i] = index === nullString ? null : values[index];
    }
    return strings;
  }

  end(): void {
    if (this.at !== this.bytes.length) this.fail(`${this.bytes.length - this.at} bytes after the last column`);
  }

  private fail(found: string, at = this.at): never {
    throw new ColumnFileError(`${this.file}: not a customer column file: found ${found} at byte ${at}`);
  }

  private take(length: number): Uint8Array {
    if (this.at + length > this.bytes.length)
      this.fail(`the end of the file where ${length} more bytes were expected`, this.bytes.length);
    const taken = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return taken;
  }
}
