import {findColumn} from "./columns.ts";
import {parseWeekYear} from "./dates.ts";
import type {ByteLines} from "./fast-byte-lines.ts";
import {parseWeekYearBytes} from "./fast-dates.ts";
import {COMMA, DOT, parseDecimalInto} from "./fast-decimal.ts";
import {FieldBytes, parseRecordText} from "./fast-field-bytes.ts";
import {RepeatCache} from "./fast-repeat-cache.ts";
import type {RecordHandler} from "./fast-record-scanner.ts";
import {parseDecimal} from "./numbers.ts";
import type {RowParser, RowSink} from "./row-sink.ts";
import type {Delimiter} from "./types.ts";
import {createWeeklyParser} from "./weekly-format.ts";

/**
 * `createWeeklyParser` on bytes: the same checks in the same order, so that each line lands under the same ledger
 * reason or in the same order-book entry. Records the scanner cannot split go to the string parser itself.
 */
export class WeeklyRecords implements RecordHandler {
  readonly fields: Int32Array;
  private readonly bytes: FieldBytes;
  private readonly reference: RowParser;
  /** Customer keys are country bytes + id bytes. */
  private readonly keyed: ByteLines;
  private readonly weeks = new RepeatCache(16);
  /** Where the line's amount and units are parsed to, in the order the book takes them. */
  private readonly numbers = new Float64Array(2);
  private readonly country: number;
  private readonly id: number;
  private readonly week: number;
  private readonly revenue: number;
  private readonly units: number;
  private readonly width: number;

  constructor(
    header: string[],
    private readonly file: string,
    private readonly delimiter: Delimiter,
    private readonly sink: RowSink,
    keyed: ByteLines
  ) {
    // Created first so that a missing column fails with the string parser's own error.
    this.reference = createWeeklyParser(header, file, sink);
    this.country = findColumn(header, ["country"], file, "country");
    this.id = findColumn(header, ["id"], file, "customer id");
    this.week = findColumn(header, ["week.year"], file, "week (W.YYYY)");
    this.revenue = findColumn(header, ["revenue"], file, "revenue");
    this.units = findColumn(header, ["units"], file, "units");
    this.width = header.length;
    this.fields = new Int32Array(3 * this.width);
    this.bytes = new FieldBytes(this.fields);
    this.keyed = keyed;
  }

  record(buf: Buffer, count: number, line: number): void {
    const {bytes, sink} = this;
    if (bytes.tallyMalformed(buf, count, this.width, line, sink)) return;
    const {book, ledger} = sink;
    const numbers = this.numbers;
    if (bytes.trim(buf, this.revenue)) parseDecimalInto(buf, bytes.start, bytes.end, COMMA, numbers, 0);
    else numbers[0] = parseDecimal(bytes.text(buf, this.revenue).trim(), ",");
    const amount = numbers[0];
    let idStart = 0;
    let idEnd = 0;
    let idText: string | null = null;
    if (bytes.trim(buf, this.id)) {
      idStart = bytes.start;
      idEnd = bytes.end;
      if (idStart === idEnd) return ledger.exclude("missing_customer_id", line, amount);
    } else {
      idText = bytes.text(buf, this.id).trim();
      if (idText === "") return ledger.exclude("missing_customer_id", line, amount);
    }
    if (Number.isNaN(amount)) return ledger.exclude("unparsable_amount", line, 0);
    let day: number;
    if (!bytes.trim(buf, this.week)) day = parseWeekYear(bytes.text(buf, this.week).trim());
    else if (this.weeks.matches(buf, bytes.start, bytes.end)) day = this.weeks.value;
    else day = this.weeks.remember(buf, bytes.start, bytes.end, parseWeekYearBytes(buf, bytes.start, bytes.end));
    if (Number.isNaN(day)) return ledger.exclude("unparsable_date", line, amount);
    if (bytes.trim(buf, this.units)) parseDecimalInto(buf, bytes.start, bytes.end, DOT, numbers, 1);
    else numbers[1] = parseDecimal(bytes.text(buf, this.units).trim());
    const quantity = numbers[1];
    if (Number.isNaN(quantity)) return ledger.exclude("unparsable_quantity", line, amount);
    if (bytes.trim(buf, this.country) && idText === null) {
      const {start, end} = bytes;
      this.keyed.queue(buf, start, end, idStart, idEnd, start, end, -1, -1, day, numbers, 0, line, true);
    } else {
      this.keyed.linesAsStrings();
      const country = bytes.text(buf, this.country).trim();
      book.add(
        country + (idText ?? buf.toString("utf8", idStart, idEnd)),
        country,
        day,
        day,
        amount,
        quantity,
        line,
        true
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
}
