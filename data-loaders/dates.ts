import type {DayNumber} from "./types.ts";

// Dates are whole days counted from 1970-01-01 in the calendar as written: no time zone can shift a purchase to
// another day, and recency is an exact integer.

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Hinnant's days_from_civil). */
export function dayFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDay(dayNumber: DayNumber): {year: number; month: number; day: number} {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

export function isoFromDay(dayNumber: DayNumber): string {
  const {year, month, day} = civilFromDay(dayNumber);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Validated calendar day, or NaN: 2023-02-29 and month 13 are not dates. */
export function validDay(year: number, month: number, day: number): DayNumber {
  if (!(year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1)) return NaN;
  if (day > daysInMonth(year, month)) return NaN;
  return dayFromCivil(year, month, day);
}

/** Monday = 1 … Sunday = 7. */
export function isoWeekday(dayNumber: DayNumber): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/**
 * The seed's `W.YYYY` week: the Monday of week W in the `%Y%W-%w` sense (week 1 starts on the year's first Monday,
 * week 0 is the week before). The year went through a float, so trailing zeros were lost: `1.202` is week 1 of
 * 2020 and is read by padding the year back to four digits.
 */
export function parseWeekYear(text: string): DayNumber {
  const dot = text.indexOf(".");
  if (dot <= 0 || dot === text.length - 1) return NaN;
  const weekText = text.slice(0, dot);
  const yearText = text.slice(dot + 1);
  if (!/^\d{1,2}$/.test(weekText) || !/^\d{1,4}$/.test(yearText)) return NaN;
  const week = Number(weekText);
  const year = Number(yearText.padEnd(4, "0"));
  if (week > 53 || year < 1000) return NaN;
  const january1 = dayFromCivil(year, 1, 1);
  // Week 0 is the Monday on or before January 1st (strptime's rule, also when January 1st is itself a Monday).
  if (week === 0) return january1 - (isoWeekday(january1) - 1);
  const firstMonday = january1 + ((8 - isoWeekday(january1)) % 7);
  return firstMonday + 7 * (week - 1);
}

/** ISO 8601 calendar dates, optionally with a time and offset: `2011-12-09`, `2011-12-09T12:50:00Z`. */
export function parseIsoDate(text: string): DayNumber {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(text);
  if (!match) return NaN;
  if (match[4] !== undefined && !validTime(Number(match[4]), Number(match[5]), Number(match[6] ?? 0))) return NaN;
  return validDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

function validTime(hours: number, minutes: number, seconds: number): boolean {
  return hours <= 23 && minutes <= 59 && seconds <= 60;
}

/** UCI Online Retail's `m/d/yyyy h:mm`, parsed by hand because it is the hot path of invoice files. */
export function parseUsDateTime(text: string): DayNumber {
  const slash1 = text.indexOf("/");
  const slash2 = text.indexOf("/", slash1 + 1);
  if (slash1 < 1 || slash2 < 0) return NaN;
  const space = text.indexOf(" ", slash2 + 1);
  const month = digits(text, 0, slash1);
  const day = digits(text, slash1 + 1, slash2);
  const year = digits(text, slash2 + 1, space === -1 ? text.length : space);
  if (space !== -1 && !/^\d{1,2}:\d{2}(?::\d{2})?$/.test(text.slice(space + 1))) return NaN;
  if (slash2 - slash1 > 3 || slash1 > 2 || year < 1000) return NaN;
  return validDay(year, month, day);
}

function digits(text: string, start: number, end: number): number {
  if (end <= start || end - start > 4) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return NaN;
    value = value * 10 + code;
  }
  return value;
}

const tokenPatterns: Record<string, string> = {
  YYYY: "(?<year>\\d{4})",
  YY: "(?<year2>\\d{2})",
  MM: "(?<month>\\d{2})",
  M: "(?<month>\\d{1,2})",
  DD: "(?<day>\\d{2})",
  D: "(?<day>\\d{1,2})",
  HH: "(?<hour>\\d{2})",
  H: "(?<hour>\\d{1,2})",
  mm: "(?<minute>\\d{2})",
  ss: "(?<second>\\d{2})"
};

/** Tokens documented in the README, longest first so that `YYYY` wins over `YY`. */
export const dateFormatTokens = Object.keys(tokenPatterns);

/**
 * Compiles a date pattern such as `DD.MM.YYYY HH:mm` or `M/D/YYYY H:mm` into a parser. Other characters match
 * themselves. Two-digit years are 2000–2068 below 69 and 1969–1999 from 69, as strptime reads `%y`.
 */
export function compileDateFormat(pattern: string): (text: string) => DayNumber {
  let source = "";
  const seen = new Set<string>();
  for (let i = 0; i < pattern.length;) {
    const token = dateFormatTokens.find((candidate) => pattern.startsWith(candidate, i));
    if (token) {
      const group = /<(\w+)>/.exec(tokenPatterns[token])![1];
      if (seen.has(group)) throw new Error(`invalid date format: ${JSON.stringify(pattern)} repeats ${token}`);
      seen.add(group);
      source += tokenPatterns[token];
      i += token.length;
    } else {
      source += pattern[i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      i++;
    }
  }
  if (!(seen.has("year") || seen.has("year2")) || !seen.has("month") || !seen.has("day")) {
    throw new Error(
      `invalid date format: ${JSON.stringify(pattern)} needs a year (YYYY or YY), a month (M or MM) and a day (D or DD)`
    );
  }
  const regex = new RegExp(`^${source}$`);
  return (text) => {
    const groups = regex.exec(text)?.groups;
    if (!groups) return NaN;
    const year = groups.year !== undefined ? Number(groups.year) : twoDigitYear(Number(groups.year2));
    if (!validTime(Number(groups.hour ?? 0), Number(groups.minute ?? 0), Number(groups.second ?? 0))) return NaN;
    return validDay(year, Number(groups.month), Number(groups.day));
  };
}

function twoDigitYear(yy: number): number {
  return yy < 69 ? 2000 + yy : 1900 + yy;
}
