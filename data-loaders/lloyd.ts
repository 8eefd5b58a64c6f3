import {squaredDistance} from "./squared-distance.ts";

/**
 * Lloyd iterations on flat arrays, until no point changes cluster or the centroids move less than `threshold` in
 * total squared distance; re-seeds clusters that lose all their points. Updates `centroids` and `assignments` in
 * place.
 *
 * Each point keeps Hamerly's bounds: an upper bound on the distance to its own centroid and a lower bound on the
 * distance to every other, both moved by how far the centroids moved. A point whose bounds prove its centroid still
 * the nearest skips the comparison with all k, which after the first few passes is most points: this loop is where
 * clustering a million customers spent its time. The proof has a margin far wider than the rounding of the bounds,
 * and any point inside the margin is compared with every centroid exactly as plain Lloyd compares it (squared
 * distances, the first of equal ones wins), so the assignments, the centroids and the inertia are plain Lloyd's,
 * to the bit.
 */
export function lloyd(
  points: Float64Array,
  dimensions: number,
  centroids: Float64Array,
  assignments: Int32Array,
  maxIterations: number,
  threshold = 0
): {inertia: number; iterations: number} {
  const n = points.length / dimensions;
  const k = centroids.length / dimensions;
  const sums = new Float64Array(k * dimensions);
  const counts = new Float64Array(k);
  const bounds = new Bounds(points, dimensions, k);
  assignments.fill(-1);
  let changed = bounds.assign(centroids, assignments);
  let iterations = 0;
  while (changed !== 0 && iterations < maxIterations) {
    iterations++;
    sumClusters(points, dimensions, assignments, sums, counts);
    // Squared distances to the own centroid, before any centroid moves, for re-seeding: only when a cluster is empty.
    const distances = counts.includes(0) ? ownDistances(points, dimensions, centroids, assignments) : null;
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (distances !== null && counts[c] === 0) {
        // An empty cluster takes over the point that is worst served by its own centroid.
        let far = 0;
        for (let i = 1; i < n; i++) if (distances[i] > distances[far]) far = i;
        distances[far] = 0;
        for (let d = 0; d < dimensions; d++) centroids[c * dimensions + d] = points[far * dimensions + d];
        assignments[far] = -1;
        shift = Infinity;
      } else {
        let moved = 0;
        for (let d = 0; d < dimensions; d++) {
          const next = sums[c * dimensions + d] / counts[c];
          const step = next - centroids[c * dimensions + d];
          shift += step ** 2;
          moved += step ** 2;
          centroids[c * dimensions + d] = next;
        }
        bounds.moved[c] = Math.sqrt(moved);
      }
    }
    // A re-seeded centroid jumped: every point is compared with every centroid again.
    if (distances !== null) bounds.forget();
    changed = bounds.assign(centroids, assignments);
    // The centroids barely moved: this last assignment gives the inertia that matches them.
    if (shift <= threshold) break;
  }
  return {inertia: sum(ownDistances(points, dimensions, centroids, assignments)), iterations};
}

