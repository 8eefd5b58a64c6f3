import assert from "node:assert/strict";
import {test} from "node:test";
import fc from "fast-check";
import {compareText} from "../data-loaders/site-stats.ts";
import {topByRevenue} from "../data-loaders/site-top-revenue.ts";

/** The simple reference: sort every member, keep the first `limit`. */
function reference(members: number[], revenue: Float64Array, id: string[], limit: number): number[] {
  return [...members].sort((a, b) => revenue[b] - revenue[a] || compareText(id[a], id[b])).slice(0, limit);
}

test("topByRevenue(members, revenue, id, limit) equals sorting every member and keeping the first limit", () => {
  fc.assert(
    fc.property(
      // Few distinct revenues, so that many members tie at the limit; -0 and 0 among them.
      fc.array(fc.constantFrom(-Infinity, -5, -0, 0, 1.5, 2, 2, 7, 1e9, Infinity), {maxLength: 60}),
      fc.integer({min: 1, max: 70}),
      fc.integer({min: 0, max: 1000}),
      (values, limit, salt) => {
        const revenue = Float64Array.from(values);
        // Unique ids whose text order is not their index order.
        const id = values.map((_, i) => `C${(i * 7919 + salt) % 100_003}`);
        const members = values.map((_, i) => i).filter((i) => (i + salt) % 3 !== 0);
        assert.deepEqual(topByRevenue(members, revenue, id, limit), reference(members, revenue, id, limit));
      }
    )
  );
});

test("topByRevenue keeps the members tied at the limit in id order", () => {
  const revenue = Float64Array.from([5, 3, 3, 3, 1]);
  const id = ["e", "d", "b", "c", "a"];
  assert.deepEqual(topByRevenue([0, 1, 2, 3, 4], revenue, id, 3), [0, 2, 3]);
});

test("topByRevenue with a NaN revenue gives what the full sort gives", () => {
  const revenue = Float64Array.from([4, Number.NaN, 9, 1, 6]);
  const id = ["a", "b", "c", "d", "e"];
  const members = [0, 1, 2, 3, 4];
  assert.deepEqual(topByRevenue(members, revenue, id, 2), reference(members, revenue, id, 2));
});

test("topByRevenue names a limit that is not a whole number ≥ 1", () => {
  for (const limit of [0, -1, 2.5, Number.NaN]) {
    assert.throws(() => topByRevenue([0], Float64Array.from([1]), ["a"], limit), /^Error: invalid limit: /);
  }
});
