import {isUtf8} from "node:buffer";
import type {ByteLines} from "./fast-byte-lines.ts";
import {ByteTable} from "./fast-byte-table.ts";
import {InternedStrings} from "./fast-interned-strings.ts";
import type {DayNumber} from "./types.ts";

const NON_ASCII = 0x80;

/** Lines queued before their keys are looked up together. */
const batchSize = 256;

/** Where `KeyNumbers` sends each line, with its keys numbered. */
export interface NumberedLines {
  /**
   * A used line of the customer numbered `customer` and the order numbered `order` (-1: the order is the day); keys
   * are numbered in the order of their first lines. A customer key's first line brings its text (null on later
   * lines; `customerKeyBytes` when its bytes came through `customerKey`); an order key's first line says it is new, and its text is decoded only if asked for (`orderText`): a
   * book that numbers orders as they come never needs it. Both say whether their bytes are valid UTF-8 (bytes
   * that are not may decode to the text of another key). `country` numbers `countryName`; revenue and units are
   * `values[at]` and `values[at + 1]`.
   */
  numbered(
    customer: number,
    customerKey: string | null,
    customerValid: boolean,
    order: number,
    newOrder: boolean,
    orderValid: boolean,
    country: number,
    countryName: string,
    day: DayNumber,
    values: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): void;
  /** Lines from now on may also reach the book as strings. */
  linesAsStrings(): void;
  /**
   * Reads ahead what `numbered` will read for the customers `customers[0, count)` of lines to come, so that their
   * cache misses overlap; returns a number of no meaning.
   */
  prefetch?(customers: Int32Array, count: number): number;
  /**
   * The bytes `buf[start, end)` of the order key of the next `numbered` line, which comes with the order
   * `orderBytes`: a `KeyNumbers` that leaves orders to be numbered elsewhere hands their keys on so.
   */
  orderKey?(buf: Buffer, start: number, end: number): void;
  /**
   * The bytes `buf[aStart, aEnd) ++ buf[bStart, bEnd)` of the new customer key of the next `numbered` line, which
   * comes with the key `customerKeyBytes`. A sink that has it is handed new customer keys as bytes, undecoded: a
   * reader thread leaves their decoding to the thread that replays its tapes, which has time to spare.
   */
  customerKey?(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): void;
}

/** `numbered`'s order for a line whose order key came just before, through `orderKey`. */
export const orderBytes = -2;

/**
 * `numbered`'s customer key for a new key whose bytes came just before, through `customerKey`. No key is empty
 * (lines without a customer id are excluded before they are numbered), so it stands for no key's text.
 */
export const customerKeyBytes = "";

/**
 * Numbers the customers and orders of lines by the bytes of their keys: a key is hashed and found in a table of
 * bytes, and decoded only the first time it is seen, so that a line's usual work happens in typed arrays.
 *
 * Lines are queued and numbered in batches, in their order: first every key of the batch is hashed and its table
 * memory read, so that those reads overlap (looked up one by one, each would wait for memory in turn: the tables
 * of a few million keys do not fit in the caches), then the lines go on one by one.
 *
 * It keeps no state of the book, so it can run on a reader thread while the book fills on another. Read on two
 * threads, the reader's `KeyNumbers` numbers the customers and hands order keys over as bytes, and the book's
 * numbers those orders, its lines coming with their customers numbered (`queueNumbered`).
 */
export class KeyNumbers implements ByteLines {
  private readonly countries = new InternedStrings();
  private readonly customers = new ByteTable();
  private readonly orders = new ByteTable();
  // The queued lines, all in `batchBuf`. An order start of -1 stands for an order numbered by the line's day.
  private batchBuf: Buffer | null = null;
  private queued = 0;
  private readonly keyBounds = new Int32Array(6 * batchSize);
  private readonly hashes = new Int32Array(2 * batchSize);
  /** Packed key words, four per key: customers at 8k, orders at 8k + 4. */
  private readonly words = new Int32Array(8 * batchSize);
  private readonly countryOf = new Int32Array(batchSize);
  private readonly countryNameOf: string[] = new Array<string>(batchSize).fill("");
  /** For lines whose customer came numbered (`queueNumbered`): the key's text when new, and its validity. */
  private readonly customerKeyOf: (string | null)[] = new Array<string | null>(batchSize).fill(null);
  private readonly customerValidOf = new Uint8Array(batchSize);
  private readonly dayOf = new Int32Array(batchSize);
  private readonly lineOf = new Int32Array(batchSize);
  private readonly purchaseOf = new Uint8Array(batchSize);
  /** Revenue and units of line k at 2k and 2k + 1. */
  private readonly values = new Float64Array(2 * batchSize);
  /** Where a two-part key is put together to be decoded. */
  private keyBytes = Buffer.alloc(64);
  /** Where the prefetching reads go, so that they are not optimized away. */
  private touched = 0;

