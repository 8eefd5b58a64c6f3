import {findColumn} from "./columns.ts";
import {parseIsoDate, parseUsDateTime} from "./dates.ts";
import type {ByteLines} from "./fast-byte-lines.ts";
import {parseIsoDateBytes, parseUsDateTimeBytes} from "./fast-dates.ts";
import {DOT, parseDecimalInto} from "./fast-decimal.ts";
import {FieldBytes, parseRecordText, untrimmed} from "./fast-field-bytes.ts";
import {RepeatCache} from "./fast-repeat-cache.ts";
import type {RecordHandler} from "./fast-record-scanner.ts";
import {nextUsualField, readUsualDecimal, usualValueEnd} from "./fast-usual-fields.ts";
import {createInvoiceParser, invoiceColumns} from "./invoice-format.ts";
import {parseDecimal} from "./numbers.ts";
import type {RowParser, RowSink} from "./row-sink.ts";
import type {Settings} from "./settings.ts";
import type {Delimiter} from "./types.ts";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const UPPER_C = 67;
const LOWER_C = 99;
const LOWER_A = 97;
const LOWER_Z = 122;
const NON_ASCII = 0x80;

// What `usualLine` reads each column as; 0 for a column it only steps over.
const INVOICE = 1;
const STOCK_CODE = 2;
const QUANTITY = 3;
const DATE = 4;
const PRICE = 5;
const CUSTOMER = 6;
const COUNTRY = 7;

/**
 * `createInvoiceParser` on bytes: the same checks in the same order, so that each line lands under the same ledger
 * reason or in the same order-book entry. Records the scanner cannot split go to the string parser itself.
 */
export class InvoiceRecords implements RecordHandler {
  readonly fields: Int32Array;
  private readonly bytes: FieldBytes;
  private readonly reference: RowParser;
  private readonly keyed: ByteLines;
  private readonly dates = new RepeatCache(32);
  /** Quantity and price as parsed, then revenue and units as the book takes them. */
  private readonly numbers = new Float64Array(4);
  private readonly invoice: number;
  private readonly stockCode: number;
  private readonly quantity: number;
  private readonly date: number;
  private readonly price: number;
  private readonly customer: number;
  private readonly country: number;
  private readonly width: number;
  private readonly excludeCancellations: boolean;
  private readonly nonProductCodes: Set<string> | null;
  /** The codes of `nonProductCodes` that are ASCII, as bytes; only they can equal an upper-cased ASCII code. */
  private readonly asciiNonProductCodes: Uint8Array[];
  private readonly delimiterByte: number;
  /** Each column's kind, for `usualLine`. */
  private readonly kinds: Uint8Array;
  /** The start and end of the value of the last usual line's column of each kind at 2 kind, 2 kind + 1. */
  private readonly bounds = new Int32Array(2 * (COUNTRY + 1));
  /** Where `plainBefore` found the next quote and CR; -1 when not looked for in this buffer. */
  private quoteAt = -1;
  private carriageReturnAt = -1;

  constructor(
    header: string[],
    private readonly file: string,
    private readonly delimiter: Delimiter,
    settings: Settings,
    private readonly sink: RowSink,
    keyed: ByteLines
  ) {
    // Created first so that a missing column fails with the string parser's own error.
    this.reference = createInvoiceParser(header, file, settings, sink);
    this.invoice = findColumn(header, invoiceColumns.invoice, file, "invoice number");
    this.stockCode = findColumn(header, invoiceColumns.stockCode, file, "stock code");
    this.quantity = findColumn(header, invoiceColumns.quantity, file, "quantity");
    this.date = findColumn(header, invoiceColumns.date, file, "invoice date");
    this.price = findColumn(header, invoiceColumns.price, file, "unit price");
    this.customer = findColumn(header, invoiceColumns.customer, file, "customer id");
    this.country = findColumn(header, invoiceColumns.country, file, "country");
    this.width = header.length;
    this.delimiterByte = delimiter.charCodeAt(0);
    this.kinds = new Uint8Array(this.width);
    this.kinds[this.invoice] = INVOICE;
    this.kinds[this.stockCode] = STOCK_CODE;
    this.kinds[this.quantity] = QUANTITY;
    this.kinds[this.date] = DATE;
    this.kinds[this.price] = PRICE;
    this.kinds[this.customer] = CUSTOMER;
    this.kinds[this.country] = COUNTRY;
    this.fields = new Int32Array(3 * this.width);
    this.bytes = new FieldBytes(this.fields);
    this.keyed = keyed;
    this.excludeCancellations = settings.cancellations === "exclude";
    this.nonProductCodes =
      settings.nonProduct === "exclude" ? new Set(settings.nonProductCodes.map((code) => code.toUpperCase())) : null;
    this.asciiNonProductCodes = [...(this.nonProductCodes ?? [])]
      .filter((code) => /^[\0-\x7f]*$/.test(code))
      .map((code) => Buffer.from(code, "latin1"));
  }

