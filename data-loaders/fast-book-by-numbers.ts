import {ColumnMemory} from "./fast-column-memory.ts";
import type {NumberedLines} from "./fast-key-numbers.ts";
import type {OrderBook} from "./order-book.ts";
import type {DayNumber} from "./types.ts";

// What is remembered of each customer key, `stride` numbers at `stride * key`.
/** The book's number of the customer. */
const CUSTOMER = 0;
/** The number of the country of all the key's lines so far, or MIXED. */
const COUNTRY = 1;
/** The entry of the key's latest line, and its order. */
const LAST_ENTRY = 2;
const LAST_ORDER = 3;
/** The highest order number among the key's entries. */
const MAX_ORDER = 4;
const stride = 5;

const MIXED = -1;
/** Below every order number (days are negative before 1970). */
const NO_ORDER = -2147483648;

/**
 * The order book's side of the byte readers: lines whose customer and order keys `KeyNumbers` has numbered go to the
 * book, mostly without the book's own lookups.
 *
 * While every line reaches the book through here with keys that are valid UTF-8 (`bytesOnly`), each customer and
 * order number has exactly one key, so what is remembered of a key knows all its customer's lines. Then a line
 * skips the book's lookups: an order above the customer's highest so far has no entry yet, a repeat of the
 * customer's latest order is that order's entry, and a line under the country of all the customer's lines so far
 * changes no country count. Only other lines, and all lines once a line has come as strings, take the book's way.
 */
export class BookByNumbers implements NumberedLines {
  private keys = new Int32Array(stride * 1024);
  private readonly keyMemory = new ColumnMemory();
  /**
   * The book's number of each order key, once lines may come as strings. Until then, order keys are the book's
   * orders, numbered alike, and the book holds no text of them: a 10M-line invoice file has 2.4M order numbers,
   * 85 MB as strings.
   */
  private orderOf: Int32Array | null = null;
  private readonly orderMemory = new ColumnMemory();
  /** Order keys seen. */
  private orders = 0;
  private bytesOnly = true;

  /** `orderText(o)` is the text of order key `o`. */
  constructor(
    private readonly book: OrderBook,
    private readonly orderText: (order: number) => string
  ) {}

  linesAsStrings(): void {
    this.stopBytesOnly();
  }

  /**
   * From now on lines may reach the book by the text of their keys, so the book learns the orders' texts, in the
   * order of their numbers, which it then numbers alike.
   */
  private stopBytesOnly(): void {
    if (!this.bytesOnly) return;
    this.bytesOnly = false;
    const orderOf = this.orderMemory.grow(new Int32Array(0), Math.max(1024, 2 * this.orders), Int32Array);
    for (let order = 0; order < this.orders; order++) {
      orderOf[order] = this.book.addOrder(this.orderText(order));
      if (orderOf[order] !== order) throw new Error(`BookByNumbers: order key ${order} became order ${orderOf[order]}`);
    }
    this.orderOf = orderOf;
  }

  /**
   * Reads what `numbered` will first read of the customer keys `keys[0, count)`, and returns a number of no meaning.
   * Called for the lines of a tape ahead of them: in one tight loop of independent reads, their cache misses overlap
   * (the keys of a million customers do not fit in the caches, and lines come in no order of customer).
   */
  prefetch(keys: Int32Array, count: number): number {
    const memory = this.keys;
    let touched = 0;
    for (let i = 0; i < count; i++) {
      const k = stride * keys[i];
      // Both ends: a key's numbers may straddle two cache lines. New keys have no numbers yet.
      if (k + stride <= memory.length) touched ^= memory[k + CUSTOMER] ^ memory[k + MAX_ORDER];
    }
    return touched;
  }

  numbered(
    key: number,
    customerKey: string | null,
    customerValid: boolean,
    orderKey: number,
    newOrder: boolean,
    orderValid: boolean,
    country: number,
    countryName: string,
    day: DayNumber,
    values: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): void {
    const {book} = this;
    const k = stride * key;
    let c: number;
    if (customerKey === null) {
      c = this.keys[k + CUSTOMER];
      const only = this.keys[k + COUNTRY];
      if (only !== country || !this.bytesOnly) {
        book.countCountry(c, countryName);
        if (only !== country) this.keys[k + COUNTRY] = MIXED;
      }
    } else {
      if (k + stride > this.keys.length) this.keys = this.keyMemory.grow(this.keys, 2 * this.keys.length, Int32Array);
      if (this.bytesOnly && customerValid) c = book.addCustomer(customerKey, countryName);
      else {
        // Other bytes (invalid UTF-8, or a line read as strings) may stand for the same key: its text decides.
        this.stopBytesOnly();
        c = book.customerNumber(customerKey, countryName);
      }
      const keys = this.keys;
      keys[k + CUSTOMER] = c;
      keys[k + COUNTRY] = book.hasOnlyCountry(c, countryName) ? country : MIXED;
      keys[k + LAST_ENTRY] = -1;
      keys[k + LAST_ORDER] = NO_ORDER;
      keys[k + MAX_ORDER] = NO_ORDER;
    }
    let o: number;
    if (orderKey < 0) o = day;
    else {
      if (newOrder) {
        // Keys are numbered as they come: the orders before this one are `orderKey` in all.
        if (!orderValid) this.stopBytesOnly();
        this.orders = orderKey + 1;
      }
      const orderOf = this.orderOf;
      if (orderOf === null) o = orderKey;
      else if (!newOrder) o = orderOf[orderKey];
      else {
        if (orderKey >= orderOf.length) {
          this.orderOf = this.orderMemory.grow(orderOf, 2 * orderOf.length, Int32Array);
        }
        o = this.orderOf![orderKey] = book.orderNumber(this.orderText(orderKey));
      }
    }
    if (!this.bytesOnly) {
      book.addLine(c, o, day, values[at], values[at + 1], line, purchase);
      return;
    }
    const keys = this.keys;
    let e: number;
    if (o > keys[k + MAX_ORDER]) {
      e = book.appendEntry(c, o, day, values, at, line, purchase);
      keys[k + MAX_ORDER] = o;
    } else if (o === keys[k + LAST_ORDER]) {
      e = keys[k + LAST_ENTRY];
      book.addToEntry(e, day, values, at, purchase);
    } else {
      e = book.addLine(c, o, day, values[at], values[at + 1], line, purchase);
    }
    keys[k + LAST_ENTRY] = e;
    keys[k + LAST_ORDER] = o;
  }
}
