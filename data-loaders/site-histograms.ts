// Feature distributions, binned at build time so that the Segments page ships a few hundred numbers rather than
// one value per customer.
import {bisectRight, tickStep} from "d3";
import {round} from "./site-stats.ts";
import type {CustomerRecord} from "./types.ts";

export type Feature = "recency_days" | "frequency" | "revenue";
export type FeatureScale = "raw" | "log1p";

export interface Histogram {
  feature: Feature;
  /** raw: bins of the values; log1p: bins of log(1 + value), the space the clusters were found in. */
  scale: FeatureScale;
  /** Bin edges in the histogram's scale: bin i is [thresholds[i], thresholds[i + 1]). */
  thresholds: number[];
  /** Customers of each segment per bin. */
  counts: {cluster: number; counts: number[]}[];
  /**
   * Raw histograms stop above the 99th percentile so that a few very large customers do not squash every other
   * bar into the first: values from `clampedFrom` up are counted in the last bin. null when nothing is clamped.
   */
  clampedFrom: number | null;
  clamped: number;
}

export const features: Feature[] = ["recency_days", "frequency", "revenue"];
const integerFeatures = new Set<Feature>(["recency_days", "frequency"]);

/** Raw and log1p histograms of each feature over the clustered customers, stacked by segment. */
export function featureHistograms(
  customers: CustomerRecord[],
  clusters: number[],
  options: {bins?: number} = {}
): Histogram[] {
  const bins = options.bins ?? 40;
  const clustered = customers.filter((customer) => customer.cluster !== null);
  const histograms: Histogram[] = [];
  for (const feature of features) {
    const values = clustered.map((customer) => valueOf(customer, feature));
    for (const scale of ["raw", "log1p"] as const) {
      histograms.push(histogram(feature, scale, values, clustered, clusters, bins));
    }
  }
  return histograms;
}

function histogram(
  feature: Feature,
  scale: FeatureScale,
  raw: number[],
  customers: CustomerRecord[],
  clusters: number[],
  bins: number
): Histogram {
  const values = scale === "log1p" ? raw.map((value) => Math.log1p(value)) : raw;
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const lo = n ? sorted[0] : 0;
  const hi = n ? (scale === "raw" ? sorted[Math.floor(0.99 * (n - 1))] : sorted[n - 1]) : 1;
  let step = hi > lo ? tickStep(lo, hi, bins) : 1;
  if (scale === "raw" && integerFeatures.has(feature)) step = Math.max(1, Math.round(step));
  const start = Math.floor(lo / step) * step;
  const count = Math.floor(hi / step) - Math.floor(lo / step) + 1;
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const thresholds = Array.from({length: count + 1}, (_, i) => round(start + i * step, digits));
  const end = thresholds[count];
  const index = new Map(clusters.map((cluster, i) => [cluster, i]));
  const counts = clusters.map(() => new Array<number>(count).fill(0));
  let clamped = 0;
  values.forEach((value, i) => {
    const c = index.get(customers[i].cluster!);
    if (c === undefined)
      throw new Error(
        `customer ${JSON.stringify(customers[i].id)} is in cluster ${customers[i].cluster}, which is not a segment`
      );
    if (value >= end) clamped++;
    const bin = Math.min(count - 1, Math.max(0, bisectRight(thresholds, value) - 1));
    counts[c][bin]++;
  });
  return {
    feature,
    scale,
    thresholds,
    counts: clusters.map((cluster, c) => ({cluster, counts: counts[c]})),
    clampedFrom: clamped ? end : null,
    clamped
  };
}

function valueOf(customer: CustomerRecord, feature: Feature): number {
  switch (feature) {
    case "recency_days":
      return customer.recencyDays;
    case "frequency":
      return customer.frequency;
    case "revenue":
      return customer.revenue;
  }
}