  /**
   * With `numberOrders` false, order keys are not numbered here but handed on as bytes (`NumberedLines.orderKey`),
   * for a reader thread to leave that half of the work to the book's thread.
   */
  constructor(
    private readonly sink: NumberedLines,
    private readonly numberOrders = true
  ) {}

  linesAsStrings(): void {
    this.flush();
    this.sink.linesAsStrings();
  }

  queue(
    buf: Buffer,
    aStart: number,
    aEnd: number,
    bStart: number,
    bEnd: number,
    countryStart: number,
    countryEnd: number,
    orderStart: number,
    orderEnd: number,
    day: DayNumber,
    numbers: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): void {
    const country = this.countries.index(buf, countryStart, countryEnd);
    const name = this.countries.strings[country];
    const n = this.enqueue(buf, orderStart, orderEnd, country, name, day, numbers, at, line, purchase);
    const bounds = this.keyBounds;
    bounds[6 * n] = aStart;
    bounds[6 * n + 1] = aEnd;
    bounds[6 * n + 2] = bStart;
    bounds[6 * n + 3] = bEnd;
    if (this.queued === batchSize) this.flush();
  }

  /**
   * Queues a line whose customer was numbered elsewhere (`customerKey` is the key's text on its first line, else
   * null) and whose order key is `buf[orderStart, orderEnd)` (or the day when `orderStart` is -1).
   */
  queueNumbered(
    buf: Buffer,
    customer: number,
    customerKey: string | null,
    customerValid: boolean,
    country: number,
    countryName: string,
    orderStart: number,
    orderEnd: number,
    day: DayNumber,
    numbers: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): void {
    if (orderStart < 0 && this.queued === 0) {
      // Nothing to look up, nothing queued before it: straight on.
      this.sink.numbered(
        customer,
        customerKey,
        customerValid,
        -1,
        false,
        true,
        country,
        countryName,
        day,
        numbers,
        at,
        line,
        purchase
      );
      return;
    }
    const n = this.enqueue(buf, orderStart, orderEnd, country, countryName, day, numbers, at, line, purchase);
    // A customer start of -1 stands for a customer numbered elsewhere, its number in place of the end.
    this.keyBounds[6 * n] = -1;
    this.keyBounds[6 * n + 1] = customer;
    this.customerKeyOf[n] = customerKey;
    this.customerValidOf[n] = customerValid ? 1 : 0;
    if (this.queued === batchSize) this.flush();
  }

  /**
   * Takes the next place in the batch for a line of `buf` and fills in all but its customer key; returns the place.
   * The caller fills in the key, then numbers the batch if it is full.
   */
  private enqueue(
    buf: Buffer,
    orderStart: number,
    orderEnd: number,
    country: number,
    countryName: string,
    day: DayNumber,
    numbers: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): number {
    if (this.batchBuf !== buf) {
      this.flush();
      this.batchBuf = buf;
    }
    const n = this.queued++;
    this.keyBounds[6 * n + 4] = orderStart;
    this.keyBounds[6 * n + 5] = orderEnd;
    this.countryOf[n] = country;
    this.countryNameOf[n] = countryName;
    this.dayOf[n] = day;
    this.values[2 * n] = numbers[at];
    this.values[2 * n + 1] = numbers[at + 1];
    this.lineOf[n] = line;
    this.purchaseOf[n] = purchase ? 1 : 0;
    return n;
  }

