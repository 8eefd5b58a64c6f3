import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {OrderBook} from "../data-loaders/order-book.ts";

interface Line {
  customer: string;
  order: number;
  day: number;
  purchase: boolean;
}

/** The entries a book should hold, worked out line by line with plain maps. */
function model(lines: Line[], orderOf: (line: Line) => string | number) {
  const entries = new Map<string, {order: number; day: number; rows: number; purchaseRows: number}>();
  const orderNumbers = new Map<string, number>();
  for (const line of lines) {
    const key = orderOf(line);
    let order: number;
    if (typeof key === "number") order = key;
    else {
      if (!orderNumbers.has(key)) orderNumbers.set(key, orderNumbers.size);
      order = orderNumbers.get(key)!;
    }
    const id = `${line.customer}/${order}`;
    let entry = entries.get(id);
    if (!entry) entries.set(id, (entry = {order, day: line.day, rows: 0, purchaseRows: 0}));
    entry.day = Math.max(entry.day, line.day);
    entry.rows++;
    if (line.purchase) entry.purchaseRows++;
  }
  return [...entries.values()].map((entry) => ({...entry, purchase: entry.purchaseRows > 0 ? 1 : 0}));
}

function columns(book: OrderBook) {
  return Array.from({length: book.size}, (_, e) => ({
    order: book.order[e],
    day: book.day[e],
    rows: book.rows[e],
    purchaseRows: book.purchaseRows[e],
    purchase: book.purchase[e]
  }));
}

const line = fc.record({
  customer: fc.constantFrom("a", "b", "c"),
  order: fc.integer({min: 0, max: 3}),
  day: fc.integer({min: 0, max: 3}),
  purchase: fc.boolean()
});

describe("OrderBook columns made on demand", () => {
  test("order, purchaseRows and purchase read as if kept from the first line, whenever the first return or other order comes", () => {
    // Orders as days (weekly files), as numbers other than the day, and as text (invoices); purchases mostly.
    const ways: ((l: Line) => string | number)[] = [(l) => l.day, (l) => l.order, (l) => `#${l.order}`];
    fc.assert(
      fc.property(
        fc.array(line, {maxLength: 30}),
        fc.integer({min: 0, max: 2}),
        fc.integer({min: 0, max: 30}),
        (lines, way, firstReturn) => {
          // Returns only from one point on, so that books also see a long run of purchases first.
          const fed = lines.map((l, i) => ({...l, purchase: i < firstReturn || l.purchase}));
          const book = new OrderBook();
          fed.forEach((l, i) => book.add(l.customer, "FR", ways[way](l), l.day, 1, 1, i + 2, l.purchase));
          assert.deepEqual(columns(book), model(fed, ways[way]));
          assert.equal(
            book.onlyPurchases,
            fed.every((l) => l.purchase)
          );
        }
      ),
      {numRuns: 1000}
    );
  });

  test("a book of a million entries of day orders and purchases only keeps neither order nor purchase columns apart", () => {
    const book = new OrderBook();
    const c = book.addCustomer("a", "FR");
    const values = Float64Array.of(1, 1);
    for (let e = 0; e < 1_000_000; e++) book.appendEntry(c, e, e, values, 0, e + 2, true);
    assert.equal(book.order, book.day);
    assert.equal(book.purchaseRows, book.rows);
    assert.equal(book.onlyPurchases, true);
    assert.equal(book.purchase[999_999], 1);
    // The first return splits the columns, with every earlier entry a purchase.
    book.addToEntry(5, 5, values, 0, false);
    assert.equal(book.onlyPurchases, false);
    assert.deepEqual([book.purchaseRows[5], book.rows[5], book.purchase[5], book.purchase[999_999]], [1, 2, 1, 1]);
  });

  test("units read as the sums of doubles, whether they stay whole int32 numbers or not", () => {
    const unit = fc.oneof(
      fc.integer({min: -5, max: 9}),
      fc.constantFrom(0.5, 2 ** 31 - 1, -(2 ** 31), 1e-17, 3e9),
      fc.double({min: -1e6, max: 1e6, noNaN: true})
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b"), fc.integer({min: 0, max: 2}), unit), {maxLength: 30}),
        (lines) => {
          const book = new OrderBook();
          const expected = new Map<string, number>();
          lines.forEach(([customer, order, units], i) => {
            book.add(customer, "FR", order, order, 1, units, i + 2, true);
            expected.set(`${customer}/${order}`, (expected.get(`${customer}/${order}`) ?? 0) + units);
          });
          assert.deepEqual(Array.from(book.units.subarray(0, book.size)), [...expected.values()]);
        }
      ),
      {numRuns: 1000}
    );
  });
});
