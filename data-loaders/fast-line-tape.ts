import {customerKeyBytes, orderBytes, type KeyNumbers, type NumberedLines} from "./fast-key-numbers.ts";
import {exclusionReasons, type ExclusionLedger, type ExclusionReason} from "./ledger.ts";
import type {OrderBook} from "./order-book.ts";
import type {RowSink} from "./row-sink.ts";
import type {DayNumber} from "./types.ts";

// Operations, each a code followed by its numbers in `ops` (and its doubles in `values`).
/** reason, line, lines; values: revenue. */
const EXCLUDE = 1;
/**
 * customer key number, country number, day, line, flags, then with ORDER_BYTES the order key's start and end in
 * `bytes`, then with CUSTOMER_BYTES the new customer key's start and end in `bytes`; values: revenue, units;
 * strings: the customer key (when new and not in `bytes`) and the country name that are new, in this order.
 * Without ORDER_BYTES the order is the line's day.
 */
const NUMBERED = 2;
/** day, line, purchase, numbered; values: revenue, units (and the order if numbered); strings: customer, country (and the order if not). */
const ADD = 3;
const AS_STRINGS = 4;

// NUMBERED's flags.
const PURCHASE = 1;
const NEW_CUSTOMER = 2;
const VALID_CUSTOMER = 4;
const NEW_COUNTRY = 8;
const ORDER_BYTES = 16;
/** The new customer key is in `bytes`, to be decoded by the replay. */
const CUSTOMER_BYTES = 32;
/** ... and all its bytes are ASCII. */
const ASCII_CUSTOMER = 64;

/** How many numbers the operation at `ops[at]` takes, its code included. */
function opLength(ops: Int32Array, at: number): number {
  const op = ops[at];
  if (op === NUMBERED) {
    const flags = ops[at + 5];
    return 6 + ((flags & ORDER_BYTES) !== 0 ? 2 : 0) + ((flags & CUSTOMER_BYTES) !== 0 ? 2 : 0);
  }
  return op === EXCLUDE ? 4 : op === ADD ? 5 : 1;
}

/** NUMBERED lines whose customers are read ahead together in a replay. */
const aheadLines = 256;

const reasons = Object.keys(exclusionReasons) as ExclusionReason[];
const reasonCode = new Map(reasons.map((reason, code) => [reason, code]));

/** What a tape holds, as it travels between threads: its arrays' buffers move, they are not copied. */
export interface TapeData {
  ops: ArrayBuffer;
  opsLength: number;
  values: ArrayBuffer;
  valuesLength: number;
  /** Order keys' bytes. */
  bytes: ArrayBuffer;
  bytesLength: number;
  strings: string[];
  /** Records the lines on the tape come from. */
  records: number;
}

/**
 * The calls a byte reader makes on the order book and the ledger, recorded in typed arrays so that a reader on
 * another thread can parse while this one fills the book: replayed in their order, they leave the book and the
 * ledger exactly as the calls themselves would.
 */
export class LineTape implements RowSink, NumberedLines {
  readonly book = {add: this.add.bind(this)};
  readonly ledger = {exclude: this.exclude.bind(this)};
  private ops: Int32Array;
  private opsLength = 0;
  private values: Float64Array;
  private valuesLength = 0;
  private bytes: Uint8Array;
  private bytesLength = 0;
  /** Where the order key handed over for the next line starts and ends in `bytes`. */
  private orderStart = 0;
  private orderEnd = 0;
  /** Where the new customer key handed over for the next line starts and ends in `bytes`, and if it is ASCII. */
  private customerStart = 0;
  private customerEnd = 0;
  private customerAscii = false;
  private strings: string[] = [];
  /** Countries whose names have been on a tape: the replaying side keeps them from tape to tape. */
  private countries = 0;
  records = 0;

  constructor(data?: TapeData) {
    this.ops = new Int32Array(data?.ops ?? new ArrayBuffer(1 << 16));
    this.values = new Float64Array(data?.values ?? new ArrayBuffer(1 << 16));
    this.bytes = new Uint8Array(data?.bytes ?? new ArrayBuffer(1 << 16));
  }

  /** The tape's contents, to be posted with `ops` and `values` transferred; the tape is empty afterwards. */
  take(): TapeData {
    const data = {
      ops: this.ops.buffer as ArrayBuffer,
      opsLength: this.opsLength,
      values: this.values.buffer as ArrayBuffer,
      valuesLength: this.valuesLength,
      bytes: this.bytes.buffer as ArrayBuffer,
      bytesLength: this.bytesLength,
      strings: this.strings,
      records: this.records
    };
    this.ops = new Int32Array(0);
    this.values = new Float64Array(0);
    this.bytes = new Uint8Array(0);
    this.opsLength = this.valuesLength = this.bytesLength = this.records = 0;
    this.strings = [];
    return data;
  }

