import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {dayFromCivil} from "../data-loaders/dates.ts";
import {ExclusionLedger} from "../data-loaders/ledger.ts";
import {OrderBook} from "../data-loaders/order-book.ts";
import {
  computeRfm,
  computeRfmOnThreads,
  inWindow,
  sumCustomers,
  type CustomerSumsTask,
  type RfmTable
} from "../data-loaders/rfm.ts";
import {sumCustomersOnThread} from "../scripts/sum-customers-on-thread.ts";

/** The slot of entry `e`'s customer, or -1 when the entry is outside the window. */
function entrySlot(rfm: RfmTable, book: OrderBook, e: number): number {
  return inWindow(rfm, book.day[e]) ? rfm.slotOfCustomer[book.customer[e]] : -1;
}

const day = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return dayFromCivil(y, m, d);
};

/** Adds lines [customer, order, iso date, revenue, purchase?] to a new book. */
function bookOf(lines: [string, string, string, number, boolean?][]): OrderBook {
  const book = new OrderBook();
  lines.forEach(([customer, order, iso, revenue, purchase], i) =>
    book.add(customer, "FR", order, day(iso), revenue, 1, i + 2, purchase ?? true)
  );
  return book;
}

function byCustomer(book: OrderBook, rfm: ReturnType<typeof computeRfm>) {
  const result: Record<string, {recency: number; frequency: number; revenue: number; units: number}> = {};
  rfm.customer.forEach((c, slot) => {
    result[book.customerIds[c]] = {
      recency: rfm.recencyDays[slot],
      frequency: rfm.frequency[slot],
      revenue: rfm.revenue[slot],
      units: rfm.units[slot]
    };
  });
  return result;
}

