import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {OrderBook} from "../data-loaders/order-book.ts";
import {bookSnapshot} from "./book-snapshot.ts";

interface Line {
  customer: string;
  country: string;
  order: string;
  day: number;
  revenue: number;
  units: number;
  purchase: boolean;
}

const line = fc.record({
  customer: fc.constantFrom("a", "b", "c", "d"),
  country: fc.constantFrom("FR", "DE", "KR"),
  order: fc.constantFrom("1", "2", "3", "C4"),
  day: fc.integer({min: -3, max: 3}),
  revenue: fc.double({min: -100, max: 100, noNaN: true}),
  units: fc.integer({min: -3, max: 9}),
  purchase: fc.boolean()
});

/**
 * Feeds the lines the way the byte readers do: customers and orders the book has not seen are added without its
 * lookups when `known` says so, and entries known to be new are appended, the others found by the book.
 */
function feedLikeBytes(book: OrderBook, lines: Line[], way: boolean[]) {
  const customers = new Map<string, number>();
  const orders = new Map<string, number>();
  const entries = new Map<string, number>();
  lines.forEach((l, i) => {
    let c = customers.get(l.customer);
    if (c === undefined)
      customers.set(
        l.customer,
        (c = way[i] ? book.addCustomer(l.customer, l.country) : book.customerNumber(l.customer, l.country))
      );
    else book.countCountry(c, l.country);
    let o = orders.get(l.order);
    if (o === undefined) orders.set(l.order, (o = way[i] ? book.addOrder(l.order) : book.orderNumber(l.order)));
    const known = entries.get(`${c}/${o}`);
    const line = i + 2;
    if (known === undefined) {
      entries.set(
        `${c}/${o}`,
        way[i]
          ? book.appendEntry(c, o, l.day, Float64Array.of(9, l.revenue, l.units), 1, line, l.purchase)
          : book.addLine(c, o, l.day, l.revenue, l.units, line, l.purchase)
      );
    } else if (way[i]) book.addToEntry(known, l.day, Float64Array.of(l.revenue, l.units), 0, l.purchase);
    else assert.equal(book.addLine(c, o, l.day, l.revenue, l.units, line, l.purchase), known);
  });
}

describe("OrderBook for the byte readers", () => {
  test("addCustomer, addOrder, appendEntry and addToEntry build the book that add() builds, mixed with lookups in any order", () => {
    fc.assert(
      fc.property(
        fc.array(line, {maxLength: 40}),
        fc.array(fc.boolean(), {minLength: 40, maxLength: 40}),
        (lines, way) => {
          const expected = new OrderBook();
          lines.forEach((l, i) =>
            expected.add(l.customer, l.country, l.order, l.day, l.revenue, l.units, i + 2, l.purchase)
          );
          const actual = new OrderBook();
          feedLikeBytes(actual, lines, way);
          assert.deepEqual(bookSnapshot(actual), bookSnapshot(expected));
        }
      ),
      {numRuns: 500}
    );
  });

  test("the book finds appended customers, orders and entries when later lines come by text", () => {
    const book = new OrderBook();
    const c = book.addCustomer("17850", "United Kingdom");
    const o = book.addOrder("536365");
    const e = book.appendEntry(c, o, 100, Float64Array.of(15.3, 6), 0, 2, true);
    book.add("17850", "United Kingdom", "536365", 101, 20.34, 6, 3, true);
    book.add("17850", "France", "536366", 102, 1, 1, 4, true);
    assert.equal(book.size, 2);
    assert.deepEqual(book.customerIds, ["17850"]);
    assert.equal(book.rows[e], 2);
    assert.equal(book.day[e], 101);
    assert.equal(book.revenueOf(e), 15.3 + 20.34);
    assert.equal(book.country(c), "United Kingdom");
    assert.equal(book.hasOnlyCountry(c, "United Kingdom"), false);
    // Customers added after the text index exists are in it too.
    const d = book.addCustomer("12347", "Iceland");
    assert.equal(book.customerNumber("12347", "Iceland"), d);
    assert.equal(book.hasOnlyCountry(d, "Iceland"), true);
    assert.equal(book.orderNumber("536366"), 1);
    assert.equal(book.addOrder("536367"), 2);
    assert.equal(book.orderNumber("536367"), 2);
  });

  test("a book of a million appended entries indexes them all when a lookup comes", () => {
    const book = new OrderBook();
    const values = Float64Array.of(1, 1);
    for (let e = 0; e < 1_000_000; e++) book.appendEntry(e % 1000, e, e % 7, values, 0, e + 2, true);
    assert.equal(book.addLine(999_999 % 1000, 999_999, 3, 1, 1, 1_000_002, true), 999_999);
    assert.equal(book.addLine(1, 999_999, 3, 1, 1, 1_000_003, true), 1_000_000);
    assert.equal(book.rows[999_999], 2);
    assert.equal(book.size, 1_000_001);
  });
});
