import {findColumn} from "./columns.ts";
import {parseIsoDate, parseUsDateTime} from "./dates.ts";
import type {ByteLines} from "./fast-byte-lines.ts";
import {parseIsoDateBytes, parseUsDateTimeBytes} from "./fast-dates.ts";
import {DOT, parseDecimalInto} from "./fast-decimal.ts";
import {FieldBytes, parseRecordText} from "./fast-field-bytes.ts";
import {RepeatCache} from "./fast-repeat-cache.ts";
import type {RecordHandler} from "./fast-record-scanner.ts";
import {createInvoiceParser, invoiceColumns} from "./invoice-format.ts";
import {parseDecimal} from "./numbers.ts";
import type {RowParser, RowSink} from "./row-sink.ts";
import type {Settings} from "./settings.ts";
import type {Delimiter} from "./types.ts";

const UPPER_C = 67;
const LOWER_C = 99;
const LOWER_A = 97;
const LOWER_Z = 122;
const NON_ASCII = 0x80;

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
    if (bytes.trim(buf, this.date)) {
      const {start, end} = bytes;
      if (this.dates.matches(buf, start, end)) day = this.dates.value;
      else {
        day = parseUsDateTimeBytes(buf, start, end);
        if (Number.isNaN(day)) day = parseIsoDateBytes(buf, start, end);
        this.dates.remember(buf, start, end, day);
      }
    } else {
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
      numbers[2] = amount;
      numbers[3] = q;
      this.keyed.queue(
        buf,
        customerStart,
        customerEnd,
        customerEnd,
        customerEnd,
        bytes.start,
        bytes.end,
        invoiceStart,
        invoiceEnd,
        day,
        numbers,
        2,
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

  flush(): void {
    this.keyed.flush();
  }

  irregular(buf: Buffer, start: number, stop: number, line: number): void {
    this.keyed.linesAsStrings();
    parseRecordText(this.reference, buf, start, stop, line, this.delimiter, this.file);
  }

  /** `codes.has(stockCode.trim().toUpperCase())`, comparing bytes when the code is ASCII. */
  private isNonProduct(buf: Buffer, codes: Set<string>): boolean {
    const bytes = this.bytes;
    if (!bytes.trim(buf, this.stockCode)) return codes.has(bytes.text(buf, this.stockCode).trim().toUpperCase());
    const {start, end} = bytes;
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