  flush(): void {
    const buf = this.batchBuf;
    const n = this.queued;
    if (buf === null || n === 0) return;
    const {customers, orders, keyBounds: bounds, hashes, words} = this;
    let customerKeys = 0;
    let orderKeys = 0;
    const numberOrders = this.numberOrders;
    for (let k = 0; k < n; k++) {
      if (bounds[6 * k] >= 0) {
        hashes[2 * k] = customers.hash(
          buf,
          bounds[6 * k],
          bounds[6 * k + 1],
          bounds[6 * k + 2],
          bounds[6 * k + 3],
          words,
          8 * k
        );
        customerKeys++;
      }
      const orderStart = bounds[6 * k + 4];
      if (orderStart >= 0 && numberOrders) {
        const orderEnd = bounds[6 * k + 5];
        hashes[2 * k + 1] = orders.hash(buf, orderStart, orderEnd, orderEnd, orderEnd, words, 8 * k + 4);
        orderKeys++;
      }
    }
    // Keys are queued for all lines of a batch or for none (the format, and where the lines come from, decide).
    let touched = this.touched;
    if (customerKeys === n) touched ^= customers.prefetch(hashes, 0, 2, n);
    if (orderKeys === n) touched ^= orders.prefetch(hashes, 1, 2, n);
    this.touched = touched;
    this.queued = 0;
    for (let k = 0; k < n; k++) this.number(buf, k);
  }

  /** Numbers the keys of queued line `k` and hands it on. */
  private number(buf: Buffer, k: number): void {
    const {keyBounds: bounds, customers, orders, words} = this;
    const aStart = bounds[6 * k];
    const aEnd = bounds[6 * k + 1];
    const bStart = bounds[6 * k + 2];
    const bEnd = bounds[6 * k + 3];
    let customerKey: string | null = null;
    let customerValid = true;
    let record: number;
    if (aStart < 0) {
      record = aEnd;
      customerKey = this.customerKeyOf[k];
      customerValid = this.customerValidOf[k] === 1;
      this.customerKeyOf[k] = null;
    } else {
      record = customers.find(buf, aStart, aEnd, bStart, bEnd, this.hashes[2 * k], words, 8 * k);
      if (record < 0) {
        if (this.sink.customerKey === undefined) customerKey = this.decode(buf, aStart, aEnd, bStart, bEnd);
        else {
          this.sink.customerKey(buf, aStart, aEnd, bStart, bEnd);
          customerKey = customerKeyBytes;
        }
        customerValid = isUtf8Key(buf, aStart, aEnd) && isUtf8Key(buf, bStart, bEnd);
        record = customers.add(buf, aStart, aEnd, bStart, bEnd);
      }
    }
    const orderStart = bounds[6 * k + 4];
    let order = -1;
    let newOrder = false;
    let orderValid = true;
    if (orderStart >= 0 && !this.numberOrders) {
      this.sink.orderKey!(buf, orderStart, bounds[6 * k + 5]);
      order = orderBytes;
    } else if (orderStart >= 0) {
      const orderEnd = bounds[6 * k + 5];
      order = orders.find(buf, orderStart, orderEnd, orderEnd, orderEnd, this.hashes[2 * k + 1], words, 8 * k + 4);
      if (order < 0) {
        newOrder = true;
        orderValid = isUtf8Key(buf, orderStart, orderEnd);
        order = orders.add(buf, orderStart, orderEnd, orderEnd, orderEnd);
      }
    }
    const country = this.countryOf[k];
    this.sink.numbered(
      record,
      customerKey,
      customerValid,
      order,
      newOrder,
      orderValid,
      country,
      this.countryNameOf[k],
      this.dayOf[k],
      this.values,
      2 * k,
      this.lineOf[k],
      this.purchaseOf[k] === 1
    );
  }

  /** `NumberedLines.prefetch` of the sink, for lines that will come through `queueNumbered`. */
  prefetchNumbered(customers: Int32Array, count: number): void {
    if (this.sink.prefetch !== undefined) this.touched ^= this.sink.prefetch(customers, count);
  }

  /** The text of the order key numbered `order`. */
  orderText(order: number): string {
    return this.orders.keyText(order);
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
}

/** ASCII is checked inline; only keys with other bytes pay for the full check. */
function isUtf8Key(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (buf[i] >= NON_ASCII) return isUtf8(buf.subarray(start, end));
  }
  return true;
}
