import {dayFromCivil, isoWeekday, validDay} from "./dates.ts";
import type {DayNumber} from "./types.ts";

// The date formats of dates.ts read straight from trimmed bytes `buf[start, end)`, accepting exactly what the
// string parsers accept. Any byte outside ASCII fails every pattern here, as the non-ASCII character it belongs to
// fails the string parsers' digit and separator tests.

const ZERO = 48;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const SPACE = 32;
const DASH = 45;
const PLUS = 43;
const T = 84;
const Z = 90;

/** The digits of `buf[start, end)` as a number, or NaN if a byte is not a digit. */
function number(buf: Buffer, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = buf[i] - ZERO;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** `parseWeekYear` on bytes: `W.YYYY`, the year possibly cut short of trailing zeros (`1.202` is 2020). */
export function parseWeekYearBytes(buf: Buffer, start: number, end: number): DayNumber {
  let dot = start;
  while (dot < end && buf[dot] !== DOT) dot++;
  if (dot === start || dot >= end - 1) return NaN;
  const weekLength = dot - start;
  const yearLength = end - dot - 1;
  if (weekLength > 2 || yearLength > 4) return NaN;
  const week = number(buf, start, dot);
  const year = number(buf, dot + 1, end) * 10 ** (4 - yearLength);
  if (!(week <= 53 && year >= 1000)) return NaN;
  const january1 = dayFromCivil(year, 1, 1);
  if (week === 0) return january1 - (isoWeekday(january1) - 1);
  return january1 + ((8 - isoWeekday(january1)) % 7) + 7 * (week - 1);
}

/** `parseUsDateTime` on bytes: `m/d/yyyy` and an optional ` h:mm` or ` h:mm:ss`. */
export function parseUsDateTimeBytes(buf: Buffer, start: number, end: number): DayNumber {
  let slash1 = -1;
  let slash2 = -1;
  let space = -1;
  for (let i = start; i < end; i++) {
    const code = buf[i];
    if (code === SLASH) {
      if (slash1 === -1) slash1 = i;
      else if (slash2 === -1) slash2 = i;
    } else if (code === SPACE && slash2 !== -1) {
      space = i;
      break;
    }
  }
  if (slash1 < start + 1 || slash2 === -1) return NaN;
  if (slash1 - start > 2 || slash2 - slash1 > 3) return NaN;
  const yearEnd = space === -1 ? end : space;
  if (yearEnd - slash2 - 1 > 4 || yearEnd === slash2 + 1 || slash2 === slash1 + 1) return NaN;
  const month = number(buf, start, slash1);
  const day = number(buf, slash1 + 1, slash2);
  const year = number(buf, slash2 + 1, yearEnd);
  if (space !== -1 && !isClockTime(buf, space + 1, end)) return NaN;
  if (!(year >= 1000)) return NaN;
  return validDay(year, month, day);
}

/** `^\d{1,2}:\d{2}(?::\d{2})?$` */
function isClockTime(buf: Buffer, start: number, end: number): boolean {
  const colon = start + 1 < end && buf[start + 1] === COLON ? start + 1 : start + 2;
  if (colon >= end || buf[colon] !== COLON || Number.isNaN(number(buf, start, colon))) return false;
  const length = end - colon - 1;
  if (length !== 2 && length !== 5) return false;
  if (Number.isNaN(number(buf, colon + 1, colon + 3))) return false;
  return length === 2 || (buf[colon + 3] === COLON && !Number.isNaN(number(buf, colon + 4, end)));
}

/**
 * `parseIsoDate` on bytes: `YYYY-MM-DD`, then optionally `[T ]HH:MM`, `:SS`, `.fraction`, and `Z` or `±HH[[:]MM]`.
 * Every optional part starts with its own character, so reading left to right decides what the regex would.
 */
export function parseIsoDateBytes(buf: Buffer, start: number, end: number): DayNumber {
  if (end - start < 10 || buf[start + 4] !== DASH || buf[start + 7] !== DASH) return NaN;
  const year = number(buf, start, start + 4);
  const month = number(buf, start + 5, start + 7);
  const day = number(buf, start + 8, start + 10);
  let i = start + 10;
  if (i < end) {
    if ((buf[i] !== T && buf[i] !== SPACE) || end - i < 6 || buf[i + 3] !== COLON) return NaN;
    const hours = number(buf, i + 1, i + 3);
    const minutes = number(buf, i + 4, i + 6);
    let seconds = 0;
    i += 6;
    if (i < end && buf[i] === COLON) {
      if (end - i < 3) return NaN;
      seconds = number(buf, i + 1, i + 3);
      i += 3;
      if (i < end && buf[i] === DOT) {
        const fraction = ++i;
        while (i < end && buf[i] - ZERO >= 0 && buf[i] - ZERO <= 9) i++;
        if (i === fraction) return NaN;
      }
    }
    if (i < end) {
      const sign = buf[i];
      if (sign === Z) i++;
      else if (sign === PLUS || sign === DASH) {
        if (end - i < 3 || Number.isNaN(number(buf, i + 1, i + 3))) return NaN;
        i += 3;
        // Minutes may follow, after a colon or not; a colon must have them.
        const colon = i < end && buf[i] === COLON;
        if (colon) i++;
        if (colon || i < end) {
          if (end - i < 2 || Number.isNaN(number(buf, i, i + 2))) return NaN;
          i += 2;
        }
      } else return NaN;
    }
    if (i !== end || !(hours <= 23 && minutes <= 59 && seconds <= 60)) return NaN;
  }
  return validDay(year, month, day);
}
