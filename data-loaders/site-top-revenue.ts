import {quickselect} from "d3";
import {compareText} from "./site-stats.ts";

/**
 * The `limit` members with the highest revenue, highest first, ties by id: what sorting all of them and keeping
 * the first `limit` gives. Only the members at or above the limit-th revenue are sorted with that comparison, so a
 * table of the top 20,000 of 1.7M customers sorts 20,000 objects' worth, not 1.7M.
 */
export function topByRevenue(
  members: ArrayLike<number>,
  revenue: Float64Array,
  id: readonly string[],
  limit: number
): number[] {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`invalid limit: ${limit}; expected a whole number ≥ 1`);
  const n = members.length;
  // Every member is a candidate unless a threshold narrows them: when there are more than `limit`, and no NaN,
  // which compares as equal to anything in the full sort.
  let threshold: number | null = null;
  if (n > limit) {
    const values = new Float64Array(n);
    let nan = false;
    for (let i = 0; i < n; i++) {
      const value = (values[i] = revenue[members[i]]);
      if (value !== value) nan = true;
    }
    if (!nan) threshold = quickselect(values, n - limit)[n - limit];
  }
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (threshold === null || revenue[members[i]] >= threshold) candidates.push(members[i]);
  return candidates.sort((a, b) => revenue[b] - revenue[a] || compareText(id[a], id[b])).slice(0, limit);
}
