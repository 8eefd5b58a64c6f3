import {kmeans} from "ml-kmeans";
import {lloyd} from "./lloyd.ts";
import {createRandom, deriveSeed} from "./random.ts";

export interface KMeansOptions {
  k: number;
  seed: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. */
  restarts: number;
  maxIterations: number;
  /** ml-kmeans draws each start's k-means++ seeds from a seeded sample of at most this many points. */
  seedSampleSize?: number;
  /** Starts are refined and compared on a seeded sample of at most this many points; the winner then on all. */
  fitSampleSize?: number;
  /** Relative tolerance for comparing starts: stop when centroids move less than this × the data's mean variance. */
  tolerance?: number;
}

export interface KMeansFit {
  k: number;
  /** k rows of `dimensions` values, in canonical order. */
  centroids: number[][];
  /** Cluster of each point, 0..k-1, in canonical order. */
  assignments: Int32Array;
  sizes: number[];
  /** Sum of squared distances of the points to their centroid. */
  inertia: number;
  /** Inertia of every start on the fit sample, in start order, to show how much restarts matter. */
  restartInertias: number[];
  iterations: number;
}

/**
 * k-means with seeded k-means++ starts (ml-kmeans), kept deterministic and comparable across runs: the best of
 * several starts by total inertia, empty clusters re-seeded with the point farthest from its centroid, and
 * clusters ordered canonically (by centroid, highest last coordinate first) so that ids stay stable.
 *
 * ml-kmeans seeds each start on a small sample, where its row arrays are cheap; Lloyd steps on flat arrays then
 * refine the starts on a larger sample (scikit-learn's relative tolerance), and the best start on every point
 * until no point changes cluster. On small inputs both samples are simply all the points.
 */
export function fitKMeans(points: Float64Array, dimensions: number, options: KMeansOptions): KMeansFit {
  const {k, seed, restarts, maxIterations} = options;
  const n = points.length / dimensions;
  if (!Number.isInteger(k) || k < 1) throw new Error(`invalid k: ${k}`);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`invalid points: ${points.length} values for ${dimensions} dimensions`);
  if (!Number.isInteger(restarts) || restarts < 1) throw new Error(`invalid restarts: ${restarts}`);
  const distinct = countDistinct(points, dimensions, k);
  if (distinct < k) throw new Error(`invalid k: ${k} exceeds the ${distinct} distinct points`);
  const fitPoints = samplePoints(points, dimensions, options.fitSampleSize ?? 50_000, deriveSeed(seed, 0xf17));
  const fitN = fitPoints.length / dimensions;
  const threshold = (options.tolerance ?? 1e-4) * meanVariance(fitPoints, dimensions);
  let best: {centroids: Float64Array; inertia: number} | undefined;
  const restartInertias: number[] = [];
  const assignments = new Int32Array(fitN);
  for (let r = 0; r < restarts; r++) {
    const startSeed = deriveSeed(seed, k, r);
    const centroids = initialCentroids(points, dimensions, k, Math.min(n, options.seedSampleSize ?? 1000), startSeed);
    const {inertia} = lloyd(fitPoints, dimensions, centroids, assignments, maxIterations, threshold);
    restartInertias.push(inertia);
    if (!best || inertia < best.inertia) best = {centroids, inertia};
  }
  const all = new Int32Array(n);
  // Small inputs converge fully; on a large one, scikit-learn's tolerance ends the last few costly passes.
  const {inertia, iterations} = lloyd(
    points,
    dimensions,
    best!.centroids,
    all,
    maxIterations,
    n > fitN ? threshold : 0
  );
  return canonicalOrder(
    {centroids: best!.centroids, assignments: all, inertia, iterations},
    k,
    dimensions,
    restartInertias
  );
}

function initialCentroids(
  points: Float64Array,
  dimensions: number,
  k: number,
  sampleSize: number,
  seed: number
): Float64Array {
  const sample = sampleRows(points, dimensions, sampleSize, seed);
  if (k === 1) return Float64Array.from(mean(sample));
  // The sample may hold fewer distinct points than k even when the data does not; Lloyd then re-seeds the empties.
  const {centroids} = kmeans(sample, k, {initialization: "kmeans++", seed, maxIterations: 20, tolerance: 1e-6});
  return Float64Array.from(centroids.flat());
}

