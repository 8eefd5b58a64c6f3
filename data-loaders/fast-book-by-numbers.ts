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
  /** The book's order number of each order key. */
  private orderOf = new Int32Array(1024);
  private bytesOnly = true;

  constructor(private readonly book: OrderBook) {}

  linesAsStrings(): void {
    this.bytesOnly = false;
  }

  numbered(
    key: number,
    customerKey: string | null,
    customerValid: boolean,
    orderKey: number,
    orderText: string | null,
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
        this.bytesOnly = false;
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
    else if (orderText === null) o = this.orderOf[orderKey];
    else {
      if (orderKey >= this.orderOf.length) this.orderOf = grown(this.orderOf, orderKey + 1);
      if (this.bytesOnly && orderValid) o = book.addOrder(orderText);
      else {
        this.bytesOnly = false;
        o = book.orderNumber(orderText);
      }
      this.orderOf[orderKey] = o;
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

function grown(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(length, 2 * array.length));
  bigger.set(array);
  return bigger;
}
