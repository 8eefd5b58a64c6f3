import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {OrderBook} from "../data-loaders/order-book.ts";

function entries(book: OrderBook) {
  return Array.from({length: book.size}, (_, e) => ({
    customer: book.customerIds[book.customer[e]],
    day: book.day[e],
    revenue: book.revenueOf(e),
    units: book.units[e],
    rows: book.rows[e],
    firstLine: book.firstLine(e),
    purchase: book.purchase[e]
  }));
}

describe("OrderBook", () => {
  test("book.add merges the lines of one order: revenue, units and rows add up, the first line is kept", () => {
    const book = new OrderBook();
    book.add("17850", "United Kingdom", "536365", 100, 15.3, 6, 2, true);
    book.add("17850", "United Kingdom", "536365", 100, 20.34, 6, 3, true);
    assert.equal(book.size, 1);
    const [entry] = entries(book);
    assert.equal(entry.customer, "17850");
    assert.equal(entry.rows, 2);
    assert.equal(entry.units, 12);
    assert.ok(Math.abs(entry.revenue - 35.64) < 1e-9);
    assert.equal(entry.firstLine, 2);
    assert.equal(entry.day, 100);
  });

  test("book.add dates an order that spans days by its latest day", () => {
    const book = new OrderBook();
    book.add("c", "FR", "o1", 105, 1, 1, 2, true);
    book.add("c", "FR", "o1", 103, 1, 1, 3, true);
    book.add("c", "FR", "o1", 107, 1, 1, 4, true);
    assert.equal(book.day[0], 107);
    assert.equal(book.minDay, 103);
    assert.equal(book.maxDay, 107);
  });

  test("book.add keeps one entry per customer and order, and customers in order of first appearance", () => {
    const book = new OrderBook();
    book.add("b", "FR", "1", 10, 5, 1, 2, true);
    book.add("a", "FR", "1", 11, 6, 1, 3, true);
    book.add("b", "FR", "2", 12, 7, 1, 4, true);
    book.add("a", "FR", "1", 13, 8, 1, 5, true);
    assert.deepEqual(book.customerIds, ["b", "a"]);
    assert.equal(book.customers, 2);
    assert.deepEqual(
      entries(book).map(({customer, revenue, rows, firstLine}) => ({customer, revenue, rows, firstLine})),
      [
        {customer: "b", revenue: 5, rows: 1, firstLine: 2},
        {customer: "a", revenue: 14, rows: 2, firstLine: 3},
        {customer: "b", revenue: 7, rows: 1, firstLine: 4}
      ]
    );
  });

  test("book.add keys orders by customer: one order number of two customers is two entries", () => {
    const book = new OrderBook();
    book.add("a", "FR", "same", 1, 1, 1, 2, true);
    book.add("b", "FR", "same", 1, 1, 1, 3, true);
    assert.equal(book.size, 2);
  });

  test("book.add marks an order as a purchase when any of its lines is one", () => {
    const book = new OrderBook();
    book.add("a", "FR", "r", 1, -5, -1, 2, false);
    book.add("a", "FR", "p", 2, 5, 1, 3, false);
    book.add("a", "FR", "p", 2, 9, 1, 4, true);
    assert.deepEqual(
      entries(book).map((e) => e.purchase),
      [0, 1]
    );
  });

  test("book.country(c) is the country of the customer's only country", () => {
    const book = new OrderBook();
    book.add("a", "France", "1", 1, 1, 1, 2, true);
    book.add("a", "France", "2", 1, 1, 1, 3, true);
    assert.equal(book.country(0), "France");
  });

  test("book.country(c) is the country on most of the customer's lines", () => {
    for (const order of [
      ["Spain", "France", "France"],
      ["France", "Spain", "France"],
      ["France", "France", "Spain"]
    ]) {
      const book = new OrderBook();
      order.forEach((country, i) => book.add("a", country, String(i), 1, 1, 1, i + 2, true));
      assert.equal(book.country(0), "France", order.join(","));
    }
  });

  test("book.country(c) breaks a tie by the alphabetically first country, whatever the line order", () => {
    for (const order of [
      ["Spain", "France"],
      ["France", "Spain"],
      ["Spain", "Spain", "France", "France"]
    ]) {
      const book = new OrderBook();
      order.forEach((country, i) => book.add("a", country, "same", 1, 1, 1, i + 2, true));
      assert.equal(book.country(0), "France", order.join(","));
    }
  });

  test("book.country(c) counts every earlier line of a multi-line order under the first country", () => {
    const book = new OrderBook();
    for (let i = 0; i < 3; i++) book.add("a", "Spain", "o1", 1, 1, 1, i + 2, true);
    book.add("a", "France", "o2", 2, 1, 1, 5, true);
    book.add("a", "France", "o3", 3, 1, 1, 6, true);
    assert.equal(book.country(0), "Spain"); // 3 lines against 2
    book.add("a", "France", "o4", 4, 1, 1, 7, true);
    book.add("a", "France", "o4", 4, 1, 1, 8, true);
    assert.equal(book.country(0), "France"); // 3 lines against 4
  });

  test("book.country(c) of one customer is not affected by another customer's countries", () => {
    const book = new OrderBook();
    book.add("a", "Spain", "1", 1, 1, 1, 2, true);
    book.add("b", "France", "1", 1, 1, 1, 3, true);
    book.add("b", "Italy", "2", 1, 1, 1, 4, true);
    book.add("b", "Italy", "3", 1, 1, 1, 5, true);
    assert.equal(book.country(0), "Spain");
    assert.equal(book.country(1), "Italy");
  });

  test("OrderBook moves units from 16 to 32 bits when an entry's sum leaves int16, and to doubles past int32", () => {
    const book = new OrderBook();
    const units = () => Array.from(book.units.subarray(0, book.size));
    book.add("a", "FR", 1, 1, 1, 7, 2, true);
    book.add("b", "FR", 1, 1, 1, -32768, 3, true);
    assert.equal(book.units.constructor, Int16Array);
    book.add("a", "FR", 1, 1, 1, 32761, 4, true);
    assert.equal(book.units.constructor, Int32Array);
    assert.deepEqual(units(), [32768, -32768]);
    book.add("b", "FR", 1, 1, 1, -2147450881, 5, true);
    assert.equal(book.units.constructor, Float64Array);
    assert.deepEqual(units(), [32768, -2147483649]);
    const halves = new OrderBook();
    halves.add("a", "FR", 1, 1, 1, 3, 2, true);
    halves.add("a", "FR", 1, 1, 1, 0.5, 3, true);
    assert.equal(halves.units.constructor, Float64Array);
    assert.equal(halves.units[0], 3.5);
  });

  test("OrderBook keeps units and line counts through their switch to wider columns, past 8 MB columns", () => {
    const book = new OrderBook();
    const values = new Float64Array(2);
    const n = 4_300_000;
    const c = book.addCustomer("c", "FR");
    for (let e = 0; e < n; e++) {
      values[0] = 1;
      // Whole units until entry 3M (past the columns' 8 MB); then one of half a unit moves them to doubles.
      values[1] = e === 3_000_000 ? 0.5 : e % 7;
      book.appendEntry(c, e, e, values, 0, e + 2, true);
    }
    // An entry of 65,536 lines moves the line counts to 32 bits.
    values[1] = 2;
    for (let line = 0; line < 65_535; line++) book.addToEntry(17, 17, values, 0, true);
    assert.equal(book.size, n);
    assert.ok(book.units instanceof Float64Array);
    assert.ok(book.rows instanceof Int32Array);
    for (let e = 0; e < n; e += 9973) assert.equal(book.units[e], e === 3_000_000 ? 0.5 : e % 7, `units of ${e}`);
    assert.equal(book.units[n - 1], (n - 1) % 7);
    assert.equal(book.units[17], (17 % 7) + 65_535 * 2);
    assert.equal(book.rows[17], 65_536);
    assert.equal(book.rows[n - 1], 1);
    assert.equal(book.firstLine(n - 1), n + 1);
  });

  test("OrderBook keeps revenue in whole cents while every line is one, so that an entry's sum is exact", () => {
    const book = new OrderBook();
    book.add("a", "FR", 1, 1, 0.1, 1, 2, true);
    book.add("a", "FR", 1, 1, 0.2, 1, 3, true);
    book.add("b", "FR", 1, 1, -19.99, 1, 4, false);
    assert.equal(book.revenueScale, 100);
    assert.ok(book.revenue instanceof Int32Array);
    // Summed in doubles, 0.1 + 0.2 is 0.30000000000000004.
    assert.equal(book.revenueOf(0), 0.3);
    assert.equal(book.revenueOf(1), -19.99);
  });

  test("OrderBook moves revenue to doubles at the first line that is not whole cents, or an entry past int32", () => {
    const finer = new OrderBook();
    finer.add("a", "FR", 1, 1, 1.25, 1, 2, true);
    finer.add("b", "FR", 1, 1, 0.125, 1, 3, true);
    finer.add("a", "FR", 1, 1, 0.5, 1, 4, true);
    assert.equal(finer.revenueScale, 1);
    assert.ok(finer.revenue instanceof Float64Array);
    assert.deepEqual([finer.revenueOf(0), finer.revenueOf(1)], [1.75, 0.125]);
    const large = new OrderBook();
    large.add("a", "FR", 1, 1, 1.5, 1, 2, true);
    large.add("b", "FR", 1, 1, 20_000_000, 1, 3, true);
    assert.equal(large.revenueScale, 100);
    large.add("b", "FR", 1, 1, 1_500_000.5, 1, 4, true);
    assert.equal(large.revenueScale, 1);
    assert.deepEqual([large.revenueOf(0), large.revenueOf(1)], [1.5, 21_500_000.5]);
    for (const revenue of [Infinity, -Infinity]) {
      const book = new OrderBook();
      book.add("a", "FR", 1, 1, 2, 1, 2, true);
      book.add("a", "FR", 1, 1, revenue, 1, 3, true);
      assert.equal(book.revenueScale, 1);
      assert.equal(book.revenueOf(0), revenue);
    }
  });

  test("book.countriesOf(customers) is book.country(c) of each, with and without customers of several countries", () => {
    const book = new OrderBook();
    book.add("a", "FR", 1, 1, 1, 1, 2, true);
    book.add("b", "DE", 1, 1, 1, 1, 3, true);
    book.add("c", "ES", 1, 1, 1, 1, 4, true);
    const customers = Int32Array.of(2, 0, 1, 0);
    assert.deepEqual(book.countriesOf(customers), ["ES", "FR", "DE", "FR"]);
    book.add("a", "IT", 2, 2, 1, 1, 5, true);
    book.add("a", "IT", 3, 3, 1, 1, 6, true);
    assert.deepEqual(book.countriesOf(customers), ["ES", "IT", "DE", "IT"]);
    assert.deepEqual(
      book.countriesOf(customers),
      Array.from(customers, (c) => book.country(c))
    );
  });

  test("OrderBook grows past its initial capacity without losing entries", () => {
    const book = new OrderBook();
    const n = 5000;
    for (let i = 0; i < n; i++) book.add(`c${i % 7}`, "FR", `o${i}`, i, i / 4, i % 3, i + 2, i % 2 === 0);
    assert.equal(book.size, n);
    for (let e = 0; e < n; e++) {
      assert.equal(book.customerIds[book.customer[e]], `c${e % 7}`);
      assert.equal(book.day[e], e);
      assert.equal(book.revenueOf(e), e / 4);
      assert.equal(book.units[e], e % 3);
      assert.equal(book.rows[e], 1);
      assert.equal(book.firstLine(e), e + 2);
      assert.equal(book.purchase[e], e % 2 === 0 ? 1 : 0);
    }
    assert.equal(book.minDay, 0);
    assert.equal(book.maxDay, n - 1);
  });

  test("an empty OrderBook has no customers and infinite day bounds", () => {
    const book = new OrderBook();
    assert.equal(book.size, 0);
    assert.equal(book.customers, 0);
    assert.equal(book.minDay, Infinity);
    assert.equal(book.maxDay, -Infinity);
  });
});

describe("OrderBook.releaseEntries", () => {
  test("releaseEntries() drops the entries and keeps customers, ids, countries and dates", () => {
    const book = new OrderBook();
    book.add("a", "FR", "1", 100, 10, 1, 2, true);
    book.add("b", "DE", "2", 105, 5, 1, 3, true);
    book.add("b", "AT", "3", 106, 5, 1, 4, true);
    book.add("b", "AT", "4", 107, 5, 1, 5, true);
    book.releaseEntries();
    assert.equal(book.size, 0);
    assert.equal(book.revenue.length, 0);
    assert.deepEqual(book.customerIds, ["a", "b"]);
    assert.equal(book.country(0), "FR");
    assert.equal(book.country(1), "AT");
    assert.deepEqual([book.minDay, book.maxDay], [100, 107]);
    assert.throws(() => book.add("c", "FR", "5", 108, 1, 1, 6, true), /lines added after releaseEntries/);
  });
});