  record(buf: Buffer, count: number, line: number): void {
    const {bytes, sink} = this;
    if (bytes.tallyMalformed(buf, count, this.width, line, sink)) return;
    const {book, ledger} = sink;
    const numbers = this.numbers;
    if (bytes.trim(buf, this.quantity)) parseDecimalInto(buf, bytes.start, bytes.end, DOT, numbers, 0);
    else numbers[0] = parseDecimal(bytes.text(buf, this.quantity).trim());
    if (bytes.trim(buf, this.price)) parseDecimalInto(buf, bytes.start, bytes.end, DOT, numbers, 1);
    else numbers[1] = parseDecimal(bytes.text(buf, this.price).trim());
    const q = numbers[0];
    const p = numbers[1];
    const amount = q * p;
    let customerStart = 0;
    let customerEnd = 0;
    let customerText: string | null = null;
    if (bytes.trim(buf, this.customer)) {
      customerStart = bytes.start;
      customerEnd = bytes.end;
      if (customerStart === customerEnd) return ledger.exclude("missing_customer_id", line, amount);
    } else {
      customerText = bytes.text(buf, this.customer).trim();
      if (customerText === "") return ledger.exclude("missing_customer_id", line, amount);
    }
    let invoiceStart = 0;
    let invoiceEnd = 0;
    let invoiceText: string | null = null;
    let first: number;
    if (bytes.trim(buf, this.invoice)) {
      invoiceStart = bytes.start;
      invoiceEnd = bytes.end;
      first = invoiceStart < invoiceEnd ? buf[invoiceStart] : -1;
    } else {
      invoiceText = bytes.text(buf, this.invoice).trim();
      first = invoiceText.charCodeAt(0);
    }
    const cancelled = first === UPPER_C || first === LOWER_C;
    if (cancelled && this.excludeCancellations) return ledger.exclude("cancellation", line, amount);
    if (Number.isNaN(q)) return ledger.exclude("unparsable_quantity", line, 0);
    if (Number.isNaN(p)) return ledger.exclude("unparsable_price", line, 0);
    let day: number;
    if (bytes.trim(buf, this.date)) day = this.dayOf(buf, bytes.start, bytes.end);
    else {
      const dateText = bytes.text(buf, this.date).trim();
      day = parseUsDateTime(dateText);
      if (Number.isNaN(day)) day = parseIsoDate(dateText);
    }
    if (Number.isNaN(day)) return ledger.exclude("unparsable_date", line, amount);
    if (this.nonProductCodes !== null && this.isNonProduct(buf, this.nonProductCodes)) {
      return ledger.exclude("non_product_code", line, amount);
    }
    if (this.excludeCancellations) {
      if (q <= 0) return ledger.exclude("non_positive_quantity", line, amount);
      if (p <= 0) return ledger.exclude("non_positive_price", line, amount);
    }
    const purchase = !cancelled && q > 0 && p > 0;
    if (bytes.trim(buf, this.country) && customerText === null && invoiceText === null) {
      const {start, end} = bytes;
      this.queueLine(
        buf,
        customerStart,
        customerEnd,
        start,
        end,
        invoiceStart,
        invoiceEnd,
        day,
        amount,
        q,
        line,
        purchase
      );
    } else {
      this.keyed.linesAsStrings();
      const country = bytes.text(buf, this.country).trim();
      const customer = customerText ?? buf.toString("utf8", customerStart, customerEnd);
      book.add(
        customer,
        country,
        invoiceText ?? buf.toString("utf8", invoiceStart, invoiceEnd),
        day,
        amount,
        q,
        line,
        purchase
      );
    }
  }

  /** The day of the trimmed date `buf[start, end)`, US or ISO, or NaN; a date like the last one is not parsed again. */
  private dayOf(buf: Buffer, start: number, end: number): number {
    if (this.dates.matches(buf, start, end)) return this.dates.value;
    let day = parseUsDateTimeBytes(buf, start, end);
    if (Number.isNaN(day)) day = parseIsoDateBytes(buf, start, end);
    return this.dates.remember(buf, start, end, day);
  }

  flush(): void {
    this.keyed.flush();
    // The scanner's next bytes may be in the same buffer.
    this.quoteAt = this.carriageReturnAt = -1;
  }

