import {roundMoney} from "./ledger.ts";
import type {PreviousCustomer} from "./read-previous.ts";
import type {SegmentedCustomers} from "./segmented-customers.ts";
import type {SegmentSummary} from "./types.ts";

/** The label of customers who were, or are, in the base but not clustered (negative revenue, returns only). */
export const notClustered = "(not clustered)";

export interface SegmentMatch {
  /** The earlier run's segment name. */
  previous: string;
  /** The current segment with the nearest profile. */
  current: string;
  /** Distance between the two centroids in log1p(recency, frequency, revenue) space. */
  distance: number;
  customers: number;
}

export interface Transition {
  /** Earlier segment name; empty for customers who are new. */
  from: string;
  /** Current segment name; empty for customers who are gone. */
  to: string;
  customers: number;
  /** Current revenue, or the earlier revenue for customers who are gone. */
  revenue: number;
  /** True when `from` matches `to` by profile: the customers stayed in the same kind of segment. */
  stayed: boolean;
}

export interface Migration {
  previousCustomers: number;
  matches: SegmentMatch[];
  transitions: Transition[];
  retained: number;
  new: number;
  gone: number;
  /** Customers who changed segment by profile, largest flows first. */
  movements: Transition[];
}

/**
 * Compares an earlier run's assignments with the current ones. Segment identity is matched by profile: each earlier
 * segment is paired with the current segment whose centroid is nearest in log1p feature space (one to one while both
 * sides have segments left, nearest pair first), so "Champions" then and now mean the same kind of customer even if
 * cluster numbers or names changed.
 */
export function computeMigration(
  previous: PreviousCustomer[],
  current: SegmentedCustomers,
  segments: SegmentSummary[]
): Migration {
  const nameOf = new Map(segments.map((segment) => [segment.cluster, segment.name]));
  const currentCentroids = segments.map((segment) => ({
    name: segment.name,
    point: logPoint(segment.centroid.recency_days, segment.centroid.frequency, segment.centroid.revenue)
  }));
  const matches = matchSegments(previous, currentCentroids);
  const matchOf = new Map(matches.map((match) => [match.previous, match.current]));

  const {id, cluster, revenue} = current.columns;
  const currentById = new Map<string, number>();
  for (let i = 0; i < current.length; i++) currentById.set(id[i], i);
  const segmentOf = (i: number) => (cluster[i] < 0 ? notClustered : nameOf.get(cluster[i])!);
  const seen = new Set<string>();
  const cells = new Map<string, Transition>();
  const add = (from: string, to: string, revenue: number) => {
    const key = `${from}\u0000${to}`;
    let cell = cells.get(key);
    const stayed = from !== "" && to !== "" && (matchOf.get(from) ?? from) === to;
    if (!cell) cells.set(key, (cell = {from, to, customers: 0, revenue: 0, stayed}));
    cell.customers++;
    cell.revenue += revenue;
  };
  let retained = 0;
  let gone = 0;
  for (const before of previous) {
    seen.add(before.id);
    const now = currentById.get(before.id);
    const from = before.segment === "" ? notClustered : before.segment;
    if (now !== undefined) {
      retained++;
      add(from, segmentOf(now), revenue[now]);
    } else {
      gone++;
      add(from, "", before.revenue);
    }
  }
  let fresh = 0;
  for (let now = 0; now < current.length; now++) {
    if (seen.has(id[now])) continue;
    fresh++;
    add("", segmentOf(now), revenue[now]);
  }
  const transitions = [...cells.values()]
    .map((cell) => ({...cell, revenue: roundMoney(cell.revenue)}))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
  const movements = transitions
    .filter((cell) => cell.from !== "" && cell.to !== "" && !cell.stayed)
    .sort(
      (a, b) =>
        b.customers - a.customers || b.revenue - a.revenue || compareText(a.from, b.from) || compareText(a.to, b.to)
    );
  return {previousCustomers: previous.length, matches, transitions, retained, new: fresh, gone, movements};
}

function matchSegments(previous: PreviousCustomer[], current: {name: string; point: number[]}[]): SegmentMatch[] {
  // The earlier run's centroids, recomputed from its customers: the file holds features, not centroids.
  const groups = new Map<string, {sum: number[]; customers: number}>();
  for (const customer of previous) {
    if (customer.segment === "" || customer.revenue < 0) continue;
    const point = logPoint(customer.recencyDays, customer.frequency, customer.revenue);
    let group = groups.get(customer.segment);
    if (!group) groups.set(customer.segment, (group = {sum: [0, 0, 0], customers: 0}));
    group.customers++;
    for (let d = 0; d < 3; d++) group.sum[d] += point[d];
  }
  const previousCentroids = [...groups]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, {sum, customers}]) => ({name, customers, point: sum.map((value) => value / customers)}));
  const pairs = previousCentroids.flatMap((p, i) =>
    current.map((c, j) => ({i, j, distance: Math.hypot(...p.point.map((value, d) => value - c.point[d]))}))
  );
  pairs.sort((a, b) => a.distance - b.distance || a.i - b.i || a.j - b.j);
  const matched = new Map<number, {j: number; distance: number}>();
  const taken = new Set<number>();
  for (const {i, j, distance} of pairs) {
    if (matched.has(i) || taken.has(j)) continue;
    matched.set(i, {j, distance});
    taken.add(j);
  }
  // With more segments before than now, the rest pair with their nearest current segment.
  for (const {i, j, distance} of pairs) if (!matched.has(i)) matched.set(i, {j, distance});
  return previousCentroids.map((p, i) => {
    const {j, distance} = matched.get(i)!;
    return {
      previous: p.name,
      current: current[j].name,
      distance: Math.round(distance * 1e6) / 1e6,
      customers: p.customers
    };
  });
}

function logPoint(recencyDays: number, frequency: number, revenue: number): number[] {
  return [Math.log1p(recencyDays), Math.log1p(frequency), Math.log1p(Math.max(0, revenue))];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
