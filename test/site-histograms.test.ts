import assert from "node:assert/strict";
import {test} from "node:test";
import {featureHistograms} from "../data-loaders/site-histograms.ts";
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
