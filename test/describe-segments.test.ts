import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {describeSegments, type SegmentInput} from "../data-loaders/describe-segments.ts";
import {archetypeOf} from "../data-loaders/segment-names.ts";
import {describeOnThreadFor, describeThreadFrom, type SegmentColumns} from "../data-loaders/segment-description.ts";
import {describeOnThread} from "../scripts/describe-on-thread.ts";
import type {Features} from "../data-loaders/types.ts";

const centroid = (recency_days: number, frequency: number, revenue: number): Features => ({
  recency_days,
  frequency,
  revenue
});

/** Two clear clusters: recent, frequent big spenders and lapsed one-off small spenders. */
const twoClusters: SegmentInput = {
  k: 2,
  assignments: [0, 0, 0, 1, 1, 1],
  recencyDays: [1, 2, 3, 200, 300, 400],
  frequency: [10, 12, 14, 1, 1, 2],
  revenue: [1000, 1100, 1200, 10, 20, 30],
  centroids: [centroid(2, 12, 1100), centroid(290, 1.3, 19.5)],
  overrides: {}
};

/** Eight middling customers and `lapsed.length` lapsed one-off customers, each alone in a cluster. */
function withLapsed(lapsedRevenue: number[]): SegmentInput {
  const m = lapsedRevenue.length;
  const assignments: number[] = [];
  const recencyDays: number[] = [];
  const frequency: number[] = [];
  const revenue: number[] = [];
  for (let i = 0; i < 8; i++) {
    assignments.push(m);
    recencyDays.push(i + 1);
    frequency.push(10 + i);
    revenue.push(1000 + 100 * i);
  }
  lapsedRevenue.forEach((value, c) => {
    assignments.push(c);
    recencyDays.push(300 + 10 * c);
    frequency.push(1);
    revenue.push(value);
  });
  return {
    k: m + 1,
    assignments,
    recencyDays,
    frequency,
    revenue,
    centroids: Array.from({length: m + 1}, (_, c) => centroid(c, c, c)),
    overrides: {}
  };
}

describe("describeSegments", () => {
  test("describeSegments profiles each cluster's medians against the whole population", () => {
    const [first, second] = describeSegments(twoClusters);
    // Cluster 0: median recency 2 (mid-rank 1.5/6), frequency 12 (4.5/6), revenue 1100 (4.5/6).
    assert.deepEqual(first.profile, {recency: "recent", frequency: "high", revenue: "high"});
    assert.equal(first.profileKey, "recent-high-high");
    assert.equal(first.name, "Champions");
    // Cluster 1: median recency 300 (4.5/6), frequency 1 (1/6), revenue 20 (1.5/6).
    assert.deepEqual(second.profile, {recency: "lapsed", frequency: "low", revenue: "low"});
    assert.equal(second.profileKey, "lapsed-low-low");
    assert.equal(second.name, "Lost");
    assert.equal(second.relationship, archetypeOf(second.profile).relationship);
  });

  test("describeSegments counts size, share, revenue, revenue share and orders per cluster", () => {
    const [first, second] = describeSegments(twoClusters);
    assert.deepEqual([first.cluster, first.size, first.share, first.revenue, first.orders], [0, 3, 0.5, 3300, 36]);
    assert.deepEqual([second.cluster, second.size, second.share, second.revenue, second.orders], [1, 3, 0.5, 60, 4]);
    assert.equal(first.revenueShare, 3300 / 3360);
    assert.equal(second.revenueShare, 60 / 3360);
    assert.deepEqual(first.median, {recency_days: 2, frequency: 12, revenue: 1100});
    assert.deepEqual(second.median, {recency_days: 300, frequency: 1, revenue: 20});
    assert.deepEqual(first.centroid, twoClusters.centroids[0]);
  });

  test("describeSegments writes a headline and a description with the cluster's and everyone's medians", () => {
    const [first, second] = describeSegments(twoClusters);
    assert.equal(first.headline, "Bought recently, often, high spend: 3 customers (50 %) bringing 98.2 % of revenue.");
    assert.equal(
      second.headline,
      "Last bought long ago, rarely, low spend: 3 customers (50 %) bringing 1.8 % of revenue."
    );
    // Population medians: recency (3 + 200) / 2, frequency (2 + 10) / 2, revenue (30 + 1000) / 2.
    assert.equal(
      first.description,
      `${archetypeOf(first.profile).meaning} Their typical customer last bought 2 days before the reference date ` +
        "(all customers: 101.5), placed 12 orders (all: 6) and spent 1,100.00 (all: 515.00). " +
        "They are 50 % of customers and bring 98.2 % of revenue."
    );
    assert.match(second.description, /placed 1 order \(all: 6\)/);
  });

  test("describeSegments names are unique: the higher median revenue is (higher value)", () => {
    const segments = describeSegments(withLapsed([10, 5]));
    assert.deepEqual(segments[0].profile, {recency: "lapsed", frequency: "low", revenue: "low"});
    assert.deepEqual(segments[1].profile, {recency: "lapsed", frequency: "low", revenue: "low"});
    assert.equal(segments[0].name, "Lost (higher value)");
    assert.equal(segments[1].name, "Lost (lower value)");
    assert.equal(segments[2].name, archetypeOf(segments[2].profile).name);
    const swapped = describeSegments(withLapsed([5, 10]));
    assert.equal(swapped[0].name, "Lost (lower value)");
    assert.equal(swapped[1].name, "Lost (higher value)");
  });

  test("describeSegments names are unique when three clusters share an archetype", () => {
    const segments = describeSegments(withLapsed([10, 5, 7]));
    const names = segments.map((s) => s.name);
    assert.equal(new Set(names).size, names.length, names.join(" | "));
    assert.equal(names[0], "Lost (higher value)");
  });

  test("describeSegments applies overrides by profile key and keeps the other texts", () => {
    const [first, second] = describeSegments({
      ...twoClusters,
      overrides: {"recent-high-high": {name: "VIPs", relationship: "Invite them to the preview evening."}}
    });
    assert.equal(first.name, "VIPs");
    assert.equal(first.relationship, "Invite them to the preview evening.");
    assert.match(first.headline, /^Bought recently, often, high spend/);
    assert.equal(second.name, "Lost");
  });

  test("describeSegments names stay unique when an override names a profile two clusters share", () => {
    const segments = describeSegments({...withLapsed([10, 5]), overrides: {"lapsed-low-low": {name: "Gone"}}});
    const names = segments.map((s) => s.name);
    assert.equal(new Set(names).size, names.length, names.join(" | "));
    assert.ok(names[0].startsWith("Gone") && names[1].startsWith("Gone"));
  });

  test("describeSegments shares add up to 1 over the clusters", () => {
    const segments = describeSegments(withLapsed([10, 5, 7]));
    const n = 11;
    assert.equal(
      segments.reduce((total, s) => total + s.size, 0),
      n
    );
    assert.ok(Math.abs(segments.reduce((total, s) => total + s.share, 0) - 1) < 1e-12);
    assert.ok(Math.abs(segments.reduce((total, s) => total + s.revenueShare, 0) - 1) < 1e-12);
  });
});

