import {isUtf8} from "node:buffer";
import {ByteTable} from "./fast-byte-table.ts";
import {InternedStrings} from "./fast-interned-strings.ts";
import type {OrderBook} from "./order-book.ts";
import type {DayNumber} from "./types.ts";

// What a customer's record remembers, in its aux numbers.
/** The interned number of the country of all the customer's lines so far, or MIXED. */
const COUNTRY = 0;
/** The entry of the customer's latest line, and its order. */
const LAST_ENTRY = 1;
const LAST_ORDER = 2;
/** The highest order number among the customer's entries. */
const MAX_ORDER = 3;

const MIXED = -1;
/** Below every order number (days are negative before 1970). */
const NO_ORDER = -2147483648;
const NON_ASCII = 0x80;

/** Lines queued before their keys are looked up together. */
const batchSize = 256;

/**
 * The order book, with customers and order numbers found by the bytes of their keys: a key is decoded once, the
 * first time its bytes are seen, and a line's usual work happens in typed arrays.
 *
 * Lines are queued and applied in batches, in their order: first every key of the batch is hashed and its table
 * memory read, so that those reads overlap (looked up one by one, each would wait for memory in turn: the tables
 * of a few million keys do not fit in the caches), then the lines go to the book one by one as before. The book
 * and the ledger never read each other, so the ledger's lines can be tallied as they come.
 *
 * While every line reaches the book through here with keys that are valid UTF-8 (`bytesOnly`), each customer and
 * order number has exactly one key in the tables, so a customer's record knows all their lines. Then a line skips
 * the book's own lookups: an order above the customer's highest so far has no entry yet, a repeat of the
 * customer's latest order is that order's entry, and a line under the country of all the customer's lines so far
 * changes no country count. Only other lines, and all lines once a line has come as strings, take the book's way.
 */
export class BookByBytes {
  readonly countries = new InternedStrings();
  private readonly customers = new ByteTable(4);
  private readonly orders = new ByteTable();
  private bytesOnly = true;
  // The queued lines, all in `batchBuf`. An order start of -1 stands for an order numbered by the line's day.
  private batchBuf: Buffer | null = null;
  private queued = 0;
  private readonly keyBounds = new Int32Array(6 * batchSize);
  private readonly hashes = new Int32Array(2 * batchSize);
  /** Packed key words, four per key: customers at 8k, orders at 8k + 4. */
  private readonly words = new Int32Array(8 * batchSize);
  private readonly countryOf = new Int32Array(batchSize);
  private readonly dayOf = new Int32Array(batchSize);
  private readonly lineOf = new Int32Array(batchSize);
  private readonly purchaseOf = new Uint8Array(batchSize);
  /** Revenue and units of line k at 2k and 2k + 1. */
  private readonly values = new Float64Array(2 * batchSize);
  /** Where a two-part key is put together to be decoded. */
  private keyBytes = Buffer.alloc(64);
  /** Where the prefetching reads go, so that they are not optimized away. */
  private touched = 0;

  constructor(readonly book: OrderBook) {}

  /** To be called before a line reaches the book as strings (`add`, `customerNumber`…), bypassing this class. */
  linesAsStrings(): void {
    this.flush();
    this.bytesOnly = false;
  }

  /**
   * Queues a used line for the book: customer key `buf[aStart, aEnd) ++ buf[bStart, bEnd)`, country number
   * `country` (from `countries`), order number `buf[orderStart, orderEnd)` (or the day when `orderStart` is -1),
   * and revenue and units in `numbers[at]` and `numbers[at + 1]` (doubles passed as arguments may be boxed).
   */
  queue(
    buf: Buffer,
    aStart: number,
    aEnd: number,
    bStart: number,
    bEnd: number,
    country: number,
    orderStart: number,
    orderEnd: number,
    day: DayNumber,
    numbers: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): void {
    if (this.batchBuf !== buf) {
      this.flush();
      this.batchBuf = buf;
    }
    const n = this.queued++;
    const bounds = this.keyBounds;
    bounds[6 * n] = aStart;
    bounds[6 * n + 1] = aEnd;
    bounds[6 * n + 2] = bStart;
    bounds[6 * n + 3] = bEnd;
    bounds[6 * n + 4] = orderStart;
    bounds[6 * n + 5] = orderEnd;
    this.countryOf[n] = country;
    this.dayOf[n] = day;
    this.values[2 * n] = numbers[at];
    this.values[2 * n + 1] = numbers[at + 1];
    this.lineOf[n] = line;
    this.purchaseOf[n] = purchase ? 1 : 0;
    if (this.queued === batchSize) this.flush();
  }

  /** Applies the queued lines to the book; to be called before their buffer changes. */
  flush(): void {
    const buf = this.batchBuf;
    const n = this.queued;
    if (buf === null || n === 0) return;
    const {customers, orders, keyBounds: bounds, hashes, words} = this;
    let orderKeys = 0;
    for (let k = 0; k < n; k++) {
      hashes[2 * k] = customers.hash(
        buf,
        bounds[6 * k],
        bounds[6 * k + 1],
        bounds[6 * k + 2],
        bounds[6 * k + 3],
        words,
        8 * k
      );
      const orderStart = bounds[6 * k + 4];
      if (orderStart >= 0) {
        const orderEnd = bounds[6 * k + 5];
        hashes[2 * k + 1] = orders.hash(buf, orderStart, orderEnd, orderEnd, orderEnd, words, 8 * k + 4);
        orderKeys++;
      }
    }
    let touched = this.touched ^ customers.prefetch(hashes, 0, 2, n);
    // Order numbers are queued for all lines of a batch or for none (the format decides).
    if (orderKeys === n) touched ^= orders.prefetch(hashes, 1, 2, n);
    this.touched = touched;
    for (let k = 0; k < n; k++) this.apply(buf, k);
    this.queued = 0;
  }

