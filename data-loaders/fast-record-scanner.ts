import type {Delimiter} from "./types.ts";

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** A field without quotes: its bytes are its value. */
export const PLAIN = 0;
/** A field in quotes with no `""` inside: the bytes between the quotes are its value. */
export const QUOTED = 1;
/** A field in quotes with `""` inside: its value is the bytes between the quotes with each `""` read as `"`. */
export const ESCAPED = 2;

// A file whose lines are all unusual (say every amount with a plus sign) would have each line scanned twice, once by
// `usualLine` up to where it gives up: after this many misses in a row, records are split without it for a while.
// Measured on 1M weekly lines that all fail at their last field: the read took 0.52–0.57 s with a try at every line,
// 0.43–0.45 s with the pause, and 0.43–0.51 s before one-pass reading existed.
const usualMissesBeforePause = 8;
const usualPauseRecords = 256;

/** What the scanner hands each data record to. */
export interface RecordHandler {
  /**
   * A record whose fields are all plain or quoted from their first to their last byte. `count` is its number of
   * fields; the first `maxFields` of them are in the scanner's `fields`.
   */
  record(buf: Buffer, count: number, line: number): void;
  /**
   * Any other record (a quote inside an unquoted field, text after a closing quote): `buf[start, stop)` is the
   * record's text, which `splitQuoted` reads.
   */
  irregular(buf: Buffer, start: number, stop: number, line: number): void;
  /** Called before `scan` returns: the buffer of the records handed over may change after it. */
  flush(): void;
  /**
   * Optional: reads on its own, in one pass over its bytes, the record at `start` if it has the usual shape of the
   * handler's format: one line ending in LF, numbered `line`, that `end` does not cut. Returns where the next record
   * starts, or -1, having read nothing, for a record the scanner is to split and hand to `record` or `irregular` as
   * any other.
   */
  usualLine?(buf: Buffer, start: number, end: number, line: number): number;
}

/**
 * Finds records and their fields in raw bytes, with the record rules of `readCsv`: a record ends at the first LF
 * outside quotes (counting every quote byte, as readCsv does), one CR before it is dropped, and the last record
 * may lack its LF. Field bounds follow `splitQuoted`. Nothing is decoded: all the bytes it looks for are ASCII,
 * and UTF-8 never uses ASCII bytes inside a multi-byte character.
 */
export class RecordScanner {
  /** Physical line the next record starts on. */
  line: number;
  /** Records handed over so far. */
  records = 0;
  private readonly delimiter: number;
  /** 1 for the bytes that end a plain field (delimiter, LF) or make the record irregular (quote). */
  private readonly special = new Uint8Array(256);
  private readonly maxFields: number;
  /** Records in a row that `usualLine` was tried on and did not read. */
  private usualMisses = 0;
  /** Records to split before `usualLine` is tried again. */
  private usualPause = 0;

  /**
   * `fields` receives, per field, the start, end and kind (PLAIN, QUOTED, ESCAPED) of its value's bytes; its
   * length (three numbers a field) caps how many fields of a record are kept.
   */
  constructor(
    delimiter: Delimiter,
    readonly fields: Int32Array,
    firstLine: number,
    private readonly handler: RecordHandler
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.special[this.delimiter] = 1;
    this.special[LF] = 1;
    this.special[QUOTE] = 1;
    this.maxFields = Math.floor(fields.length / 3);
    this.line = firstLine;
  }

  /**
   * Hands over the complete records of `buf` from `from` on, and returns where the first incomplete one starts
   * (`buf.length` when none is). With `eof`, the bytes left are the last record, which needs no LF; it is left
   * unhandled only when it ends inside quotes, which readCsv reports as an error.
   */
  scan(buf: Buffer, from: number, eof: boolean): number {
    const at = this.scanRecords(buf, from, eof);
    this.handler.flush();
    return at;
  }