function canonicalOrder(
  fit: {centroids: Float64Array; assignments: Int32Array; inertia: number; iterations: number},
  k: number,
  dimensions: number,
  restartInertias: number[]
): KMeansFit {
  const rows = Array.from({length: k}, (_, c) =>
    Array.from(fit.centroids.subarray(c * dimensions, (c + 1) * dimensions))
  );
  const order = rows.map((_, c) => c).sort((a, b) => compareCentroids(rows[a], rows[b]));
  const rank = new Int32Array(k);
  order.forEach((c, position) => (rank[c] = position));
  const assignments = fit.assignments.map((c) => rank[c]);
  const sizes = new Array<number>(k).fill(0);
  for (const c of assignments) sizes[c]++;
  return {
    k,
    centroids: order.map((c) => rows[c]),
    assignments,
    sizes,
    inertia: fit.inertia,
    restartInertias,
    iterations: fit.iterations
  };
}

/** Highest last coordinate first (revenue in our space), then the one before it, and so on. */
function compareCentroids(a: number[], b: number[]): number {
  for (let d = a.length - 1; d >= 0; d--) if (a[d] !== b[d]) return b[d] - a[d];
  return 0;
}

/** A seeded sample without replacement (partial Fisher–Yates over indices), as ml-kmeans' row arrays. */
export function sampleRows(points: Float64Array, dimensions: number, size: number, seed: number): number[][] {
  const n = points.length / dimensions;
  const indices = sampleIndices(n, size, seed);
  return Array.from(indices, (i) => Array.from(points.subarray(i * dimensions, (i + 1) * dimensions)));
}

/** `size` distinct indices of 0..n-1, in sampled order; all of them, in order, when size ≥ n. */
export function sampleIndices(n: number, size: number, seed: number): Int32Array {
  if (size < n && size * 16 < n) return sparseSample(n, size, seed);
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  if (size >= n) return indices;
  const random = createRandom(seed);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const swap = indices[i];
    indices[i] = indices[j];
    indices[j] = swap;
  }
  return indices.slice(0, size);
}

/**
 * `sampleIndices` for a sample much smaller than n: the same draws and swaps, with the few swapped places kept in a
 * map instead of an array of all n indices (seeding every start of a million customers would fill one each time).
 */
function sparseSample(n: number, size: number, seed: number): Int32Array {
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const random = createRandom(seed);
  const sample = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    sample[i] = at(j);
    swapped.set(j, at(i));
  }
  return sample;
}

/** The rows of a seeded sample as a flat array; the points themselves when they are no more than `size`. */
export function samplePoints(points: Float64Array, dimensions: number, size: number, seed: number): Float64Array {
  const n = points.length / dimensions;
  if (size >= n) return points;
  const indices = sampleIndices(n, size, seed);
  const sample = new Float64Array(size * dimensions);
  indices.forEach((i, s) => sample.set(points.subarray(i * dimensions, (i + 1) * dimensions), s * dimensions));
  return sample;
}

function meanVariance(points: Float64Array, dimensions: number): number {
  const n = points.length / dimensions;
  let total = 0;
  for (let d = 0; d < dimensions; d++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const value = points[i * dimensions + d];
      sum += value;
      squares += value * value;
    }
    total += squares / n - (sum / n) ** 2;
  }
  return total / dimensions;
}

function mean(rows: number[][]): number[] {
  const result = new Array<number>(rows[0].length).fill(0);
  for (const row of rows) for (let d = 0; d < row.length; d++) result[d] += row[d] / rows.length;
  return result;
}

/** Counts distinct points, stopping once `limit` is reached: k-means cannot make more clusters than that. */
export function countDistinct(points: Float64Array, dimensions: number, limit: number): number {
  const seen = new Set<string>();
  const n = points.length / dimensions;
  for (let i = 0; i < n && seen.size < limit; i++)
    seen.add(Array.from(points.subarray(i * dimensions, (i + 1) * dimensions)).join(","));
  return seen.size;
}