describe("describeOnThreadFor", () => {
  /** `n` customers in four clusters, with features in the ranges of a real export. */
  function columns(n: number): SegmentColumns {
    const input: SegmentColumns = {
      k: 4,
      assignments: new Int32Array(n),
      recencyDays: new Float64Array(n),
      frequency: new Float64Array(n),
      revenue: new Float64Array(n),
      centroids: [centroid(10, 20, 5000), centroid(60, 5, 800), centroid(200, 2, 150), centroid(330, 1, 40)],
      overrides: {}
    };
    for (let i = 0; i < n; i++) {
      const cluster = (i * 7919) % 4;
      input.assignments[i] = cluster;
      input.recencyDays[i] = 1 + ((i * 104729) % 90) + 80 * cluster;
      input.frequency[i] = 1 + ((i * 31) % 25) / (cluster + 1);
      input.revenue[i] = Math.round(((i * 2654435761) % 600000) / (cluster + 1)) / 100;
    }
    return input;
  }
  const copy = (input: SegmentColumns): SegmentColumns => ({
    ...input,
    assignments: input.assignments.slice(),
    recencyDays: input.recencyDays.slice(),
    frequency: input.frequency.slice(),
    revenue: input.revenue.slice()
  });

  test("describeOnThread(input, transfer) answers what describeSegments(input) makes here", async () => {
    const input = columns(20_000);
    const expected = describeSegments(copy(input));
    assert.deepEqual(await describeOnThread(input, [input.revenue.buffer as ArrayBuffer]), expected);
    // The transferred features moved to the thread.
    assert.equal(input.revenue.length, 0);
  });

  test("describeOnThread(input, transfer, signal) stops the thread and rejects with the reason once signal aborts", async () => {
    // A million customers take the thread some hundreds of milliseconds; the abort comes first.
    const input = columns(1_000_000);
    const controller = new AbortController();
    const described = describeOnThread(input, [input.revenue.buffer as ArrayBuffer], controller.signal);
    setTimeout(() => controller.abort(new Error("the run failed")), 20);
    await assert.rejects(described, /the run failed/);
    const aborted = new AbortController();
    aborted.abort(new Error("failed before"));
    await assert.rejects(describeOnThread(columns(10), [], aborted.signal), /failed before/);
  });

  test("describeOnThreadFor(input, clustered, run) starts the thread from describeThreadFrom customers, moving the features", async () => {
    const calls: number[] = [];
    const run = async (input: SegmentColumns, transfer: ArrayBuffer[]) => {
      calls.push(transfer.length);
      return describeSegments(input);
    };
    const small = columns(1000);
    assert.equal(
      describeOnThreadFor(() => copy(small), describeThreadFrom - 1, run),
      null
    );
    assert.equal(
      describeOnThreadFor(() => copy(small), describeThreadFrom, undefined),
      null
    );
    assert.deepEqual(calls, []);
    const large = columns(describeThreadFrom);
    const moved = copy(large);
    const described = describeOnThreadFor(() => moved, describeThreadFrom, run);
    assert.ok(described instanceof Promise);
    assert.deepEqual(await described, describeSegments(large));
    assert.deepEqual(calls, [3]);
  });

  test("describeOnThreadFor rejects with the thread's error", async () => {
    const failing = async () => {
      throw new Error("the describe thread failed");
    };
    const described = describeOnThreadFor(() => columns(10), describeThreadFrom, failing);
    assert.ok(described !== null);
    await assert.rejects(described, /the describe thread failed/);
  });
});
