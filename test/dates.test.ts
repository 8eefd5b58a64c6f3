import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  civilFromDay,
  compileDateFormat,
  dateFormatTokens,
  dayFromCivil,
  daysInMonth,
  isoFromDay,
  isoWeekday,
  parseIsoDate,
  parseUsDateTime,
  parseWeekYear,
  validDay
} from "../data-loaders/dates.ts";

const msPerDay = 86_400_000;

/** Independent reference: the JavaScript Date's proleptic Gregorian UTC calendar. */
function referenceDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / msPerDay);
}

function referenceIso(dayNumber: number): string {
  const date = new Date(dayNumber * msPerDay);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  return `${year}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`;
}

/** Python's _strptime._calc_julian_from_U_or_W for %W with a weekday of Monday, then the day number. */
function pythonWeekMonday(year: number, week: number): number {
  const january1 = referenceDay(year, 1, 1);
  const firstWeekday = (new Date(january1 * msPerDay).getUTCDay() + 6) % 7; // Monday = 0
  const dayOfWeek = 0;
  const week0Length = (7 - firstWeekday) % 7;
  const julian = week === 0 ? 1 + dayOfWeek - firstWeekday : 1 + week0Length + 7 * (week - 1) + dayOfWeek;
  return january1 + julian - 1;
}

function referenceDaysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

const iso = (year: number, month: number, day: number) => referenceDay(year, month, day);

describe("dayFromCivil and civilFromDay", () => {
  test("dayFromCivil(1970, 1, 1) is day 0 and 2000-03-01 is day 11017", () => {
    assert.equal(dayFromCivil(1970, 1, 1), 0);
    assert.equal(dayFromCivil(1969, 12, 31), -1);
    // 30 years of 365 days, 7 leap days (1972…1996), then January and a leap February.
    assert.equal(dayFromCivil(2000, 3, 1), 30 * 365 + 7 + 31 + 29);
  });

  test("dayFromCivil agrees with Date.UTC for every valid date from year 1 to 9999", () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 9999}),
        fc.integer({min: 1, max: 12}),
        fc.double({min: 0, max: 1, maxExcluded: true, noNaN: true}),
        (year, month, fraction) => {
          const day = 1 + Math.floor(fraction * referenceDaysInMonth(year, month));
          assert.equal(dayFromCivil(year, month, day), referenceDay(year, month, day));
        }
      ),
      {numRuns: 2000}
    );
  });

  test("civilFromDay(dayFromCivil(y, m, d)) round-trips, and so does the other way", () => {
    fc.assert(
      fc.property(fc.integer({min: -719_162, max: 2_932_896}), (dayNumber) => {
        const {year, month, day} = civilFromDay(dayNumber);
        assert.equal(dayFromCivil(year, month, day), dayNumber);
        assert.ok(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month));
        assert.equal(isoFromDay(dayNumber), referenceIso(dayNumber));
      }),
      {numRuns: 2000}
    );
  });

  test("isoFromDay pads years before 1000 to four digits", () => {
    assert.equal(isoFromDay(0), "1970-01-01");
    assert.equal(isoFromDay(dayFromCivil(5, 6, 7)), "0005-06-07");
    assert.equal(isoFromDay(dayFromCivil(9999, 12, 31)), "9999-12-31");
  });
});

describe("calendar checks", () => {
  test("daysInMonth follows the Gregorian leap rule", () => {
    assert.equal(daysInMonth(2000, 2), 29);
    assert.equal(daysInMonth(1900, 2), 28);
    assert.equal(daysInMonth(2024, 2), 29);
    assert.equal(daysInMonth(2023, 2), 28);
    assert.equal(daysInMonth(2023, 4), 30);
    assert.equal(daysInMonth(2023, 12), 31);
    for (let year = 1896; year <= 2104; year++)
      for (let month = 1; month <= 12; month++)
        assert.equal(daysInMonth(year, month), new Date(Date.UTC(year, month, 0)).getUTCDate(), `${year}-${month}`);
  });

  test("validDay rejects 2023-02-29, month 13, day 0 and year 0", () => {
    assert.ok(Number.isNaN(validDay(2023, 2, 29)));
    assert.ok(Number.isNaN(validDay(2023, 13, 1)));
    assert.ok(Number.isNaN(validDay(2023, 0, 1)));
    assert.ok(Number.isNaN(validDay(2023, 1, 0)));
    assert.ok(Number.isNaN(validDay(0, 1, 1)));
    assert.ok(Number.isNaN(validDay(10000, 1, 1)));
    assert.ok(Number.isNaN(validDay(2023, 4, 31)));
    assert.equal(validDay(2024, 2, 29), iso(2024, 2, 29));
  });

  test("isoWeekday is Monday = 1 … Sunday = 7, before and after 1970", () => {
    assert.equal(isoWeekday(0), 4); // 1970-01-01 was a Thursday
    assert.equal(isoWeekday(-1), 3);
    assert.equal(isoWeekday(iso(2024, 1, 1)), 1);
    assert.equal(isoWeekday(iso(2023, 12, 31)), 7);
    fc.assert(
      fc.property(fc.integer({min: -800_000, max: 3_000_000}), (dayNumber) => {
        const sunday0 = new Date(dayNumber * msPerDay).getUTCDay();
        assert.equal(isoWeekday(dayNumber), sunday0 === 0 ? 7 : sunday0);
      })
    );
  });
});

