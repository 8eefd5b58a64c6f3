/**
 * Mean silhouette of the given points (row-major) under their cluster labels: for each point, (b − a) / max(a, b)
 * with a its mean distance to its own cluster and b to the nearest other cluster. Quadratic, so callers pass a
 * sample; a point alone in its cluster scores 0, as in scikit-learn.
 *
 * Each pair's distance is computed once and added to both points' sums. A point still receives its distances in
 * the order of the other point's index (those below it while the outer loop reaches it, then those above), so the
 * sums are the doubles that a loop over all other points for each point would make.
 */
export function meanSilhouette(
  points: Float64Array,
  dimensions: number,
  labels: ArrayLike<number>,
  k: number,
  distances: Float64Array | null = null
): number {
  const n = labels.length;
  if (k < 2 || n < 2) return NaN;
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  /** Per point, the sum of its distances to the points of each cluster. */
  const sums = new Float64Array(n * k);
  let pair = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    const rowOfI = i * k;
    for (let j = i + 1; j < n; j++) {
      const distance = distances !== null ? distances[pair++] : distanceOf(points, dimensions, i, j);
      sums[rowOfI + labels[j]] += distance;
      sums[j * k + own] += distance;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (sizes[own] <= 1) continue;
    const a = sums[i * k + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[i * k + c] / sizes[c]);
    if (b === Infinity) continue;
    const s = (b - a) / Math.max(a, b);
    if (Number.isFinite(s)) total += s;
  }
  return total / n;
}

/** Pairs of points whose distances `pairDistances` keeps: 32 MB, the default sample of 2,000 needing 2M. */
const maxPairs = 4_000_000;

/**
 * The distance of every pair of points (i, j > i), in the order `meanSilhouette` visits them, for the silhouettes of
 * several labellings of the same sample (one per k): computed once instead of once per k. Null when the sample is
 * too large to keep them; `meanSilhouette` then computes each as it goes, with the same result.
 */
export function pairDistances(points: Float64Array, dimensions: number): Float64Array | null {
  const n = points.length / dimensions;
  const pairs = (n * (n - 1)) / 2;
  if (pairs > maxPairs) return null;
  const distances = new Float64Array(pairs);
  let pair = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) distances[pair++] = distanceOf(points, dimensions, i, j);
  return distances;
}

function distanceOf(points: Float64Array, dimensions: number, i: number, j: number): number {
  let squares = 0;
  for (let d = 0; d < dimensions; d++) {
    const delta = points[i * dimensions + d] - points[j * dimensions + d];
    squares += delta * delta;
  }
  return Math.sqrt(squares);
}