describe("computeRfm", () => {
  test("computeRfm(book) counts recency to the day after the latest transaction", () => {
    const book = bookOf([
      ["a", "1", "2011-01-01", 10],
      ["a", "2", "2011-03-01", 20],
      ["b", "3", "2011-03-10", 5]
    ]);
    const ledger = new ExclusionLedger();
    const rfm = computeRfm(book, ledger, {window: "all", referenceDate: null, frequency: "orders"});
    assert.equal(rfm.referenceDay, day("2011-03-11"));
    assert.equal(rfm.startDay, day("2011-01-01"));
    assert.deepEqual(byCustomer(book, rfm), {
      a: {recency: 10, frequency: 2, revenue: 30, units: 2},
      b: {recency: 1, frequency: 1, revenue: 5, units: 1}
    });
    assert.deepEqual(ledger.toJSON(), {});
  });

  test("computeRfm(book, {window: 365}) tallies older orders as outside_window", () => {
    const book = bookOf([
      ["a", "1", "2010-03-02", 7], // 366 days before the reference date: outside
      ["a", "1", "2010-03-02", 3], // same order: one entry of two lines
      ["a", "2", "2010-03-03", 11], // exactly 365 days before: inside
      ["b", "3", "2009-01-01", 4], // outside; b has nothing inside
      ["a", "4", "2011-03-02", 1]
    ]);
    const ledger = new ExclusionLedger();
    const rfm = computeRfm(book, ledger, {window: 365, referenceDate: null, frequency: "orders"});
    assert.equal(rfm.referenceDay, day("2011-03-03"));
    assert.equal(rfm.startDay, day("2010-03-03"));
    assert.deepEqual(ledger.toJSON(), {outside_window: {lines: 3, revenue: 14, examples: [2, 5]}});
    assert.deepEqual(byCustomer(book, rfm), {a: {recency: 1, frequency: 2, revenue: 12, units: 2}});
    assert.deepEqual(
      Array.from({length: book.size}, (_, e) => entrySlot(rfm, book, e)),
      [-1, 0, -1, 0]
    );
  });

  test("computeRfm(book, {referenceDate}) tallies orders on or after it as after_reference_date", () => {
    const book = bookOf([
      ["a", "1", "2020-01-10", 10],
      ["a", "2", "2020-01-31", 20],
      ["a", "3", "2020-02-01", 30],
      ["b", "4", "2020-02-01", 40]
    ]);
    const ledger = new ExclusionLedger();
    const rfm = computeRfm(book, ledger, {window: 30, referenceDate: "2020-01-31", frequency: "orders"});
    assert.equal(rfm.referenceDay, day("2020-01-31"));
    assert.equal(rfm.startDay, day("2020-01-01"));
    assert.deepEqual(ledger.toJSON(), {after_reference_date: {lines: 3, revenue: 90, examples: [3, 4, 5]}});
    assert.deepEqual(byCustomer(book, rfm), {a: {recency: 21, frequency: 1, revenue: 10, units: 1}});
  });

  test("computeRfm(book, {frequency: rows}) counts the lines of purchase orders", () => {
    const book = bookOf([
      ["a", "d1", "2020-01-01", 1],
      ["a", "d1", "2020-01-01", 1],
      ["a", "d2", "2020-01-02", 1],
      ["a", "d3", "2020-01-03", -1, false]
    ]);
    const rows = computeRfm(book, new ExclusionLedger(), {window: "all", referenceDate: null, frequency: "rows"});
    assert.equal(rows.frequency[0], 3);
    const orders = computeRfm(book, new ExclusionLedger(), {window: "all", referenceDate: null, frequency: "orders"});
    assert.equal(orders.frequency[0], 2);
  });

  test("computeRfm counts recency from the last purchase, and from the last activity when there is none", () => {
    const book = bookOf([
      ["a", "1", "2020-01-01", 50],
      ["a", "r", "2020-01-08", -10, false],
      ["b", "r2", "2020-01-05", -5, false],
      ["c", "2", "2020-01-09", 1]
    ]);
    const rfm = computeRfm(book, new ExclusionLedger(), {window: "all", referenceDate: null, frequency: "orders"});
    assert.deepEqual(byCustomer(book, rfm), {
      a: {recency: 9, frequency: 1, revenue: 40, units: 2},
      b: {recency: 5, frequency: 0, revenue: -5, units: 1},
      c: {recency: 1, frequency: 1, revenue: 1, units: 1}
    });
  });

  test("computeRfm rounds each customer's revenue to cents", () => {
    const book = bookOf([
      ["a", "1", "2020-01-01", 0.1],
      ["a", "2", "2020-01-02", 0.2],
      ["b", "3", "2020-01-02", -0.004]
    ]);
    const rfm = computeRfm(book, new ExclusionLedger(), {window: "all", referenceDate: null, frequency: "orders"});
    assert.equal(rfm.revenue[0], 0.3);
    assert.ok(Object.is(rfm.revenue[1], 0));
  });

  test("computeRfm reconciliation: every line is used or excluded, with its revenue", () => {
    const line = fc.record({
      customer: fc.constantFrom("a", "b", "c", "d"),
      order: fc.integer({min: 0, max: 8}),
      offset: fc.integer({min: 0, max: 60}),
      cents: fc.integer({min: -5000, max: 5000})
    });
    fc.assert(
      fc.property(
        fc.array(line, {minLength: 1, maxLength: 40}),
        fc.oneof(fc.constant<"all">("all"), fc.integer({min: 1, max: 40})),
        fc.option(fc.integer({min: 0, max: 70}), {nil: null}),
        (lines, window, referenceOffset) => {
          const start = dayFromCivil(2020, 1, 1);
          const book = new OrderBook();
          // An order number belongs to one day, as invoices do.
          lines.forEach(({customer, order, offset, cents}, i) =>
            book.add(customer, "FR", String(order), start + order * 7 + (offset % 7), cents / 100, 1, i + 2, cents >= 0)
          );
          const ledger = new ExclusionLedger();
          const referenceDate =
            referenceOffset === null
              ? null
              : new Date((start + referenceOffset) * 86_400_000).toISOString().slice(0, 10);
          const rfm = computeRfm(book, ledger, {window, referenceDate, frequency: "orders"});
          let usedLines = 0;
          let usedCents = 0;
          for (let e = 0; e < book.size; e++) {
            const inside =
              book.day[e] < rfm.referenceDay && (window === "all" || book.day[e] >= rfm.referenceDay - window);
            assert.equal(entrySlot(rfm, book, e) >= 0, inside);
            if (inside) {
              usedLines += book.rows[e];
              usedCents += Math.round(book.revenueOf(e) * 100);
            }
          }
          assert.equal(usedLines + ledger.totalLines, lines.length);
          const allCents = lines.reduce((total, {cents}) => total + cents, 0);
          assert.equal(usedCents + Math.round(ledger.totalRevenue * 100), allCents);
          const customerCents = Array.from(rfm.revenue).reduce((total, value) => total + Math.round(value * 100), 0);
          assert.equal(customerCents, usedCents);
        }
      ),
      {numRuns: 300}
    );
  });

  describe("computeRfmOnThreads", () => {
    const line = fc.record({
      customer: fc.integer({min: 0, max: 299}),
      order: fc.integer({min: 0, max: 40}),
      offset: fc.integer({min: 0, max: 6}),
      cents: fc.integer({min: -5000, max: 5000}),
      // Whole units, and quarters (units then sum in doubles).
      units: fc.oneof(
        fc.integer({min: -3, max: 9}),
        fc.integer({min: -12, max: 36}).map((quarters) => quarters / 4)
      )
    });
    const settings = fc.record({
      window: fc.oneof(fc.constant<"all">("all"), fc.integer({min: 1, max: 300})),
      referenceOffset: fc.option(fc.integer({min: 0, max: 300}), {nil: null}),
      frequency: fc.constantFrom<"orders" | "rows">("orders", "rows")
    });
    /** A book of 300 customers at most: several runs of 64, shared between the threads. */
    function bookFrom(lines: {customer: number; order: number; offset: number; cents: number; units: number}[]) {
      const start = dayFromCivil(2020, 1, 1);
      const book = new OrderBook();
      lines.forEach(({customer, order, offset, cents, units}, i) =>
        book.add(`c${customer}`, "FR", String(order), start + order * 7 + offset, cents / 100, units, i + 2, cents >= 0)
      );
      return {book, start};
    }
    const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
    /** On this thread, with the task cloned as a message would be: its shared memory stays shared. */
    // After this thread's own half, as a thread that answers later would: the table must wait for both halves.
    const sumHere = async (task: CustomerSumsTask) => {
      await new Promise(setImmediate);
      sumCustomers(structuredClone(task));
    };

    test("computeRfmOnThreads(book, ledger, options, run, {from: 0}) is computeRfm's table and ledger to the bit", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(line, {minLength: 1, maxLength: 600, size: "max"}),
          settings,
          async (lines, options) => {
            const {book, start} = bookFrom(lines);
            const rfmOptions = {
              window: options.window,
              referenceDate: options.referenceOffset === null ? null : iso(start + options.referenceOffset),
              frequency: options.frequency
            };
            const alone = new ExclusionLedger();
            const shared = new ExclusionLedger();
            const expected = computeRfm(book, alone, rfmOptions);
            const actual = await computeRfmOnThreads(book, shared, rfmOptions, sumHere, {from: 0});
            assert.deepEqual(actual, expected);
            assert.deepEqual(shared.toJSON(), alone.toJSON());
          }
        ),
        {numRuns: 300}
      );
    });

    test("computeRfmOnThreads with sumCustomersOnThread sums half the customers on a thread of its own", async () => {
      const lines = Array.from({length: 5000}, (_, i) => ({
        customer: (i * 7919) % 300,
        order: i % 41,
        offset: i % 7,
        cents: ((i * 104729) % 10000) - 1000,
        units: (i % 5) + 1
      }));
      const {book} = bookFrom(lines);
      const options = {window: 200, referenceDate: null, frequency: "orders" as const};
      let parts: number[] = [];
      const onThread = async (task: CustomerSumsTask) => {
        parts.push(task.part);
        await sumCustomersOnThread(task);
      };
      const expected = computeRfm(book, new ExclusionLedger(), options);
      assert.deepEqual(await computeRfmOnThreads(book, new ExclusionLedger(), options, onThread, {from: 0}), expected);
      assert.deepEqual(parts, [1]);
      // Below `from`, everything is summed here.
      parts = [];
      const from = book.size + 1;
      assert.deepEqual(await computeRfmOnThreads(book, new ExclusionLedger(), options, onThread, {from}), expected);
      assert.deepEqual(parts, []);
    });

    test("computeRfmOnThreads rejects with the thread's error", async () => {
      const {book} = bookFrom([{customer: 1, order: 1, offset: 0, cents: 100, units: 1}]);
      const failing = async () => {
        throw new Error("the sums thread failed");
      };
      await assert.rejects(
        computeRfmOnThreads(
          book,
          new ExclusionLedger(),
          {window: "all", referenceDate: null, frequency: "orders"},
          failing,
          {
            from: 0
          }
        ),
        /the sums thread failed/
      );
      await assert.rejects(sumCustomersOnThread({} as CustomerSumsTask), /columns|undefined/);
      const aborted = new AbortController();
      aborted.abort(new Error("the run failed"));
      await assert.rejects(sumCustomersOnThread({} as CustomerSumsTask, aborted.signal), /the run failed/);
    });
  });
});