describe("parseWeekYear", () => {
  test('parseWeekYear("1.2019") is Monday 2019-01-07', () => {
    assert.equal(parseWeekYear("1.2019"), iso(2019, 1, 7));
  });

  test('parseWeekYear("0.2019") is Monday 2018-12-31, the week before week 1', () => {
    assert.equal(parseWeekYear("0.2019"), iso(2018, 12, 31));
  });

  test('parseWeekYear("52.2019") is Monday 2019-12-30', () => {
    assert.equal(parseWeekYear("52.2019"), iso(2019, 12, 30));
  });

  test('parseWeekYear("1.202") is Monday 2020-01-06 (the float lost the trailing zero)', () => {
    assert.equal(parseWeekYear("1.202"), iso(2020, 1, 6));
    assert.equal(parseWeekYear("1.2"), parseWeekYear("1.2000"));
    assert.equal(parseWeekYear("10.201"), parseWeekYear("10.2010"));
  });

  test('parseWeekYear("53.2020") is Monday 2021-01-04', () => {
    assert.equal(parseWeekYear("53.2020"), iso(2021, 1, 4));
  });

  test('parseWeekYear("01.2019") reads a zero-padded week', () => {
    assert.equal(parseWeekYear("01.2019"), iso(2019, 1, 7));
  });

  test('parseWeekYear("0.2018") is 2018-01-01 as strptime reads week 0 of a year that starts on a Monday', () => {
    // Python: datetime.strptime("2018-00-1", "%Y-%W-%w") → 2018-01-01 (and likewise 2024-00-1 → 2024-01-01).
    assert.equal(parseWeekYear("0.2018"), iso(2018, 1, 1));
    assert.equal(parseWeekYear("0.2024"), iso(2024, 1, 1));
  });

  test("parseWeekYear agrees with Python's strptime('%Y%W-%w') for weeks 1 to 53 of four-digit years", () => {
    fc.assert(
      fc.property(fc.integer({min: 1, max: 53}), fc.integer({min: 1000, max: 9999}), (week, year) => {
        const dayNumber = parseWeekYear(`${week}.${year}`);
        assert.equal(dayNumber, pythonWeekMonday(year, week));
        assert.equal(isoWeekday(dayNumber), 1);
      }),
      {numRuns: 1000}
    );
  });

  test("parseWeekYear rejects text that is not W.YYYY with W ≤ 53", () => {
    for (const text of [
      "",
      "1",
      "1.",
      ".2019",
      "54.2019",
      "100.2019",
      "a.2019",
      "1.20a9",
      "1,2019",
      "1.20190",
      "-1.2019",
      "1.0",
      " 1.2019",
      "1.2019 "
    ]) {
      assert.ok(Number.isNaN(parseWeekYear(text)), JSON.stringify(text));
    }
  });
});

describe("parseUsDateTime", () => {
  test('parseUsDateTime("12/1/2010 8:26") is 2010-12-01', () => {
    assert.equal(parseUsDateTime("12/1/2010 8:26"), iso(2010, 12, 1));
  });

  test("parseUsDateTime reads m/d/yyyy with or without a time, and with seconds", () => {
    assert.equal(parseUsDateTime("1/31/2011 23:59"), iso(2011, 1, 31));
    assert.equal(parseUsDateTime("01/05/2011"), iso(2011, 1, 5));
    assert.equal(parseUsDateTime("2/29/2012 10:00:59"), iso(2012, 2, 29));
  });

  test("parseUsDateTime rejects impossible dates and other shapes", () => {
    for (const text of [
      "2/30/2011 10:00",
      "13/1/2011 10:00",
      "0/1/2011",
      "12/0/2011",
      "12/1/10 8:26",
      "12-1-2010 8:26",
      "012/1/2010",
      "12/001/2010",
      "12/1/2010 8h26",
      "12/1/2010 ",
      "/1/2010",
      "12/1/20100",
      "2011-12-09",
      ""
    ]) {
      assert.ok(Number.isNaN(parseUsDateTime(text)), JSON.stringify(text));
    }
  });
});

