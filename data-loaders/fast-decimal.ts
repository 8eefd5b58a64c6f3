import {parseDecimal} from "./numbers.ts";

const PLUS = 43;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
export const DOT = 46;
export const COMMA = 44;

/** 10^k for k ≤ 22: exact doubles, so that one division by them is correctly rounded. */
export const powersOfTen = Array.from({length: 23}, (_, k) => Number(`1e${k}`));

// Up to 15 digits the mantissa is an exact integer below 2^53: mantissa / 10^k is then one correctly rounded
// division, the same double that Number() reads from the text (Clinger's fast path).
export const maxExactDigits = 15;

/**
 * `parseDecimal` read straight from the bytes `buf[start, end)`, which must already be trimmed: the same
 * acceptance rules (optional sign, digits, at most one `mark` not in last place, nothing else) and the same double,
 * NaN when unparsable. Longer digit strings are handed to `parseDecimal` itself.
 *
 * The value is written to `out[at]`: a double returned from a call that the compiler does not inline is boxed on
 * the heap, which at two numbers a line costs more in garbage collection than the parsing itself.
 */
export function parseDecimalInto(
  buf: Buffer,
  start: number,
  end: number,
  mark: number,
  out: Float64Array,
  at: number
): void {
  // A single digit (units, quantities) is most lines' second number: a check small enough to be inlined.
  if (end - start === 1 && buf[start] >= ZERO && buf[start] <= NINE) out[at] = buf[start] - ZERO;
  else parseLongerDecimal(buf, start, end, mark, out, at);
}

function parseLongerDecimal(
  buf: Buffer,
  start: number,
  end: number,
  mark: number,
  out: Float64Array,
  at: number
): void {
  out[at] = NaN;
  if (start === end) return;
  let i = start;
  const first = buf[i];
  if (first === MINUS || first === PLUS) i++;
  let digits = 0;
  let markAt = -1;
  let mantissa = 0;
  for (; i < end; i++) {
    const code = buf[i];
    if (code >= ZERO && code <= NINE) {
      digits++;
      mantissa = mantissa * 10 + (code - ZERO);
    } else if (code === mark && markAt === -1) markAt = i;
    else return;
  }
  if (digits === 0 || markAt === end - 1) return;
  if (digits > maxExactDigits) {
    out[at] = parseLongDecimal(buf, start, end, mark);
    return;
  }
  const value = markAt === -1 ? mantissa : mantissa / powersOfTen[end - 1 - markAt];
  out[at] = first === MINUS ? -value : value;
}

/** Every byte is ASCII here, so latin1 decodes them as utf8 would. */
function parseLongDecimal(buf: Buffer, start: number, end: number, mark: number): number {
  return parseDecimal(buf.toString("latin1", start, end), mark === COMMA ? "," : ".");
}