  /**
   * Reads the line at `start` in one pass if it is usual: every field usual (`fast-usual-fields.ts`: plain, or in
   * quotes with no quote or LF inside), nothing to trim in the invoice number, customer id, country and date (nor in
   * the stock code, when non-product codes are excluded), and a quantity and a price that parse with no help from
   * `parseDecimal` (up to 15 digits, a minus sign at most). Such a line is queued, or tallied under its ledger
   * reason, exactly as `record` would queue or tally it (a line without a customer id, a fifth of UCI Online
   * Retail's, is usual too); returns where the next line starts. Any other line, including one whose date does not
   * parse, is left to the scanner and `record`: -1.
   */
  usualLine(buf: Buffer, start: number, end: number, line: number): number {
    const lineEnd = buf.indexOf(LF, start);
    if (lineEnd < 0 || lineEnd >= end) return -1;
    let next = lineEnd < this.plainBefore(buf, start, end) ? this.plainLine(buf, start, lineEnd) : -1;
    if (next < 0) next = this.quotedLine(buf, start, end);
    return next < 0 ? -1 : this.usualRecord(buf, line, next);
  }

  /**
   * Where the first quote or CR at or after `start` is in `buf[0, end)` (`end` when there is none). Found by
   * `indexOf` once for many lines, not byte by byte in each: a line before it is plain, its fields split by the
   * delimiter alone (`plainLine`). Forgotten when the scanner's buffer changes (`flush`).
   */
  private plainBefore(buf: Buffer, start: number, end: number): number {
    if (this.quoteAt < start) this.quoteAt = indexIn(buf, QUOTE, start, end);
    if (this.carriageReturnAt < start) this.carriageReturnAt = indexIn(buf, CR, start, end);
    return Math.min(this.quoteAt, this.carriageReturnAt);
  }

  /**
   * Splits the line `buf[start, lineEnd)`, which has no quote or CR, at its delimiters, reading the quantity and
   * price as it goes; returns where the next line starts, or -1 when its fields are not usual.
   */
  private plainLine(buf: Buffer, start: number, lineEnd: number): number {
    const d = this.delimiterByte;
    const kinds = this.kinds;
    const last = this.width - 1;
    const bounds = this.bounds;
    let i = start;
    for (let column = 0; column <= last; column++) {
      const valueStart = i;
      const kind = kinds[column];
      if (kind === QUANTITY || kind === PRICE) {
        i = readUsualDecimal(buf, i, lineEnd, DOT, d === DOT, this.numbers, kind === QUANTITY ? 0 : 1);
        if (i < 0) return -1;
      } else while (i < lineEnd && buf[i] !== d) i++;
      bounds[2 * kind] = valueStart;
      bounds[2 * kind + 1] = i;
      // Each field but the last ends at a delimiter, the last at the line's end.
      if (column < last ? i >= lineEnd || buf[i] !== d : i !== lineEnd) return -1;
      i++;
    }
    return i;
  }

  /**
   * Splits the line at `start` with usual fields in quotes allowed and a CR LF at its end; returns where the next
   * line starts, or -1 when the line is not so.
   */
  private quotedLine(buf: Buffer, start: number, end: number): number {
    const d = this.delimiterByte;
    const kinds = this.kinds;
    const last = this.width - 1;
    const bounds = this.bounds;
    let i = start;
    for (let column = 0; column <= last; column++) {
      if (i >= end) return -1;
      const quoted = buf[i] === QUOTE;
      if (quoted) i++;
      const valueStart = i;
      const kind = kinds[column];
      if (kind === QUANTITY || kind === PRICE) {
        i = readUsualDecimal(buf, i, end, DOT, !quoted && d === DOT, this.numbers, kind === QUANTITY ? 0 : 1);
        if (i < 0) return -1;
      } else i = usualValueEnd(buf, i, end, d, quoted);
      bounds[2 * kind] = valueStart;
      bounds[2 * kind + 1] = i;
      i = nextUsualField(buf, i, end, d, quoted, column === last);
      if (i < 0) return -1;
    }
    return i;
  }

