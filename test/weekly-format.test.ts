import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {dayFromCivil} from "../data-loaders/dates.ts";
import {SegmentError} from "../data-loaders/errors.ts";
import {ExclusionLedger} from "../data-loaders/ledger.ts";
import {OrderBook} from "../data-loaders/order-book.ts";
import {computeRfm} from "../data-loaders/rfm.ts";
import {createWeeklyParser, weeklyColumns} from "../data-loaders/weekly-format.ts";

const header = ["country", "id", "week.year", "revenue", "units"];

function setup(columns = header) {
  const book = new OrderBook();
  const ledger = new ExclusionLedger();
  const parse = createWeeklyParser(columns, "weekly.csv", {book, ledger});
  let line = 1;
  const feed = (...rows: string[][]) => rows.forEach((fields) => parse(fields, ++line));
  return {book, ledger, feed};
}

describe("createWeeklyParser", () => {
  test("weeklyColumns are the seed export's header", () => {
    assert.deepEqual(weeklyColumns, header);
  });

  test('weekly row ("KR", "702234", "1.2019", "808,08", "3") is customer KR702234 with 808.08 on 2019-01-07', () => {
    const {book, ledger, feed} = setup();
    feed(["KR", "702234", "1.2019", "808,08", "3"]);
    assert.deepEqual(book.customerIds, ["KR702234"]);
    assert.equal(book.country(0), "KR");
    assert.equal(book.revenueOf(0), 808.08);
    assert.equal(book.units[0], 3);
    assert.equal(book.day[0], dayFromCivil(2019, 1, 7));
    assert.equal(book.firstLine(0), 2);
    assert.deepEqual(ledger.toJSON(), {});
  });

  test("weekly customers are country + id: one id in two countries is two customers", () => {
    const {book, feed} = setup();
    feed(
      ["KR", "7", "1.2019", "1,00", "1"],
      ["US", "7", "1.2019", "2,00", "1"],
      [" KR ", " 7 ", "2.2019", "3,00", "1"]
    );
    assert.deepEqual(book.customerIds, ["KR7", "US7"]);
  });

  test("weekly negative rows are netted and every row counts towards frequency", () => {
    const {book, ledger, feed} = setup();
    feed(
      ["KR", "1", "5.2019", "100,00", "1"],
      ["KR", "1", "5.2019", "-50,00", "-1"],
      ["KR", "1", "1.2019", "808,08", "3"],
      ["KR", "1", "6.2019", "-8,08", "-1"]
    );
    const rfm = computeRfm(book, ledger, {window: "all", referenceDate: null, frequency: "rows"});
    assert.equal(rfm.customer.length, 1);
    assert.equal(rfm.frequency[0], 4);
    assert.equal(rfm.revenue[0], 850);
    assert.equal(rfm.units[0], 2);
    // The last row is a return, and in the seed's recipe it still dates the customer's last activity.
    assert.equal(rfm.recencyDays[0], 1);
  });

  test("weekly reads revenue with a decimal comma only: 12.50 is an unparsable amount", () => {
    const {book, ledger, feed} = setup();
    feed(["FR", "1", "1.2019", "12.50", "1"]);
    assert.equal(book.size, 0);
    assert.deepEqual(ledger.toJSON(), {unparsable_amount: {lines: 1, revenue: 0, examples: [2]}});
  });

  test("weekly lines land under one reason each, in check order", () => {
    const {book, ledger, feed} = setup();
    feed(
      [""], // 2 blank
      ["FR", "1", "1.2019", "1,00"], // 3 wrong field count
      ["FR", " ", "1.2019", "5,25", "1"], // 4 missing id, revenue kept
      ["FR", "", "1.2019", "x", "1"], // 5 missing id wins over the amount
      ["FR", "1", "x.2019", "y", "1"], // 6 amount before date
      ["FR", "1", "54.2019", "2,50", "1"], // 7 unparsable date
      ["FR", "1", "1.2019", "3,00", "1,5"], // 8 units use a decimal point
      ["FR", "1", "1.2019", "4,00", "2"] // 9 used
    );
    assert.deepEqual(ledger.toJSON(), {
      blank_line: {lines: 1, revenue: 0, examples: [2]},
      malformed_line: {lines: 1, revenue: 0, examples: [3]},
      missing_customer_id: {lines: 2, revenue: 5.25, examples: [4, 5]},
      unparsable_date: {lines: 1, revenue: 2.5, examples: [7]},
      unparsable_amount: {lines: 1, revenue: 0, examples: [6]},
      unparsable_quantity: {lines: 1, revenue: 3, examples: [8]}
    });
    assert.equal(book.size, 1);
    assert.equal(book.revenueOf(0), 4);
    assert.equal(book.firstLine(0), 9);
  });

  test("weekly finds its columns in any order and case, with spaces around names", () => {
    const columns = ["Units", " REVENUE", "Week.Year ", "ID", "Country"];
    const {book, feed} = setup(columns);
    feed(["2", "10,5", "2.2020", "42", "DE"]);
    assert.deepEqual(book.customerIds, ["DE42"]);
    assert.equal(book.revenueOf(0), 10.5);
    assert.equal(book.units[0], 2);
    assert.equal(book.day[0], dayFromCivil(2020, 1, 13));
  });

  test("weekly without a units column throws SegmentError naming the column", () => {
    assert.throws(
      () => setup(["country", "id", "week.year", "revenue"]),
      (error: unknown) =>
        error instanceof SegmentError &&
        error.details.file === "weekly.csv" &&
        error.details.line === 1 &&
        /"units"/.test(error.details.expected ?? "")
    );
  });
});
