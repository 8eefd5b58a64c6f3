import assert from "node:assert/strict";
import {test} from "node:test";
import {bisectRight, tickStep} from "d3";
import fc from "fast-check";
import {SegmentedCustomers} from "../data-loaders/segmented-customers.ts";
import {featureHistograms, features, type Feature, type Histogram} from "../data-loaders/site-histograms.ts";
import {round} from "../data-loaders/site-stats.ts";
import type {CustomerRecord} from "../data-loaders/types.ts";
import {fixture} from "./site-fixture.ts";

test("every clustered customer is counted once per histogram, in its segment", () => {
  const {customers: table, records: customers} = fixture();
  const histograms = featureHistograms(table, [0, 1, 2]);
  assert.equal(histograms.length, 6);
  for (const h of histograms) {
    for (const {cluster, counts} of h.counts) {
      assert.equal(counts.length, h.thresholds.length - 1);
      const members = customers.filter((c) => c.cluster === cluster).length;
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        members,
        `${h.feature} ${h.scale} cluster ${cluster}`
      );
    }
    for (let i = 1; i < h.thresholds.length; i++) assert.ok(h.thresholds[i] > h.thresholds[i - 1]);
  }
});

test("raw histograms clamp the top percent into the last bin and say how many; log1p ones do not", () => {
  const {customers: table, records: customers} = fixture();
  const histograms = featureHistograms(table, [0, 1, 2]);
  const revenue = histograms.find((h) => h.feature === "revenue" && h.scale === "raw")!;
  const values = customers.filter((c) => c.cluster !== null).map((c) => c.revenue);
  assert.ok(revenue.clampedFrom !== null);
  assert.equal(revenue.clamped, values.filter((v) => v >= revenue.clampedFrom!).length);
  assert.ok(revenue.clamped <= Math.ceil(0.02 * values.length));
  for (const h of histograms.filter((h) => h.scale === "log1p")) assert.equal(h.clampedFrom, null);
  // Orders and days are whole numbers: raw bins are whole too.
  const orders = histograms.find((h) => h.feature === "frequency" && h.scale === "raw")!;
  assert.ok(orders.thresholds.every(Number.isInteger));
});

test("the same customers give the same bins", () => {
  const {customers: table} = fixture();
  assert.deepEqual(featureHistograms(table, [0, 1, 2]), featureHistograms(table, [0, 1, 2]));
});

/** The sorting reference: percentiles from a sorted copy, bins from d3's bisectRight, one record at a time. */
function referenceHistograms(customers: CustomerRecord[], clusters: number[], bins = 40): Histogram[] {
  const clustered = customers.filter((customer) => customer.cluster !== null);
  const integer = new Set<Feature>(["recency_days", "frequency"]);
  const valueOf = {
    recency_days: (c: CustomerRecord) => c.recencyDays,
    frequency: (c: CustomerRecord) => c.frequency,
    revenue: (c: CustomerRecord) => c.revenue
  };
  return features.flatMap((feature) =>
    (["raw", "log1p"] as const).map((scale) => {
      const raw = clustered.map(valueOf[feature]);
      const values = scale === "log1p" ? raw.map((value) => Math.log1p(value)) : raw;
      const sorted = Float64Array.from(values).sort();
      const n = sorted.length;
      const lo = n ? sorted[0] : 0;
      const hi = n ? (scale === "raw" ? sorted[Math.floor(0.99 * (n - 1))] : sorted[n - 1]) : 1;
      let step = hi > lo ? tickStep(lo, hi, bins) : 1;
      if (scale === "raw" && integer.has(feature)) step = Math.max(1, Math.round(step));
      const start = Math.floor(lo / step) * step;
      const count = Math.floor(hi / step) - Math.floor(lo / step) + 1;
      const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
      const thresholds = Array.from({length: count + 1}, (_, i) => round(start + i * step, digits));
      const end = thresholds[count];
      const counts = clusters.map(() => new Array<number>(count).fill(0));
      let clamped = 0;
      values.forEach((value, i) => {
        if (value >= end) clamped++;
        const bin = Math.min(count - 1, Math.max(0, bisectRight(thresholds, value) - 1));
        counts[clusters.indexOf(clustered[i].cluster!)][bin]++;
      });
      return {
        feature,
        scale,
        thresholds,
        counts: clusters.map((cluster, c) => ({cluster, counts: counts[c]})),
        clampedFrom: clamped ? end : null,
        clamped
      };
    })
  );
}

test("featureHistograms(customers, clusters) equals the sorting reference, on the fixture and on edge values", () => {
  const {customers: table, records} = fixture();
  assert.deepEqual(featureHistograms(table, [0, 1, 2]), referenceHistograms(records, [0, 1, 2]));
  // Ties, zeros of both signs, values exactly on bin edges and a long tail.
  const edges = records.map((record, i) => ({
    ...record,
    recencyDays: [0, 10, 20, 20, 35, 365][i % 6],
    frequency: [1, 1, 2, 5, 40][i % 5],
    revenue: [-0, 0, 100, 250, 250, 1e6, 12.5][i % 7]
  }));
  for (const bins of [1, 7, 40]) {
    assert.deepEqual(
      featureHistograms(SegmentedCustomers.fromRecords(edges), [0, 1, 2], {bins}),
      referenceHistograms(edges, [0, 1, 2], bins),
      `${bins} bins`
    );
  }
});

test("featureHistograms of no clustered customers equals the reference", () => {
  const {records} = fixture();
  const none = records.map((record) => ({...record, cluster: null}));
  assert.deepEqual(
    featureHistograms(SegmentedCustomers.fromRecords(none), [0, 1, 2]),
    referenceHistograms(none, [0, 1, 2])
  );
});

test("featureHistograms equals the sorting reference on any clustered values: magnitudes, ties, few and many bins", () => {
  const {records} = fixture();
  // What clustered customers have: whole days of recency ≥ 0, whole orders ≥ 1, revenue ≥ 0 in cents.
  const whole = (min: number, max: number) => fc.oneof(fc.integer({min, max}), fc.constantFrom(min, min + 1, max));
  const cents = fc.oneof(
    fc.integer({min: 0, max: 1e14}).map((cent) => cent / 100),
    fc.constantFrom(0, 0.01, 0.1, 0.3, 2.5, 1e9)
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          recencyDays: whole(0, 100_000),
          frequency: whole(1, 1_000_000),
          revenue: cents,
          cluster: fc.constantFrom(0, 1, 2)
        }),
        {minLength: 1, maxLength: 60}
      ),
      fc.integer({min: 1, max: 60}),
      (rows, bins) => {
        const customers = rows.map((row, i) => ({...records[i % records.length], ...row}));
        assert.deepEqual(
          featureHistograms(SegmentedCustomers.fromRecords(customers), [0, 1, 2], {bins}),
          referenceHistograms(customers, [0, 1, 2], bins)
        );
      }
    ),
    {numRuns: 400}
  );
});