/** Each cluster's count and coordinate sums, in point order. */
function sumClusters(
  points: Float64Array,
  dimensions: number,
  assignments: Int32Array,
  sums: Float64Array,
  counts: Float64Array
): void {
  const n = points.length / dimensions;
  sums.fill(0);
  counts.fill(0);
  if (dimensions === 3) {
    // Unrolled for our three features: a third of the time of a pass otherwise.
    for (let i = 0, p = 0; i < n; i++, p += 3) {
      const q = 3 * assignments[i];
      counts[assignments[i]]++;
      sums[q] += points[p];
      sums[q + 1] += points[p + 1];
      sums[q + 2] += points[p + 2];
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const c = assignments[i];
    counts[c]++;
    for (let d = 0; d < dimensions; d++) sums[c * dimensions + d] += points[i * dimensions + d];
  }
}

/** Hamerly's bounds of each point, and what the centroids' last move does to them. */
class Bounds {
  /** Upper bound on the distance of each point to its own centroid. */
  private readonly upper: Float64Array;
  /** Lower bound on the distance of each point to any other centroid. */
  private readonly lower: Float64Array;
  /** How far each centroid moved since the last assignment. */
  readonly moved: Float64Array;
  /** Half the distance from each centroid to the nearest other one: a point closer than that is certainly its. */
  private readonly half: Float64Array;
  /**
   * How much wider than the bounds a gap must be to prove anything: a billionth of the points' extent, many orders
   * above the rounding of a bound even after a million moves, and below any gap that matters.
   */
  private readonly margin: number;
  private stale = true;

  constructor(
    private readonly points: Float64Array,
    private readonly dimensions: number,
    private readonly k: number
  ) {
    const n = points.length / dimensions;
    this.upper = new Float64Array(n);
    this.lower = new Float64Array(n);
    this.moved = new Float64Array(k);
    this.half = new Float64Array(k);
    this.margin = 1e-9 * extent(points, dimensions);
  }

  /** The next assignment compares every point with every centroid. */
  forget(): void {
    this.stale = true;
  }

  /** Moves each point to its nearest centroid, as plain Lloyd would, and returns how many points moved. */
  assign(centroids: Float64Array, assignments: Int32Array): number {
    const {points, dimensions, k, upper, lower, moved, half, margin} = this;
    const n = points.length / dimensions;
    const stale = this.stale;
    this.stale = false;
    // The two largest moves: a point's other centroids came at most the largest closer, or the second largest
    // when the largest is its own.
    let first = 0;
    let second = 0;
    for (let c = 0; c < k; c++) {
      if (moved[c] > first) {
        second = first;
        first = moved[c];
      } else if (moved[c] > second) second = moved[c];
    }
    this.halfGaps(centroids);
    let changed = 0;
    for (let i = 0, p = 0; i < n; i++, p += dimensions) {
      const own = assignments[i];
      if (!stale && own >= 0) {
        let high = upper[i] + moved[own];
        const low = lower[i] - (moved[own] === first ? second : first);
        upper[i] = high;
        lower[i] = low;
        const proof = Math.max(low, half[own]) - margin;
        if (high < proof) continue;
        high = Math.sqrt(squaredDistance(points, p, centroids, own * dimensions, dimensions));
        upper[i] = high;
        if (high < proof) continue;
      }
      // Every centroid, as plain Lloyd compares them.
      let best = 0;
      let bestDistance = Infinity;
      let nextDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const distance = squaredDistance(points, p, centroids, c * dimensions, dimensions);
        if (distance < bestDistance) {
          nextDistance = bestDistance;
          bestDistance = distance;
          best = c;
        } else if (distance < nextDistance) nextDistance = distance;
      }
      upper[i] = Math.sqrt(bestDistance);
      lower[i] = Math.sqrt(nextDistance);
      if (own !== best) {
        assignments[i] = best;
        changed++;
      }
    }
    moved.fill(0);
    return changed;
  }

  private halfGaps(centroids: Float64Array): void {
    const {k, dimensions, half} = this;
    half.fill(Infinity);
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const gap = Math.sqrt(squaredDistance(centroids, a * dimensions, centroids, b * dimensions, dimensions)) / 2;
        if (gap < half[a]) half[a] = gap;
        if (gap < half[b]) half[b] = gap;
      }
    }
  }
}

/** Each point's squared distance to its own centroid. */
function ownDistances(
  points: Float64Array,
  dimensions: number,
  centroids: Float64Array,
  assignments: Int32Array
): Float64Array {
  const n = points.length / dimensions;
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = assignments[i];
    distances[i] = own < 0 ? 0 : squaredDistance(points, i * dimensions, centroids, own * dimensions, dimensions);
  }
  return distances;
}

/** The length of the diagonal of the points' bounding box. */
function extent(points: Float64Array, dimensions: number): number {
  let total = 0;
  for (let d = 0; d < dimensions; d++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = d; i < points.length; i += dimensions) {
      if (points[i] < low) low = points[i];
      if (points[i] > high) high = points[i];
    }
    total += (high - low) ** 2;
  }
  return Math.sqrt(total);
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