  private scanRecords(buf: Buffer, from: number, eof: boolean): number {
    const end = buf.length;
    const d = this.delimiter;
    const special = this.special;
    const fields = this.fields;
    const maxFields = this.maxFields;
    let start = from;
    const handler = this.handler;
    const usual = handler.usualLine !== undefined;
    while (start < end) {
      if (usual && this.usualPause === 0) {
        let handled = 0;
        while (true) {
          const next = handler.usualLine!(buf, start, end, this.line + handled);
          if (next < 0) break;
          handled++;
          start = next;
        }
        this.line += handled;
        this.records += handled;
        if (handled > 0) this.usualMisses = 0;
        else if (++this.usualMisses === usualMissesBeforePause) {
          this.usualMisses = 0;
          this.usualPause = usualPauseRecords;
        }
        if (start >= end) break;
      } else if (this.usualPause > 0) this.usualPause--;
      let i = start;
      let count = 0;
      let newlines = 0;
      // Where the record's text stops (before a CR LF or LF; needed by irregular records and to end a plain
      // field) and where the next record starts.
      let stop = -1;
      let next = -1;
      // Set when the record leaves the regular shape at byte `i`, with the quotes before `i` balanced.
      let irregular = false;
      while (true) {
        if (i < end && buf[i] === QUOTE) {
          const open = i++;
          let kind = QUOTED;
          while (true) {
            if (i >= end) return start;
            const byte = buf[i];
            if (byte === QUOTE) {
              if (i + 1 < end) {
                if (buf[i + 1] !== QUOTE) break;
                kind = ESCAPED;
                i += 2;
                continue;
              }
              if (!eof) return start;
              break;
            }
            if (byte === LF) newlines++;
            i++;
          }
          if (count < maxFields) {
            fields[3 * count] = open + 1;
            fields[3 * count + 1] = i;
            fields[3 * count + 2] = kind;
          }
          count++;
          i++;
          if (i >= end) {
            if (!eof) return start;
            next = end;
            break;
          }
          const byte = buf[i];
          if (byte === d) {
            i++;
            continue;
          }
          if (byte === LF) {
            next = i + 1;
            break;
          }
          if (byte === CR) {
            if (i + 1 >= end) {
              if (!eof) return start;
              next = end;
              break;
            }
            if (buf[i + 1] === LF) {
              next = i + 2;
              break;
            }
          }
          irregular = true;
          break;
        } else {
          const fieldStart = i;
          // One table lookup a byte finds the few bytes that end or spoil a plain field.
          while (i < end && special[buf[i]] === 0) i++;
          if (i >= end) {
            if (!eof) return start;
            stop = i > fieldStart && buf[i - 1] === CR ? i - 1 : i;
            next = end;
          } else {
            const byte = buf[i];
            if (byte === LF) {
              stop = i > fieldStart && buf[i - 1] === CR ? i - 1 : i;
              next = i + 1;
            } else if (byte === QUOTE) {
              irregular = true;
              break;
            }
          }
          if (count < maxFields) {
            fields[3 * count] = fieldStart;
            fields[3 * count + 1] = stop === -1 ? i : stop;
            fields[3 * count + 2] = PLAIN;
          }
          count++;
          if (stop !== -1) break;
          i++;
        }
      }
      const line = this.line;
      if (irregular) {
        // Only quote parity decides where such a record ends, as in readCsv.
        let inQuotes = false;
        for (; ; i++) {
          if (i >= end) {
            if (!eof || inQuotes) return start;
            stop = i > start && buf[i - 1] === CR ? i - 1 : i;
            next = end;
            break;
          }
          const byte = buf[i];
          if (byte === QUOTE) inQuotes = !inQuotes;
          else if (byte === LF) {
            if (!inQuotes) {
              stop = i > start && buf[i - 1] === CR ? i - 1 : i;
              next = i + 1;
              break;
            }
            newlines++;
          }
        }
        this.line += newlines + 1;
        this.records++;
        this.handler.irregular(buf, start, stop, line);
      } else {
        this.line += newlines + 1;
        this.records++;
        this.handler.record(buf, count, line);
      }
      start = next;
    }
    return start;
  }
}
