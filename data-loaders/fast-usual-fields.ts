import {maxExactDigits, powersOfTen} from "./fast-decimal.ts";

// The fields of the one-pass readers (`usualLine` of the weekly and invoice formats). A usual field is plain, or in
// quotes with no quote or LF inside; a plain one has no CR either. Anything else makes its line one for the scanner.

const LF = 10;
const CR = 13;
const QUOTE = 34;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/**
 * Where the value of the field from `start` stops: a plain one at the first delimiter `d`, LF, quote or CR, one in
 * quotes (`start` just past its opening quote) at the first quote or LF.
 */
export function usualValueEnd(buf: Buffer, start: number, end: number, d: number, quoted: boolean): number {
  let i = start;
  if (quoted) {
    while (i < end) {
      const byte = buf[i];
      if (byte === QUOTE || byte === LF) break;
      i++;
    }
  } else {
    while (i < end) {
      const byte = buf[i];
      if (byte === d || byte === LF || byte === QUOTE || byte === CR) break;
      i++;
    }
  }
  return i;
}

/**
 * Reads the number at `buf[start, …)` into `out[slot]` as `parseDecimalInto` reads it with the decimal mark `mark`
 * (a minus sign at most, then up to 15 digits with at most one mark, not in last place), up to the first byte that
 * is neither a digit nor the mark; with `markEnds` (a plain field whose mark is also the delimiter) the mark ends it
 * too. Returns where it stopped, or -1 when it is not a number so read.
 */
export function readUsualDecimal(
  buf: Buffer,
  start: number,
  end: number,
  mark: number,
  markEnds: boolean,
  out: Float64Array,
  slot: number
): number {
  let i = start;
  const negative = i < end && buf[i] === MINUS;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let markAt = -1;
  for (; i < end; i++) {
    const byte = buf[i];
    if (byte >= ZERO && byte <= NINE) {
      mantissa = mantissa * 10 + (byte - ZERO);
      digits++;
    } else if (byte === mark && markAt === -1 && !markEnds) markAt = i;
    else break;
  }
  if (digits === 0 || digits > maxExactDigits || markAt === i - 1) return -1;
  const value = markAt === -1 ? mantissa : mantissa / powersOfTen[i - 1 - markAt];
  out[slot] = negative ? -value : value;
  return i;
}

/**
 * Where the next field starts, after a usual field's value that stopped at `i`: past its closing quote when
 * `quoted`, then the delimiter `d`, or for the `last` field of the line its LF or CR LF. -1 when the bytes there are
 * not so, or the buffer ends first.
 */
export function nextUsualField(buf: Buffer, i: number, end: number, d: number, quoted: boolean, last: boolean): number {
  if (i >= end) return -1;
  if (quoted) {
    if (buf[i] !== QUOTE || ++i >= end) return -1;
  }
  const byte = buf[i];
  if (!last) return byte === d ? i + 1 : -1;
  if (byte === LF) return i + 1;
  return byte === CR && i + 1 < end && buf[i + 1] === LF ? i + 2 : -1;
}
