import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {dayFromCivil} from "../data-loaders/dates.ts";
import {SegmentError} from "../data-loaders/errors.ts";
import {ExclusionLedger} from "../data-loaders/ledger.ts";
import {createMappedParser} from "../data-loaders/mapped-format.ts";
import {OrderBook} from "../data-loaders/order-book.ts";
import {computeRfm} from "../data-loaders/rfm.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";
import type {ColumnMap} from "../data-loaders/types.ts";

function setup(header: string[], map: ColumnMap | null, settings: Partial<Settings> = {}) {
  const book = new OrderBook();
  const ledger = new ExclusionLedger();
  const {parse, frequency} = createMappedParser(
    header,
    "sales.csv",
    {...defaultSettings, format: "mapped", map, ...settings},
    {book, ledger}
  );
  let line = 1;
  const feed = (...rows: string[][]) => rows.forEach((fields) => parse(fields, ++line));
  return {book, ledger, feed, frequency};
}

const amountHeader = ["Client", "Day", "Ticket", "Total", "Land"];
const amountMap: ColumnMap = {customer: "Client", date: "Day", order: "Ticket", amount: "Total", country: "Land"};

describe("createMappedParser", () => {
  test("mapped without a map throws SegmentError asking for --map", () => {
    assert.throws(
      () => setup(amountHeader, null),
      (error: unknown) => error instanceof SegmentError && /--map customer=COL/.test(error.details.expected ?? "")
    );
  });

  test("mapped with an order column counts distinct orders and groups lines by order", () => {
    const {book, ledger, feed, frequency} = setup(amountHeader, amountMap);
    assert.equal(frequency, "orders");
    feed(
      ["A", "2023-12-30", "T1", "10.5", "France"],
      ["A", "2023-12-31", "T1", "4.5", "France"],
      ["A", "2023-12-31", "T2", "1", "France"]
    );
    assert.deepEqual(ledger.toJSON(), {});
    assert.equal(book.size, 2);
    assert.equal(book.revenueOf(0), 15);
    assert.equal(book.rows[0], 2);
    assert.equal(book.day[0], dayFromCivil(2023, 12, 31));
    assert.equal(book.country(0), "France");
    assert.equal(book.units[0], 0, "amount files carry no units");
  });

  test("mapped without an order column: frequency counts rows", () => {
    const {book, ledger, feed, frequency} = setup(["c", "d", "a"], {customer: "c", date: "d", amount: "a"});
    assert.equal(frequency, "rows");
    feed(["A", "2023-01-01", "10"], ["A", "2023-01-01", "5"], ["A", "2023-01-03", "1"]);
    const rfm = computeRfm(book, ledger, {window: "all", referenceDate: null, frequency});
    assert.equal(rfm.frequency[0], 3);
    assert.equal(rfm.revenue[0], 16);
    assert.equal(rfm.recencyDays[0], 1);
  });

  test("mapped without a country column leaves the country blank (Unspecified)", () => {
    const {book, feed} = setup(["c", "d", "a"], {customer: "c", date: "d", amount: "a"});
    feed(["A", "2023-01-01", "10"]);
    assert.equal(book.country(0), "");
  });

  test("mapped with quantity and price: revenue is their product and units the quantity", () => {
    const {book, ledger, feed} = setup(["who", "when", "qty", "each"], {
      customer: "who",
      date: "when",
      quantity: "qty",
      price: "each"
    });
    feed(["A", "2023-05-01", "3", "2.5"]);
    assert.deepEqual(ledger.toJSON(), {});
    assert.equal(book.revenueOf(0), 7.5);
    assert.equal(book.units[0], 3);
  });

  test("mapped reads --date-format DD.MM.YYYY and --decimal ,", () => {
    const {book, ledger, feed} = setup(amountHeader, amountMap, {dateFormat: "DD.MM.YYYY", decimal: ","});
    feed(
      ["A", "31.12.2023", "T1", "808,08", "DE"],
      ["B", "2023-12-31", "T2", "1,00", "DE"],
      ["C", "01.01.2024", "T3", "1.5", "DE"]
    );
    assert.equal(book.size, 1);
    assert.equal(book.revenueOf(0), 808.08);
    assert.equal(book.day[0], dayFromCivil(2023, 12, 31));
    assert.deepEqual(ledger.toJSON(), {
      unparsable_date: {lines: 1, revenue: 1, examples: [3]},
      unparsable_amount: {lines: 1, revenue: 0, examples: [4]}
    });
  });

  test("mapped amount lines land under one reason each, in check order", () => {
    const {book, ledger, feed} = setup(amountHeader, amountMap);
    feed(
      [""], // 2
      ["A", "2023-01-01", "T1", "1"], // 3 wrong field count
      [" ", "2023-01-01", "T1", "7.25", "FR"], // 4 missing id, revenue kept
      ["", "never", "T1", "x", "FR"], // 5 missing id first
      ["A", "never", "T1", "1 000", "FR"], // 6 amount before date
      ["A", "2023-02-30", "T1", "2", "FR"] // 7 date
    );
    assert.equal(book.size, 0);
    assert.deepEqual(ledger.toJSON(), {
      blank_line: {lines: 1, revenue: 0, examples: [2]},
      malformed_line: {lines: 1, revenue: 0, examples: [3]},
      missing_customer_id: {lines: 2, revenue: 7.25, examples: [4, 5]},
      unparsable_date: {lines: 1, revenue: 2, examples: [7]},
      unparsable_amount: {lines: 1, revenue: 0, examples: [6]}
    });
  });

  test("mapped quantity/price lines: a missing id wins over unparsable numbers", () => {
    const header = ["who", "when", "qty", "each"];
    const {book, ledger, feed} = setup(header, {customer: "who", date: "when", quantity: "qty", price: "each"});
    feed(
      ["", "2023-01-01", "x", "1"], // 2 missing id
      ["A", "2023-01-01", "x", "y"], // 3 quantity
      ["A", "2023-01-01", "1", "y"], // 4 price
      ["", "2023-01-01", "2", "3"] // 5 missing id with revenue
    );
    assert.equal(book.size, 0);
    assert.deepEqual(ledger.toJSON(), {
      missing_customer_id: {lines: 2, revenue: 6, examples: [2, 5]},
      unparsable_quantity: {lines: 1, revenue: 0, examples: [3]},
      unparsable_price: {lines: 1, revenue: 0, examples: [4]}
    });
  });

  test("mapped negative amounts are netted returns, not purchases", () => {
    const {book, ledger, feed, frequency} = setup(amountHeader, amountMap);
    feed(
      ["A", "2023-01-01", "T1", "100", "FR"],
      ["A", "2023-01-05", "R1", "-30", "FR"],
      ["B", "2023-01-04", "R2", "-5", "FR"]
    );
    const rfm = computeRfm(book, ledger, {window: "all", referenceDate: null, frequency});
    const a = book.customerIds.indexOf("A");
    const slotA = Array.from(rfm.customer).indexOf(a);
    const slotB = Array.from(rfm.customer).indexOf(book.customerIds.indexOf("B"));
    assert.equal(rfm.revenue[slotA], 70);
    assert.equal(rfm.frequency[slotA], 1);
    assert.equal(rfm.recencyDays[slotA], 5, "recency counts from the purchase, not the return");
    assert.equal(rfm.frequency[slotB], 0);
    assert.equal(rfm.revenue[slotB], -5);
  });

  test("mapped without an order column does not count a same-day return row as a purchase", () => {
    // README: without an order column frequency counts rows; negative amounts are returns, not purchases.
    const {book, ledger, feed, frequency} = setup(["c", "d", "a"], {customer: "c", date: "d", amount: "a"});
    feed(["A", "2023-01-01", "10"], ["A", "2023-01-01", "-4"]);
    const rfm = computeRfm(book, ledger, {window: "all", referenceDate: null, frequency});
    assert.equal(rfm.revenue[0], 6);
    assert.equal(rfm.frequency[0], 1);
  });

  test("mapped with a map naming a column the header lacks throws SegmentError naming it", () => {
    assert.throws(
      () => setup(amountHeader, {...amountMap, country: "Pays"}),
      (error: unknown) =>
        error instanceof SegmentError &&
        error.details.line === 1 &&
        error.details.expected === 'a column named "Pays"' &&
        /"Land"/.test(error.details.found ?? "")
    );
  });

  test("mapped matches mapped column names case-insensitively", () => {
    const {book, feed} = setup(["CLIENT", "day", "TOTAL"], {customer: "client", date: "Day", amount: "total"});
    feed(["A", "2023-01-01", "3"]);
    assert.equal(book.revenueOf(0), 3);
  });
});
