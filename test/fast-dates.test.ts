import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {dayFromCivil, parseIsoDate, parseUsDateTime, parseWeekYear} from "../data-loaders/dates.ts";
import {parseIsoDateBytes, parseUsDateTimeBytes, parseWeekYearBytes} from "../data-loaders/fast-dates.ts";
import type {DayNumber} from "../data-loaders/types.ts";

type BytesParser = (buf: Buffer, start: number, end: number) => DayNumber;

/** Runs a bytes parser on the text as a range of a larger buffer whose neighbouring bytes look like date parts. */
function inBuffer(parse: BytesParser, text: string): DayNumber {
  const bytes = Buffer.concat([Buffer.from("1/2.3:"), Buffer.from(text, "utf8"), Buffer.from(":4.5/6 7")]);
  return parse(bytes, 6, bytes.length - 8);
}

function assertSame(parse: BytesParser, reference: (text: string) => DayNumber, text: string) {
  const expected = reference(text);
  const actual = inBuffer(parse, text);
  assert.ok(Object.is(actual, expected), `${JSON.stringify(text)}: ${actual} ≠ ${expected}`);
}

const digitString = (min: number, max: number) =>
  fc.string({unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max});
/** Digits that are often a plausible date part, sometimes zero-padded, sometimes anything. */
const datePart = (max: number, digits: number) =>
  fc.oneof(
    fc.integer({min: 0, max}).map(String),
    fc.tuple(fc.constantFrom("0", "00"), fc.integer({min: 0, max})).map(([zeros, n]) => zeros + n),
    digitString(0, digits)
  );

describe("parseWeekYearBytes", () => {
  test("parseWeekYearBytes('1.2019') is Monday 2019-01-07, and '1.202' is week 1 of 2020", () => {
    assert.equal(inBuffer(parseWeekYearBytes, "1.2019"), dayFromCivil(2019, 1, 7));
    assert.equal(inBuffer(parseWeekYearBytes, "1.202"), parseWeekYear("1.2020"));
  });

  test("parseWeekYearBytes agrees with parseWeekYear on every week 0–99 (and 00–09) of every 1- to 4-digit year", () => {
    const weeks = [...Array.from({length: 100}, (_, w) => String(w)), ...Array.from({length: 10}, (_, w) => `0${w}`)];
    const years: string[] = [];
    for (let length = 1; length <= 4; length++) {
      for (let y = 0; y < 10 ** length; y++) years.push(String(y).padStart(length, "0"));
    }
    for (const week of weeks) {
      for (const year of years) {
        const text = `${week}.${year}`;
        const expected = parseWeekYear(text);
        const actual = inBuffer(parseWeekYearBytes, text);
        if (!Object.is(actual, expected)) assert.fail(`${text}: ${actual} ≠ ${expected}`);
      }
    }
  });

  test("parseWeekYearBytes agrees with parseWeekYear on any text of digits, dots and strays", () => {
    fc.assert(
      fc.property(
        fc.string({unit: fc.constantFrom(..."0123456789", ".", " ", "-", "a", "٣", "é"), maxLength: 9}),
        (text) => assertSame(parseWeekYearBytes, parseWeekYear, text)
      ),
      {numRuns: 5000}
    );
  });
});