  /**
   * Queues or tallies the line whose fields `plainLine` or `quotedLine` found, with the checks of `record` in its
   * order; returns `next`, or -1 when the line is one for `record` after all.
   */
  private usualRecord(buf: Buffer, line: number, next: number): number {
    const bounds = this.bounds;
    const numbers = this.numbers;
    const q = numbers[0];
    const p = numbers[1];
    const amount = q * p;
    const ledger = this.sink.ledger;
    const customerStart = bounds[2 * CUSTOMER];
    const customerEnd = bounds[2 * CUSTOMER + 1];
    if (customerStart === customerEnd) {
      ledger.exclude("missing_customer_id", line, amount);
      return next;
    }
    const invoiceStart = bounds[2 * INVOICE];
    const invoiceEnd = bounds[2 * INVOICE + 1];
    if (!untrimmed(buf, customerStart, customerEnd) || !untrimmed(buf, invoiceStart, invoiceEnd)) return -1;
    const first = buf[invoiceStart];
    const cancelled = first === UPPER_C || first === LOWER_C;
    if (cancelled && this.excludeCancellations) {
      ledger.exclude("cancellation", line, amount);
      return next;
    }
    const dateStart = bounds[2 * DATE];
    const dateEnd = bounds[2 * DATE + 1];
    if (!untrimmed(buf, dateStart, dateEnd)) return -1;
    const day = this.dayOf(buf, dateStart, dateEnd);
    if (Number.isNaN(day)) return -1;
    if (this.nonProductCodes !== null) {
      const stockStart = bounds[2 * STOCK_CODE];
      const stockEnd = bounds[2 * STOCK_CODE + 1];
      if (!untrimmed(buf, stockStart, stockEnd)) return -1;
      if (this.isNonProductCode(buf, stockStart, stockEnd, this.nonProductCodes)) {
        ledger.exclude("non_product_code", line, amount);
        return next;
      }
    }
    if (this.excludeCancellations) {
      if (q <= 0) {
        ledger.exclude("non_positive_quantity", line, amount);
        return next;
      }
      if (p <= 0) {
        ledger.exclude("non_positive_price", line, amount);
        return next;
      }
    }
    const countryStart = bounds[2 * COUNTRY];
    const countryEnd = bounds[2 * COUNTRY + 1];
    if (!untrimmed(buf, countryStart, countryEnd)) return -1;
    const purchase = !cancelled && q > 0 && p > 0;
    this.queueLine(
      buf,
      customerStart,
      customerEnd,
      countryStart,
      countryEnd,
      invoiceStart,
      invoiceEnd,
      day,
      amount,
      q,
      line,
      purchase
    );
    return next;
  }

  /**
   * Queues a used line, as `record` and `usualLine` find it: its customer id, country and invoice number are the bytes
   * of `buf` between the bounds given (the customer key is the id alone), with the line's revenue and units.
   */
  private queueLine(
    buf: Buffer,
    customerStart: number,
    customerEnd: number,
    countryStart: number,
    countryEnd: number,
    invoiceStart: number,
    invoiceEnd: number,
    day: number,
    amount: number,
    quantity: number,
    line: number,
    purchase: boolean
  ): void {
    const numbers = this.numbers;
    numbers[2] = amount;
    numbers[3] = quantity;
    this.keyed.queue(
      buf,
      customerStart,
      customerEnd,
      customerEnd,
      customerEnd,
      countryStart,
      countryEnd,
      invoiceStart,
      invoiceEnd,
      day,
      numbers,
      2,
      line,
      purchase
    );
  }

  irregular(buf: Buffer, start: number, stop: number, line: number): void {
    this.keyed.linesAsStrings();
    parseRecordText(this.reference, buf, start, stop, line, this.delimiter, this.file);
  }

  /** `codes.has(stockCode.trim().toUpperCase())`, comparing bytes when the code is ASCII. */
  private isNonProduct(buf: Buffer, codes: Set<string>): boolean {
    const bytes = this.bytes;
    if (!bytes.trim(buf, this.stockCode)) return codes.has(bytes.text(buf, this.stockCode).trim().toUpperCase());
    return this.isNonProductCode(buf, bytes.start, bytes.end, codes);
  }

  /** `codes.has(code.toUpperCase())` for the trimmed code `buf[start, end)`. */
  private isNonProductCode(buf: Buffer, start: number, end: number, codes: Set<string>): boolean {
    for (let i = start; i < end; i++) {
      if (buf[i] >= NON_ASCII) return codes.has(buf.toString("utf8", start, end).toUpperCase());
    }
    search: for (const code of this.asciiNonProductCodes) {
      if (code.length !== end - start) continue;
      for (let j = 0; j < code.length; j++) {
        const byte = buf[start + j];
        if ((byte >= LOWER_A && byte <= LOWER_Z ? byte - 32 : byte) !== code[j]) continue search;
      }
      return true;
    }
    return false;
  }
}

/** The first `byte` of `buf[start, end)`, or `end`. */
function indexIn(buf: Buffer, byte: number, start: number, end: number): number {
  const at = buf.indexOf(byte, start);
  return at < 0 || at > end ? end : at;
}
