import {joinChunks, needsQuotes, putBytes, putCount, putPlainAscii, quoted, TextBytes} from "./text-bytes.ts";
import type {SegmentedCustomers} from "./segmented-customers.ts";
import type {SegmentSummary} from "./types.ts";

export const customersCsvHeader = "customer_id,country,recency_days,frequency,revenue,cluster,segment";

/** The customer → segment list: one row per customer, in the given order, numbers in plain decimal notation. */
export function formatCustomersCsv(customers: SegmentedCustomers, segments: SegmentSummary[]): string {
  return customersCsvBytes(customers, segments).toString("utf8");
}

/** `formatCustomersCsv` as UTF-8 bytes in one buffer. */
export function customersCsvBytes(customers: SegmentedCustomers, segments: SegmentSummary[]): Buffer {
  return joinChunks(customersCsvChunks(customers, segments));
}

/**
 * `formatCustomersCsv` as UTF-8 bytes, in chunks of about `chunkBytes`, made without a string per row: what
 * customers.csv is written from. The chunks share one buffer, so each is overwritten by the next: write or copy it
 * before asking for the next. A million rows then never exist at once, and the one buffer stays in the CPU's caches.
 */
export function* customersCsvChunks(
  customers: SegmentedCustomers,
  segments: SegmentSummary[],
  chunkBytes = 1 << 20
): Generator<Buffer> {
  const encoded = new Map<string, Uint8Array>();
  // Countries and segment names repeat on a million rows: each is quoted and encoded once.
  const bytesOf = (text: string) => {
    let bytes = encoded.get(text);
    if (bytes === undefined) encoded.set(text, (bytes = Buffer.from(csvField(text), "utf8")));
    return bytes;
  };
  const names = new Map(segments.map((segment) => [segment.cluster, bytesOf(segment.name)]));
  const out = new TextBytes(chunkBytes + 4096);
  out.text(customersCsvHeader + "\n");
  const {id, country, recencyDays, frequency, revenue, cluster} = customers.columns;
  let touched = 0;
  for (let i = 0; i < customers.length; i++) {
    if ((i & 255) === 0) touched += touchIds(id, i, Math.min(customers.length, i + 256));
    const idText = id[i];
    const countryBytes = bytesOf(country[i]);
    const c = cluster[i];
    const name = c >= 0 ? (names.get(c) ?? empty) : empty;
    const buf = out.room(idText.length + countryBytes.length + name.length + rowNumberBytes);
    const end = plainRow(buf, out.length, idText, countryBytes, recencyDays[i], frequency[i], revenue[i], c, name);
    if (end >= 0) out.commit(end);
    else fieldByField(out, idText, countryBytes, recencyDays[i], frequency[i], revenue[i], c, name);
    if (out.length >= chunkBytes) {
      yield out.bytes();
      out.clear();
    }
  }
  if (out.length > 0) yield out.bytes();
  // Keeps the reads of touchIds from being optimized away.
  if (touched < 0) throw new Error("customersCsvChunks: a negative length");
}

/**
 * Reads the lengths of `ids[from, to)`, and returns their sum: a million ids lie all over the heap, in the order
 * their customers were first seen, and rows list them in the order of the ids. Read in one tight loop, the cache
 * misses of a block of rows overlap; then writing the block finds them in the caches.
 */
function touchIds(ids: readonly string[], from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; i++) total += ids[i].length;
  return total;
}

/** Room for a row's numbers, commas and line break: three counts of 10 digits, revenue's 10 + 3, and 7. */
const rowNumberBytes = 50;

/**
 * Writes the row of the usual customer at `buf[at]` (room for `rowNumberBytes` and its texts) and returns where it
 * ends: a plain ASCII id, whole days and orders and cents within int32. Returns -1 for any other row, which
 * `fieldByField` writes. One check of room a row instead of one a field: the 1.1M rows of the 10M-line file were
 * written in 0.25–0.26 s instead of 0.31–0.34 s.
 */
function plainRow(
  buf: Buffer,
  at: number,
  id: string,
  country: Uint8Array,
  recencyDays: number,
  frequency: number,
  revenue: number,
  cluster: number,
  name: Uint8Array
): number {
  const cents = Math.round(revenue * 100);
  if (
    !((recencyDays | 0) === recencyDays && recencyDays >= 0) ||
    !((frequency | 0) === frequency && frequency >= 0) ||
    !((cents | 0) === cents && cents >= 0 && cents / 100 === revenue)
  )
    return -1;
  at = putPlainAscii(buf, at, id);
  if (at < 0) return -1;
  buf[at++] = comma;
  at = putBytes(buf, at, country);
  buf[at++] = comma;
  at = putCount(buf, at, recencyDays);
  buf[at++] = comma;
  at = putCount(buf, at, frequency);
  buf[at++] = comma;
  const fraction = cents % 100;
  at = putFraction(buf, putCount(buf, at, (cents - fraction) / 100), fraction);
  buf[at++] = comma;
  if (cluster >= 0) {
    at = putCount(buf, at, cluster);
    buf[at++] = comma;
    at = putBytes(buf, at, name);
  } else buf[at++] = comma;
  buf[at++] = newline;
  return at;
}

const comma = 44;
const newline = 10;
const empty = new Uint8Array(0);

/** `plainNumber(value, 0)`, with integers (days, orders) the common case. */
function wholeNumber(out: TextBytes, value: number): void {
  if (Number.isSafeInteger(value)) out.integer(value);
  else out.text(plainNumber(value, 0));
}

/**
 * `plainNumber(value, 2)`, from whole cents when `value` is the double nearest a number of cents (revenue is rounded
 * so): `toFixed` then prints exactly those cents.
 */
function money(out: TextBytes, value: number): void {
  const cents = Math.round(value * 100);
  if (!(Math.abs(cents) < 2 ** 50 && cents / 100 === value)) return out.text(plainNumber(value, 2));
  const magnitude = Math.abs(cents);
  const fraction = magnitude % 100;
  if (cents < 0) out.byte(45);
  out.integer((magnitude - fraction) / 100);
  out.commit(putFraction(out.room(3), out.length, fraction));
}

/** Writes ".cc" for `fraction` cents (0–99) at `buf[at]` (room for 3 bytes), and returns where it ends. */
function putFraction(buf: Uint8Array, at: number, fraction: number): number {
  buf[at] = 46;
  buf[at + 1] = 48 + ((fraction / 10) | 0);
  buf[at + 2] = 48 + (fraction % 10);
  return at + 3;
}

/** A row `plainRow` does not write (a quoted or non-ASCII id, numbers past its ranges), field by field. */
function fieldByField(
  out: TextBytes,
  id: string,
  country: Uint8Array,
  recencyDays: number,
  frequency: number,
  revenue: number,
  cluster: number,
  name: Uint8Array
): void {
  out.csvField(id);
  out.byte(comma);
  out.append(country);
  out.byte(comma);
  wholeNumber(out, recencyDays);
  out.byte(comma);
  wholeNumber(out, frequency);
  out.byte(comma);
  money(out, revenue);
  out.byte(comma);
  if (cluster >= 0) {
    out.integer(cluster);
    out.byte(comma);
    out.append(name);
  } else out.byte(comma);
  out.byte(newline);
}

/** Quotes a field when it holds a delimiter, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return needsQuotes(value) ? quoted(value) : value;
}

/** Fixed-point text, never exponent notation, and never "-0". */
export function plainNumber(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.charCodeAt(0) === 45 && Number(text) === 0 ? text.slice(1) : text;
}