describe("parseUsDateTimeBytes", () => {
  test("parseUsDateTimeBytes('12/1/2010 8:26') is 2010-12-01", () => {
    assert.equal(inBuffer(parseUsDateTimeBytes, "12/1/2010 8:26"), dayFromCivil(2010, 12, 1));
  });

  test("parseUsDateTimeBytes agrees with parseUsDateTime on generated m/d/y h:mm[:ss] with any digit counts", () => {
    const date = fc
      .tuple(
        datePart(13, 3),
        datePart(32, 3),
        fc.oneof(datePart(2100, 5), fc.integer({min: 990, max: 10001}).map(String)),
        fc.option(fc.tuple(datePart(25, 3), datePart(60, 3), fc.option(datePart(61, 3)))),
        fc.constantFrom("/", "/", "/", "-")
      )
      .map(([m, d, y, time, slash]) => {
        const clock = time === null ? "" : ` ${time[0]}:${time[1]}${time[2] === null ? "" : `:${time[2]}`}`;
        return `${m}${slash}${d}/${y}${clock}`;
      });
    fc.assert(
      fc.property(date, (text) => assertSame(parseUsDateTimeBytes, parseUsDateTime, text)),
      {numRuns: 10000}
    );
  });

  test("parseUsDateTimeBytes agrees with parseUsDateTime on any text of date characters", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(..."0123456789", "/", ":", " ", "1", "2", "-", "x", "é", "\u00a0"),
          maxLength: 18
        }),
        (text) => assertSame(parseUsDateTimeBytes, parseUsDateTime, text)
      ),
      {numRuns: 10000}
    );
  });
});

describe("parseIsoDateBytes", () => {
  test("parseIsoDateBytes reads dates, times, fractions and offsets as parseIsoDate does", () => {
    for (const text of [
      "2011-12-09",
      "2011-12-09T12:50:00Z",
      "2009-12-01 07:45:00",
      "2011-12-09T12:50",
      "2011-12-09T12:50:00.123+01:00",
      "2011-12-09T12:50+0100",
      "2011-12-09T12:50-01",
      "2011-12-09T24:00",
      "2011-12-09T23:59:60",
      "2011-12-09T23:59:61",
      "2023-02-29",
      "2011-12-09T12:50:0",
      "2011-12-09T12:50:00.",
      "2011-12-09T12:50:00+1",
      "2011-12-09T12:50:00+01:0",
      "2011-12-09T12:50:00+01:",
      "1000-09-01T00:00+10:",
      "2011-12-09t12:50",
      "2011-12-09T12:50z",
      "2011-12-9",
      "2011-12-09 ",
      ""
    ]) {
      assertSame(parseIsoDateBytes, parseIsoDate, text);
    }
    assert.equal(inBuffer(parseIsoDateBytes, "2011-12-09T12:50:00Z"), dayFromCivil(2011, 12, 9));
  });

  test("parseIsoDateBytes agrees with parseIsoDate on generated ISO-like texts", () => {
    const two = fc.oneof(datePart(61, 3), digitString(1, 3));
    const iso = fc
      .tuple(
        fc.oneof(fc.integer({min: 990, max: 10001}).map(String), digitString(3, 5)),
        two,
        two,
        fc.option(
          fc.tuple(
            fc.constantFrom("T", " ", "t", "_"),
            two,
            two,
            fc.option(fc.tuple(two, fc.option(digitString(0, 4)))),
            fc.option(
              fc.oneof(
                fc.constantFrom("Z", "z"),
                fc
                  .tuple(fc.constantFrom("+", "-"), two, fc.constantFrom("", ":"), digitString(0, 3))
                  .map((parts) => parts.join(""))
              )
            )
          )
        )
      )
      .map(([y, m, d, time]) => {
        let text = `${y}-${m}-${d}`;
        if (time !== null) {
          const [separator, h, min, seconds, offset] = time;
          text += `${separator}${h}:${min}`;
          if (seconds !== null) text += `:${seconds[0]}${seconds[1] === null ? "" : `.${seconds[1]}`}`;
          if (offset !== null) text += offset;
        }
        return text;
      });
    fc.assert(
      fc.property(iso, (text) => assertSame(parseIsoDateBytes, parseIsoDate, text)),
      {numRuns: 10000}
    );
  });

  test("parseIsoDateBytes agrees with parseIsoDate on any text of ISO characters", () => {
    fc.assert(
      fc.property(
        fc.string({unit: fc.constantFrom(..."0123456789", "-", ":", "T", " ", "Z", "+", ".", "é"), maxLength: 26}),
        (text) => assertSame(parseIsoDateBytes, parseIsoDate, text)
      ),
      {numRuns: 10000}
    );
  });
});
