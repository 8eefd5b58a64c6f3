import {splitQuoted} from "./csv-reader.ts";
import {ESCAPED} from "./fast-record-scanner.ts";
import type {RowParser, RowSink} from "./row-sink.ts";
import type {Delimiter} from "./types.ts";

const SPACE = 32;
const TAB = 9;
const CARRIAGE_RETURN = 13;
const NON_ASCII = 0x80;

/**
 * Reads the fields of the record the scanner just found (bounds in `fields`, three numbers per field) as bytes,
 * the way the string parsers read `fields[k].trim()`.
 *
 * Trimming works on bytes for ASCII whitespace (tab, LF, VT, FF, CR, space: what `String.prototype.trim` removes
 * below U+0080). `trim` refuses, and callers decode the field with `text` and trim the string instead, when a
 * trimmed end is a non-ASCII byte, since it may belong to a character `trim` also removes (U+00A0, U+FEFF,
 * U+2000…), or when the field has `""` inside. Non-ASCII bytes inside a field are fine: the bytes are then a key
 * that decodes to one string, and number and date parsers reject them as the string parsers reject the characters.
 */
export class FieldBytes {
  /** The trimmed value of the field last passed to `trim`: `buf[start, end)`. */
  start = 0;
  end = 0;

  constructor(readonly fields: Int32Array) {}

  /** Trims field `k` into `start` and `end`; false when the trimmed value must come from `text(buf, k).trim()`. */
  trim(buf: Buffer, k: number): boolean {
    const fields = this.fields;
    const start = fields[3 * k];
    const end = fields[3 * k + 1];
    // Most fields start and end with an ASCII byte above the space: nothing to trim. This check is kept small so
    // that it is inlined into the record handlers; a call per field cost a tenth of a 10M-line read.
    if (
      start < end &&
      isAsciiAboveSpace(buf[start]) &&
      isAsciiAboveSpace(buf[end - 1]) &&
      fields[3 * k + 2] !== ESCAPED
    ) {
      this.start = start;
      this.end = end;
      return true;
    }
    return this.trimSpaces(buf, k);
  }

  private trimSpaces(buf: Buffer, k: number): boolean {
    const fields = this.fields;
    if (fields[3 * k + 2] === ESCAPED) return false;
    let start = fields[3 * k];
    let end = fields[3 * k + 1];
    while (start < end && isAsciiSpace(buf[start])) start++;
    while (end > start && isAsciiSpace(buf[end - 1])) end--;
    this.start = start;
    this.end = end;
    return start === end || (buf[start] < NON_ASCII && buf[end - 1] < NON_ASCII);
  }

  /** Field `k` as readCsv hands it over (before trimming). */
  text(buf: Buffer, k: number): string {
    const fields = this.fields;
    const value = buf.toString("utf8", fields[3 * k], fields[3 * k + 1]);
    return fields[3 * k + 2] === ESCAPED ? value.replaceAll('""', '"') : value;
  }

  /** `tallyMalformed` on bytes: true when the record is blank or does not have `width` fields, after tallying it. */
  tallyMalformed(buf: Buffer, count: number, width: number, line: number, sink: RowSink): boolean {
    if (count === width) return false;
    const blank = count === 1 && (this.trim(buf, 0) ? this.start === this.end : this.text(buf, 0).trim() === "");
    sink.ledger.exclude(blank ? "blank_line" : "malformed_line", line, 0);
    return true;
  }
}

/**
 * True when `buf[start, end)` is not empty and starts and ends with an ASCII byte above the space: nothing to trim,
 * as `FieldBytes.trim` would find. The one-pass readers (`usualLine`) take only such keys and dates.
 */
export function untrimmed(buf: Buffer, start: number, end: number): boolean {
  return start < end && isAsciiAboveSpace(buf[start]) && isAsciiAboveSpace(buf[end - 1]);
}

function isAsciiAboveSpace(byte: number): boolean {
  return byte > SPACE && byte < NON_ASCII;
}

function isAsciiSpace(byte: number): boolean {
  return byte === SPACE || (byte >= TAB && byte <= CARRIAGE_RETURN);
}

/** Hands a record the scanner could not split by itself to a string parser, as readCsv would have split it. */
export function parseRecordText(
  parse: RowParser,
  buf: Buffer,
  start: number,
  stop: number,
  line: number,
  delimiter: Delimiter,
  file: string
): void {
  const text = buf.toString("utf8", start, stop);
  parse(text.includes('"') ? splitQuoted(text, delimiter, file, line) : text.split(delimiter), line);
}
