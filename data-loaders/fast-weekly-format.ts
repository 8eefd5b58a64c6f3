import {findColumn} from "./columns.ts";
import {parseWeekYear} from "./dates.ts";
import type {ByteLines} from "./fast-byte-lines.ts";
import {parseWeekYearBytes} from "./fast-dates.ts";
import {COMMA, DOT, parseDecimalInto} from "./fast-decimal.ts";
import {FieldBytes, parseRecordText, untrimmed} from "./fast-field-bytes.ts";
import {RepeatCache} from "./fast-repeat-cache.ts";
import type {RecordHandler} from "./fast-record-scanner.ts";
import {nextUsualField, readUsualDecimal, usualValueEnd} from "./fast-usual-fields.ts";
import {parseDecimal} from "./numbers.ts";
import type {RowParser, RowSink} from "./row-sink.ts";
import type {Delimiter} from "./types.ts";
import {createWeeklyParser} from "./weekly-format.ts";

const QUOTE = 34;
const ZERO = 48;
const NINE = 57;

// What `usualLine` reads each column as; 0 for a column it only steps over.
const COUNTRY = 1;
const ID = 2;
const WEEK = 3;
const REVENUE = 4;
const UNITS = 5;

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
  private readonly delimiterByte: number;
  /** Each column's kind, for `usualLine`. */
  private readonly kinds: Uint8Array;
  /** The last week `usualLine` read, as (week * 10000 + year) * 8 + the year's digits, and its day. */
  private lastWeek = -1;
  private lastWeekDay = NaN;

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
    this.delimiterByte = delimiter.charCodeAt(0);
    this.kinds = new Uint8Array(this.width);
    this.kinds[this.country] = COUNTRY;
    this.kinds[this.id] = ID;
    this.kinds[this.week] = WEEK;
    this.kinds[this.revenue] = REVENUE;
    this.kinds[this.units] = UNITS;
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

  /**
   * Reads the line at `start` in one pass if it is usual: every field usual (`fast-usual-fields.ts`: plain, or in
   * quotes with no quote or LF inside), nothing to trim, a country and an id, a week, revenue and units that parse
   * with no help from `parseDecimal` (up to 15 digits, a minus sign at most). Such a line is queued exactly as
   * `record` would queue it; returns where the next line starts. Any other line, including one `record` would
   * exclude, is left to the scanner and `record`: -1.
   */
  usualLine(buf: Buffer, start: number, end: number, line: number): number {
    const d = this.delimiterByte;
    const kinds = this.kinds;
    const width = this.width;
    const numbers = this.numbers;
    let countryStart = 0;
    let countryEnd = 0;
    let idStart = 0;
    let idEnd = 0;
    let day = NaN;
    let i = start;
    for (let column = 0; column < width; column++) {
      if (i >= end) return -1;
      const quoted = buf[i] === QUOTE;
      if (quoted) i++;
      const valueStart = i;
      const kind = kinds[column];
      if (kind === REVENUE || kind === UNITS) {
        // Scanned and parsed together, as `parseDecimalInto` parses: a mark is a comma in revenue, a dot in units.
        const mark = kind === REVENUE ? COMMA : DOT;
        i = readUsualDecimal(buf, i, end, mark, !quoted && mark === d, numbers, kind === REVENUE ? 0 : 1);
        if (i < 0) return -1;
      } else if (kind === WEEK) {
        // W.YYYY as `parseWeekYearBytes` takes it, one or two digits and one to four, read as numbers: the day is a
        // function of them, so a week like the last one is known without comparing its bytes.
        let week = 0;
        const weekStart = i;
        for (; i < end; i++) {
          const byte = buf[i];
          if (byte < ZERO || byte > NINE) break;
          week = week * 10 + byte - ZERO;
        }
        if (i === weekStart || i - weekStart > 2 || i >= end || buf[i] !== DOT) return -1;
        const yearStart = ++i;
        let year = 0;
        for (; i < end; i++) {
          const byte = buf[i];
          if (byte < ZERO || byte > NINE) break;
          year = year * 10 + byte - ZERO;
        }
        if (i === yearStart || i - yearStart > 4) return -1;
        const key = (week * 10000 + year) * 8 + (i - yearStart);
        if (key !== this.lastWeek) {
          this.lastWeek = key;
          this.lastWeekDay = parseWeekYearBytes(buf, valueStart, i);
        }
        day = this.lastWeekDay;
        if (Number.isNaN(day)) return -1;
      } else i = usualValueEnd(buf, i, end, d, quoted);
      const valueEnd = i;
      i = nextUsualField(buf, i, end, d, quoted, column === width - 1);
      if (i < 0) return -1;
      if (kind === COUNTRY || kind === ID) {
        if (!untrimmed(buf, valueStart, valueEnd)) return -1;
        if (kind === COUNTRY) {
          countryStart = valueStart;
          countryEnd = valueEnd;
        } else {
          idStart = valueStart;
          idEnd = valueEnd;
        }
      }
    }
    this.keyed.queue(
      buf,
      countryStart,
      countryEnd,
      idStart,
      idEnd,
      countryStart,
      countryEnd,
      -1,
      -1,
      day,
      numbers,
      0,
      line,
      true
    );
    return i;
  }

  irregular(buf: Buffer, start: number, stop: number, line: number): void {
    this.keyed.linesAsStrings();
    parseRecordText(this.reference, buf, start, stop, line, this.delimiter, this.file);
  }
}
