import {kmeans} from "ml-kmeans";
import {createRandom, deriveSeed} from "./random.ts";

export interface KMeansOptions {
  k: number;
  seed: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. */
  restarts: number;
  maxIterations: number;
  /** ml-kmeans fits each start on at most this many points (a seeded sample); Lloyd steps then refine on all. */
  sampleSize: number;
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
  /** Inertia of every start, in start order, to show how much restarts matter. */
  restartInertias: number[];
  iterations: number;
}

/**
 * k-means with seeded k-means++ starts (ml-kmeans), kept deterministic and comparable across runs: the best of
 * several starts by total inertia, empty clusters re-seeded with the point farthest from its centroid, and
 * clusters ordered canonically (by centroid, highest last coordinate first) so that ids stay stable.
 */
export function fitKMeans(points: Float64Array, dimensions: number, options: KMeansOptions): KMeansFit {
  const {k, seed, restarts, maxIterations, sampleSize} = options;
  const n = points.length / dimensions;
  if (!Number.isInteger(k) || k < 1) throw new Error(`invalid k: ${k}`);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`invalid points: ${points.length} values for ${dimensions} dimensions`);
  const distinct = countDistinct(points, dimensions, k);
  if (distinct < k) throw new Error(`invalid k: ${k} exceeds the ${distinct} distinct points`);
  const tolerance = options.tolerance ?? 1e-8;
  let best: {centroids: Float64Array; assignments: Int32Array; inertia: number; iterations: number} | undefined;
  const restartInertias: number[] = [];
  for (let r = 0; r < restarts; r++) {
    const startSeed = deriveSeed(seed, k, r);
    const sample = sampleRows(points, dimensions, Math.min(n, sampleSize), startSeed);
    const initial =
      k === 1
        ? [mean(sample)]
        : kmeans(sample, k, {initialization: "kmeans++", seed: startSeed, maxIterations, tolerance}).centroids;
    const centroids = Float64Array.from(initial.flat());
    const assignments = new Int32Array(n);
    const {inertia, iterations} = lloyd(points, dimensions, centroids, assignments, maxIterations);
    restartInertias.push(inertia);
    if (!best || inertia < best.inertia) best = {centroids, assignments, inertia, iterations};
  }
  return canonicalOrder(best!, k, dimensions, restartInertias);
}

/** Lloyd iterations on flat arrays until no point changes cluster; re-seeds clusters that lose all points. */
export function lloyd(
  points: Float64Array,
  dimensions: number,
  centroids: Float64Array,
  assignments: Int32Array,
  maxIterations: number
): {inertia: number; iterations: number} {
  const n = points.length / dimensions;
  const k = centroids.length / dimensions;
  const sums = new Float64Array(k * dimensions);
  const counts = new Float64Array(k);
  const distances = new Float64Array(n);
  assignments.fill(-1);
  let iterations = 0;
  let inertia: number;
  while (true) {
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let bestCluster = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        let distance = 0;
        for (let d = 0; d < dimensions; d++) {
          const delta = points[i * dimensions + d] - centroids[c * dimensions + d];
          distance += delta * delta;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          bestCluster = c;
        }
      }
      if (assignments[i] !== bestCluster) {
        assignments[i] = bestCluster;
        changed++;
      }
      distances[i] = bestDistance;
      inertia += bestDistance;
    }
    if (changed === 0 || iterations >= maxIterations) break;
    iterations++;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignments[i];
      counts[c]++;
      for (let d = 0; d < dimensions; d++) sums[c * dimensions + d] += points[i * dimensions + d];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // An empty cluster takes over the point that is worst served by its own centroid.
        let far = 0;
        for (let i = 1; i < n; i++) if (distances[i] > distances[far]) far = i;
        distances[far] = 0;
        for (let d = 0; d < dimensions; d++) centroids[c * dimensions + d] = points[far * dimensions + d];
        assignments[far] = -1;
      } else {
        for (let d = 0; d < dimensions; d++) centroids[c * dimensions + d] = sums[c * dimensions + d] / counts[c];
      }
    }
  }
  return {inertia, iterations};
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