  /** Starts writing again into the arrays of a tape that has been replayed. */
  reuse(data: TapeData): void {
    this.ops = new Int32Array(data.ops);
    this.values = new Float64Array(data.values);
    this.bytes = new Uint8Array(data.bytes);
  }

  get empty(): boolean {
    return this.opsLength === 0;
  }

  exclude(reason: ExclusionReason, line: number, revenue: number, lines = 1): void {
    const at = this.reserve(4, 1);
    const ops = this.ops;
    ops[at] = EXCLUDE;
    ops[at + 1] = reasonCode.get(reason)!;
    ops[at + 2] = line;
    ops[at + 3] = lines;
    this.values[this.valuesLength++] = revenue;
  }

  numbered(
    customer: number,
    customerKey: string | null,
    customerValid: boolean,
    order: number,
    _newOrder: boolean,
    _orderValid: boolean,
    country: number,
    countryName: string,
    day: DayNumber,
    values: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): void {
    if (order >= 0) throw new Error(`LineTape: line ${line} has a numbered order; orders travel as bytes`);
    const withOrder = order === orderBytes;
    const withCustomer = customerKey === customerKeyBytes;
    const o = this.reserve(6 + (withOrder ? 2 : 0) + (withCustomer ? 2 : 0), 2);
    let flags = purchase ? PURCHASE : 0;
    if (customerKey !== null) {
      flags |= NEW_CUSTOMER | (customerValid ? VALID_CUSTOMER : 0);
      if (withCustomer) flags |= CUSTOMER_BYTES | (this.customerAscii ? ASCII_CUSTOMER : 0);
      else this.strings.push(customerKey);
    }
    if (country === this.countries) {
      flags |= NEW_COUNTRY;
      this.strings.push(countryName);
      this.countries++;
    }
    const ops = this.ops;
    ops[o] = NUMBERED;
    ops[o + 1] = customer;
    ops[o + 2] = country;
    ops[o + 3] = day;
    ops[o + 4] = line;
    let next = o + 6;
    if (withOrder) {
      flags |= ORDER_BYTES;
      ops[next++] = this.orderStart;
      ops[next++] = this.orderEnd;
    }
    if (withCustomer) {
      ops[next] = this.customerStart;
      ops[next + 1] = this.customerEnd;
    }
    ops[o + 5] = flags;
    this.values[this.valuesLength++] = values[at];
    this.values[this.valuesLength++] = values[at + 1];
  }

  orderKey(buf: Buffer, start: number, end: number): void {
    this.orderStart = this.bytesLength;
    this.orderEnd = this.copyBytes(buf, start, end, end, end);
  }

  customerKey(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): void {
    this.customerStart = this.bytesLength;
    this.customerEnd = this.copyBytes(buf, aStart, aEnd, bStart, bEnd);
    let high = 0;
    const bytes = this.bytes;
    for (let i = this.customerStart; i < this.customerEnd; i++) high |= bytes[i];
    this.customerAscii = high < 0x80;
  }

  /** Appends `buf[aStart, aEnd) ++ buf[bStart, bEnd)` to `bytes`; returns where they end. */
  private copyBytes(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
    const length = aEnd - aStart + (bEnd - bStart);
    if (this.bytesLength + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(1 << 16, 2 * (this.bytesLength + length)));
      grown.set(this.bytes.subarray(0, this.bytesLength));
      this.bytes = grown;
    }
    // Byte by byte: keys are a few bytes, for which Buffer.copy's call costs more than the copy.
    const bytes = this.bytes;
    let at = this.bytesLength;
    for (let i = aStart; i < aEnd; i++) bytes[at++] = buf[i];
    for (let i = bStart; i < bEnd; i++) bytes[at++] = buf[i];
    return (this.bytesLength = at);
  }

  add(
    customerId: string,
    country: string,
    order: string | number,
    day: DayNumber,
    revenue: number,
    units: number,
    line: number,
    purchase: boolean
  ): void {
    const at = this.reserve(5, typeof order === "number" ? 3 : 2);
    const ops = this.ops;
    ops[at] = ADD;
    ops[at + 1] = day;
    ops[at + 2] = line;
    ops[at + 3] = purchase ? 1 : 0;
    // 1: the order is a number, in `values`; 0: it is text, in `strings`.
    ops[at + 4] = typeof order === "number" ? 1 : 0;
    this.values[this.valuesLength++] = revenue;
    this.values[this.valuesLength++] = units;
    this.strings.push(customerId, country);
    if (typeof order === "number") this.values[this.valuesLength++] = order;
    else this.strings.push(order);
  }

  linesAsStrings(): void {
    // Reserved first: `reserve` may replace `ops`.
    const at = this.reserve(1, 0);
    this.ops[at] = AS_STRINGS;
  }

  /** Room for `ops` more numbers and `values` more doubles; returns where the numbers go. */
  private reserve(ops: number, values: number): number {
    if (this.valuesLength + values > this.values.length) {
      const grown = new Float64Array(Math.max(1024, 2 * this.values.length));
      grown.set(this.values.subarray(0, this.valuesLength));
      this.values = grown;
    }
    if (this.opsLength + ops > this.ops.length) {
      const grown = new Int32Array(Math.max(4096, 2 * this.ops.length));
      grown.set(this.ops.subarray(0, this.opsLength));
      this.ops = grown;
    }
    const at = this.opsLength;
    this.opsLength += ops;
    return at;
  }
}