  /**
   * Applies queued line `k`. A method of its own so that the compiler inlines the book's calls into it: a double
   * passed to a call that is not inlined is boxed on the heap, at two a line.
   */
  private apply(buf: Buffer, k: number): void {
    const {keyBounds: bounds, customers, book} = this;
    const country = this.countryOf[k];
    const record = this.customer(
      buf,
      bounds[6 * k],
      bounds[6 * k + 1],
      bounds[6 * k + 2],
      bounds[6 * k + 3],
      this.hashes[2 * k],
      8 * k,
      this.countries.strings[country],
      country
    );
    const orderStart = bounds[6 * k + 4];
    const day = this.dayOf[k];
    const o = orderStart < 0 ? day : this.order(buf, orderStart, bounds[6 * k + 5], this.hashes[2 * k + 1], 8 * k + 4);
    const c = customers.value(record);
    const purchase = this.purchaseOf[k] === 1;
    const line = this.lineOf[k];
    const values = this.values;
    if (!this.bytesOnly) {
      book.addLine(c, o, day, values[2 * k], values[2 * k + 1], line, purchase);
      return;
    }
    let e: number;
    if (o > customers.aux(record, MAX_ORDER)) {
      e = book.appendEntry(c, o, day, values, 2 * k, line, purchase);
      customers.setAux(record, MAX_ORDER, o);
    } else if (o === customers.aux(record, LAST_ORDER)) {
      e = customers.aux(record, LAST_ENTRY);
      book.addToEntry(e, day, values, 2 * k, purchase);
    } else {
      e = book.addLine(c, o, day, values[2 * k], values[2 * k + 1], line, purchase);
    }
    customers.setAux(record, LAST_ENTRY, e);
    customers.setAux(record, LAST_ORDER, o);
  }

  /** The record of the customer with this key (for `addLine`), with the line counted under `country`. */
  private customer(
    buf: Buffer,
    aStart: number,
    aEnd: number,
    bStart: number,
    bEnd: number,
    h: number,
    wordsAt: number,
    country: string,
    countryIndex: number
  ): number {
    const {customers, book} = this;
    const known = customers.find(buf, aStart, aEnd, bStart, bEnd, h, this.words, wordsAt);
    if (known >= 0) {
      const only = customers.aux(known, COUNTRY);
      if (only !== countryIndex || !this.bytesOnly) {
        book.countCountry(customers.value(known), country);
        if (only !== countryIndex) customers.setAux(known, COUNTRY, MIXED);
      }
      return known;
    }
    const key = this.decode(buf, aStart, aEnd, bStart, bEnd);
    let c: number;
    if (this.bytesOnly && isUtf8Key(buf, aStart, aEnd) && isUtf8Key(buf, bStart, bEnd)) {
      c = book.addCustomer(key, country);
    } else {
      // Other bytes (invalid UTF-8, or a line read as strings) may stand for the same key: its text decides.
      this.bytesOnly = false;
      c = book.customerNumber(key, country);
    }
    const record = customers.add(buf, aStart, aEnd, bStart, bEnd, c);
    customers.setAux(record, COUNTRY, book.hasOnlyCountry(c, country) ? countryIndex : MIXED);
    customers.setAux(record, LAST_ENTRY, -1);
    customers.setAux(record, LAST_ORDER, NO_ORDER);
    customers.setAux(record, MAX_ORDER, NO_ORDER);
    return record;
  }

  /** The text of the key `buf[aStart, aEnd) ++ buf[bStart, bEnd)`, decoded in one piece. */
  private decode(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): string {
    if (bStart === bEnd) return buf.toString("utf8", aStart, aEnd);
    const length = aEnd - aStart + (bEnd - bStart);
    if (this.keyBytes.length < length) this.keyBytes = Buffer.alloc(2 * length);
    const bytes = this.keyBytes;
    let at = 0;
    for (let i = aStart; i < aEnd; i++) bytes[at++] = buf[i];
    for (let i = bStart; i < bEnd; i++) bytes[at++] = buf[i];
    return bytes.toString("utf8", 0, length);
  }

  /** The book's number for the order number `buf[start, end)`, hashed into `h` and `words` at `wordsAt`. */
  private order(buf: Buffer, start: number, end: number, h: number, wordsAt: number): number {
    const {orders, book} = this;
    const known = orders.find(buf, start, end, end, end, h, this.words, wordsAt);
    if (known >= 0) return orders.value(known);
    const key = buf.toString("utf8", start, end);
    let o: number;
    if (this.bytesOnly && isUtf8Key(buf, start, end)) o = book.addOrder(key);
    else {
      this.bytesOnly = false;
      o = book.orderNumber(key);
    }
    orders.add(buf, start, end, end, end, o);
    return o;
  }
}

/** ASCII is checked inline; only keys with other bytes pay for the full check. */
function isUtf8Key(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (buf[i] >= NON_ASCII) return isUtf8(buf.subarray(start, end));
  }
  return true;
}