describe("parseIsoDate", () => {
  test("parseIsoDate reads the calendar date as written, ignoring time and offset", () => {
    assert.equal(parseIsoDate("2011-12-09"), iso(2011, 12, 9));
    assert.equal(parseIsoDate("2011-12-09T12:50:00Z"), iso(2011, 12, 9));
    assert.equal(parseIsoDate("2009-12-01 07:45:00"), iso(2009, 12, 1));
    assert.equal(parseIsoDate("2011-12-09T23:30:00.123-05:00"), iso(2011, 12, 9));
    assert.equal(parseIsoDate("2011-12-09T00:10+0100"), iso(2011, 12, 9));
  });

  test("parseIsoDate rejects invalid dates and times", () => {
    for (const text of [
      "2011-02-29",
      "2011-13-01",
      "2011-12-9",
      "20111209",
      "2011-12-09T24:00",
      "2011-12-09T12:60",
      "2011-12-09T12",
      "2011/12/09",
      "12/9/2011",
      " 2011-12-09"
    ]) {
      assert.ok(Number.isNaN(parseIsoDate(text)), JSON.stringify(text));
    }
  });
});

describe("compileDateFormat", () => {
  test('compileDateFormat("DD.MM.YYYY") reads 31.12.2023 and treats the dot literally', () => {
    const parse = compileDateFormat("DD.MM.YYYY");
    assert.equal(parse("31.12.2023"), iso(2023, 12, 31));
    assert.ok(Number.isNaN(parse("31x12x2023")));
    assert.ok(Number.isNaN(parse("1.12.2023")));
    assert.ok(Number.isNaN(parse("31.02.2023")));
  });

  test('compileDateFormat("M/D/YYYY H:mm") reads one- and two-digit parts and checks the time', () => {
    const parse = compileDateFormat("M/D/YYYY H:mm");
    assert.equal(parse("1/2/2023 9:05"), iso(2023, 1, 2));
    assert.equal(parse("12/31/2023 23:59"), iso(2023, 12, 31));
    assert.ok(Number.isNaN(parse("12/31/2023 24:00")));
    assert.ok(Number.isNaN(parse("12/31/2023 9:60")));
  });

  test("compileDateFormat reads YY as 2000–2068 below 69 and 1969–1999 from 69", () => {
    const parse = compileDateFormat("DD/MM/YY");
    assert.equal(parse("01/02/68"), iso(2068, 2, 1));
    assert.equal(parse("01/02/69"), iso(1969, 2, 1));
    assert.equal(parse("01/02/00"), iso(2000, 2, 1));
    assert.equal(parse("01/02/99"), iso(1999, 2, 1));
  });

  test("compileDateFormat escapes regular-expression characters of the pattern", () => {
    const parse = compileDateFormat("(YYYY)[MM]{DD}+");
    assert.equal(parse("(2023)[05]{06}+"), iso(2023, 5, 6));
    assert.ok(Number.isNaN(parse("2023050")));
  });

  test("compileDateFormat with seconds checks them", () => {
    const parse = compileDateFormat("YYYY-MM-DDTHH:mm:ss");
    assert.equal(parse("2023-05-06T07:08:09"), iso(2023, 5, 6));
    assert.ok(Number.isNaN(parse("2023-05-06T07:08:61")));
  });

  test("compileDateFormat throws on a pattern without a year, a month or a day, or with a repeated part", () => {
    assert.throws(() => compileDateFormat("MM/YYYY"), /invalid date format/);
    assert.throws(() => compileDateFormat("DD/MM"), /invalid date format/);
    assert.throws(() => compileDateFormat("DD/YYYY"), /invalid date format/);
    assert.throws(() => compileDateFormat("D/M/D/YYYY"), /repeats/);
  });

  test("dateFormatTokens lists YYYY before YY and MM before M", () => {
    assert.ok(dateFormatTokens.indexOf("YYYY") < dateFormatTokens.indexOf("YY"));
    assert.ok(dateFormatTokens.indexOf("MM") < dateFormatTokens.indexOf("M"));
    assert.ok(dateFormatTokens.indexOf("DD") < dateFormatTokens.indexOf("D"));
  });
});