/**
 * Where a tape is replayed: lines with numbered customers go on to `numbers` (which numbers their orders and hands
 * them to the book), lines as strings to the book, exclusions to the ledger. `countries` carries the country names
 * from one tape to the next.
 */
export interface TapeTarget {
  book: OrderBook;
  ledger: ExclusionLedger;
  numbers: KeyNumbers;
  countries: string[];
}

/** Makes the calls recorded on `data` on `target`, in their order. */
export function replayTape(data: TapeData, target: TapeTarget): void {
  const ops = new Int32Array(data.ops, 0, data.opsLength);
  const values = new Float64Array(data.values, 0, data.valuesLength);
  const bytes = Buffer.from(data.bytes, 0, data.bytesLength);
  const {strings} = data;
  const {book, ledger, numbers, countries} = target;
  let v = 0;
  let s = 0;
  // Up to where the customers of NUMBERED lines have been read ahead.
  let ahead = 0;
  const customers = new Int32Array(aheadLines);
  for (let at = 0; at < ops.length;) {
    if (at >= ahead) {
      let count = 0;
      for (ahead = at; ahead < ops.length && count < aheadLines;) {
        if (ops[ahead] === NUMBERED && (ops[ahead + 5] & NEW_CUSTOMER) === 0) customers[count++] = ops[ahead + 1];
        ahead += opLength(ops, ahead);
      }
      numbers.prefetchNumbered(customers, count);
    }
    const op = ops[at];
    if (op === NUMBERED) {
      const flags = ops[at + 5];
      const withOrder = (flags & ORDER_BYTES) !== 0;
      let customerKey: string | null = null;
      if ((flags & CUSTOMER_BYTES) !== 0) {
        const key = at + (withOrder ? 8 : 6);
        // latin1 reads each byte as its own character: for ASCII, the UTF-8 text, without validating it.
        customerKey = bytes.toString((flags & ASCII_CUSTOMER) !== 0 ? "latin1" : "utf8", ops[key], ops[key + 1]);
      } else if ((flags & NEW_CUSTOMER) !== 0) customerKey = strings[s++];
      if ((flags & NEW_COUNTRY) !== 0) countries.push(strings[s++]);
      const country = ops[at + 2];
      numbers.queueNumbered(
        bytes,
        ops[at + 1],
        customerKey,
        (flags & VALID_CUSTOMER) !== 0,
        country,
        countries[country],
        withOrder ? ops[at + 6] : -1,
        withOrder ? ops[at + 7] : -1,
        ops[at + 3],
        values,
        v,
        ops[at + 4],
        (flags & PURCHASE) !== 0
      );
      v += 2;
    } else if (op === EXCLUDE) {
      ledger.exclude(reasons[ops[at + 1]], ops[at + 2], values[v++], ops[at + 3]);
    } else if (op === ADD) {
      const revenue = values[v++];
      const units = values[v++];
      const customerId = strings[s++];
      const country = strings[s++];
      const order = ops[at + 4] === 1 ? values[v++] : strings[s++];
      book.add(customerId, country, order, ops[at + 1], revenue, units, ops[at + 2], ops[at + 3] === 1);
    } else if (op === AS_STRINGS) {
      numbers.linesAsStrings();
    } else {
      throw new Error(`replayTape: unknown operation ${op} at ${at}`);
    }
    at += opLength(ops, at);
  }
  // The queued lines read their order keys from this tape's bytes, which go back to the reader thread.
  numbers.flush();
}
