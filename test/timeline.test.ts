import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {dayFromCivil} from "../data-loaders/dates.ts";
import {OrderBook} from "../data-loaders/order-book.ts";
import {monthlyTimeline} from "../data-loaders/timeline.ts";

const day = (y: number, m: number, d: number) => dayFromCivil(y, m, d);

describe("monthlyTimeline", () => {
  test("monthlyTimeline sums revenue, units and purchase orders per month and cluster", () => {
    const book = new OrderBook();
    book.add("a", "FR", "1", day(2020, 1, 5), 10, 2, 2, true); // e0
    book.add("a", "FR", "2", day(2020, 1, 31), 5.5, 1, 3, true); // e1
    book.add("a", "FR", "3", day(2020, 1, 20), -3, -1, 4, false); // e2: a return, not an order
    book.add("b", "FR", "4", day(2020, 1, 6), 7, 7, 5, true); // e3
    book.add("b", "FR", "5", day(2020, 2, 1), 1.25, 1, 6, true); // e4
    book.add("c", "FR", "6", day(2020, 2, 29), 4, 4, 7, true); // e5: not clustered
    book.add("d", "FR", "7", day(2019, 12, 31), 100, 1, 8, true); // e6: outside the window
    const window = {startDay: day(2020, 1, 1), referenceDay: day(2020, 3, 1)};
    // a in cluster 1, b in cluster 0, c not clustered; d's only entry is outside the window.
    assert.deepEqual(monthlyTimeline(book, window, [1, 0, -1, -1]), [
      {period: "2020-01-01", cluster: 0, revenue: 7, units: 7, orders: 1},
      {period: "2020-01-01", cluster: 1, revenue: 12.5, units: 2, orders: 2},
      {period: "2020-02-01", cluster: null, revenue: 4, units: 4, orders: 1},
      {period: "2020-02-01", cluster: 0, revenue: 1.25, units: 1, orders: 1}
    ]);
  });

  test("monthlyTimeline(book, window, clusters, used) gives the lines and revenue of the entries in the window", () => {
    const book = new OrderBook();
    book.add("a", "FR", "1", day(2020, 1, 5), 10, 2, 2, true);
    book.add("a", "FR", "1", day(2020, 1, 5), 2.5, 1, 3, true);
    book.add("b", "FR", "2", day(2020, 2, 1), -1.25, -1, 4, false);
    book.add("c", "FR", "3", day(2019, 12, 31), 100, 1, 5, true); // outside the window
    book.add("c", "FR", "4", day(2020, 3, 1), 1000, 1, 6, true); // on the reference day: after the window
    const used = {revenue: -1, lines: -1};
    monthlyTimeline(book, {startDay: day(2020, 1, 1), referenceDay: day(2020, 3, 1)}, [0, 1, -1], used);
    assert.deepEqual(used, {revenue: 11.25, lines: 3});
    // No entry in the window: nothing used.
    monthlyTimeline(book, {startDay: day(2021, 1, 1), referenceDay: day(2021, 3, 1)}, [0, 1, -1], used);
    assert.deepEqual(used, {revenue: 0, lines: 0});
  });

  test("monthlyTimeline rounds revenue to cents and units to thousandths", () => {
    const book = new OrderBook();
    book.add("a", "FR", "1", day(2021, 3, 1), 0.1, 0.1, 2, true);
    book.add("a", "FR", "2", day(2021, 3, 2), 0.2, 0.2, 3, true);
    book.add("a", "FR", "3", day(2021, 3, 3), 0.0004, 0.0004, 4, true);
    const [point] = monthlyTimeline(book, {startDay: day(2021, 1, 1), referenceDay: day(2022, 1, 1)}, [0]);
    assert.equal(point.revenue, 0.3);
    assert.equal(point.units, 0.3);
  });

  test("monthlyTimeline totals equal the totals of the entries in the window", () => {
    const book = new OrderBook();
    const start = day(2019, 1, 1);
    const window = {startDay: start + 60 * 3, referenceDay: start + 190 * 3};
    let revenue = 0;
    let orders = 0;
    for (let i = 0; i < 200; i++) {
      const inWindow = i >= 60 && i < 190;
      book.add(`c${i % 9}`, "FR", `o${i}`, start + i * 3, i, 1, i + 2, i % 4 !== 0);
      if (inWindow) {
        revenue += i;
        if (i % 4 !== 0) orders++;
      }
    }
    const timeline = monthlyTimeline(book, window, [0, 1, 2, -1, 0, 1, 2, -1, 0]);
    assert.equal(
      timeline.reduce((total, p) => total + p.revenue, 0),
      revenue
    );
    assert.equal(
      timeline.reduce((total, p) => total + p.orders, 0),
      orders
    );
    for (let i = 1; i < timeline.length; i++) {
      const [a, b] = [timeline[i - 1], timeline[i]];
      assert.ok(a.period < b.period || (a.period === b.period && (a.cluster ?? -1) < (b.cluster ?? -1)));
    }
    assert.ok(timeline.every((p) => p.period.endsWith("-01")));
  });

  test("monthlyTimeline lists only months with entries, across year ends and leap days", () => {
    const book = new OrderBook();
    book.add("a", "FR", "1", day(2019, 11, 30), 1, 1, 2, true);
    book.add("a", "FR", "2", day(2020, 2, 29), 2, 1, 3, true);
    book.add("a", "FR", "3", day(2020, 3, 1), 3, 1, 4, true);
    book.add("a", "FR", "4", day(2019, 11, 1), 4, 1, 5, true);
    const timeline = monthlyTimeline(book, {startDay: day(2019, 1, 1), referenceDay: day(2021, 1, 1)}, [2]);
    assert.deepEqual(
      timeline.map(({period, revenue}) => [period, revenue]),
      [
        ["2019-11-01", 5],
        ["2020-02-01", 2],
        ["2020-03-01", 3]
      ]
    );
  });

  test("monthlyTimeline of an empty window is empty", () => {
    const book = new OrderBook();
    book.add("a", "FR", "1", day(2021, 3, 1), 1, 1, 2, true);
    assert.deepEqual(monthlyTimeline(book, {startDay: day(2022, 1, 1), referenceDay: day(2023, 1, 1)}, [0]), []);
  });
});
