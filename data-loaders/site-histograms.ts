// Feature distributions, binned at build time so that the Segments page ships a few hundred numbers rather than
// one value per customer.
import {quickselect, tickStep} from "d3";
import {round} from "./site-stats.ts";
import type {SegmentedCustomers} from "./segmented-customers.ts";

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
  customers: SegmentedCustomers,
  clusters: number[],
  options: {bins?: number} = {}
): Histogram[] {
  const bins = options.bins ?? 40;
  const {cluster, id} = customers.columns;
  let count = 0;
  for (let i = 0; i < customers.length; i++) if (cluster[i] >= 0) count++;
  const clustered = new Int32Array(count);
  for (let i = 0, j = 0; i < customers.length; i++) if (cluster[i] >= 0) clustered[j++] = i;
  // Each clustered customer's place in `clusters`, checked once for all six histograms.
  const index = new Map(clusters.map((c, i) => [c, i]));
  const segmentOf = new Int32Array(clustered.length);
  for (let j = 0; j < clustered.length; j++) {
    const customer = clustered[j];
    const c = index.get(cluster[customer]);
    if (c === undefined)
      throw new Error(
        `customer ${JSON.stringify(id[customer])} is in cluster ${cluster[customer]}, which is not a segment`
      );
    segmentOf[j] = c;
  }
  const histograms: Histogram[] = [];
  for (const feature of features) {
    const column = customers.columns[columnOf[feature]];
    const values = new Float64Array(clustered.length);
    for (let j = 0; j < clustered.length; j++) values[j] = column[clustered[j]];
    for (const scale of ["raw", "log1p"] as const) {
      histograms.push(histogram(feature, scale, values, segmentOf, clusters, bins));
    }
  }
  return histograms;
}

/** d3's `bisectRight` for sorted numbers, without its comparator calls: a million values meet it six times. */
function bisectRight(sorted: Float64Array, value: number): number {
  // d3 places a value that compares with nothing after every edge.
  if (Number.isNaN(value)) return sorted.length;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The bin of `value` among `count` bins with edges `edges` (from `start`, `step` apart, rounded): the last edge at or
 * below it, as `bisectRight(edges, value) - 1` finds it, kept to the first and last bins. Worked out from the step,
 * then settled against the rounded edges, the guess being a rounding off at most: six binary searches over a
 * million values took most of a second.
 */
function binOf(edges: Float64Array, value: number, start: number, step: number, count: number): number {
  let bin = Math.floor((value - start) / step);
  if (!Number.isFinite(bin)) return Math.min(count - 1, Math.max(0, bisectRight(edges, value) - 1));
  if (bin < 0) bin = 0;
  else if (bin > count - 1) bin = count - 1;
  while (bin + 1 < count && edges[bin + 1] <= value) bin++;
  while (bin > 0 && !(edges[bin] <= value)) bin--;
  return bin;
}

const columnOf = {recency_days: "recencyDays", frequency: "frequency", revenue: "revenue"} as const;

function histogram(
  feature: Feature,
  scale: FeatureScale,
  raw: Float64Array,
  segmentOf: Int32Array,
  clusters: number[],
  bins: number
): Histogram {
  let values = raw;
  if (scale === "log1p") {
    values = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) values[i] = Math.log1p(raw[i]);
  }
  const n = values.length;
  let lo = n ? Infinity : 0;
  let hi = n ? -Infinity : 1;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  // The 99th percentile by selection, not by sorting: six sorts of a million values took about a second.
  if (n && scale === "raw") {
    const rank = Math.floor(0.99 * (n - 1));
    hi = quickselect(values.slice(), rank)[rank];
  }
  let step = hi > lo ? tickStep(lo, hi, bins) : 1;
  if (scale === "raw" && integerFeatures.has(feature)) step = Math.max(1, Math.round(step));
  const start = Math.floor(lo / step) * step;
  const count = Math.floor(hi / step) - Math.floor(lo / step) + 1;
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const thresholds = Array.from({length: count + 1}, (_, i) => round(start + i * step, digits));
  const end = thresholds[count];
  const edges = Float64Array.from(thresholds);
  const counts = clusters.map(() => new Array<number>(count).fill(0));
  let clamped = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value >= end) clamped++;
    counts[segmentOf[i]][binOf(edges, value, start, step, count)]++;
  }
  return {
    feature,
    scale,
    thresholds,
    counts: clusters.map((cluster, c) => ({cluster, counts: counts[c]})),
    clampedFrom: clamped ? end : null,
    clamped
  };
}
