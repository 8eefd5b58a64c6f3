import {squaredDistance} from "./squared-distance.ts";

/**
 * Mean silhouette of the given points (row-major) under their cluster labels: for each point, (b − a) / max(a, b)
 * with a its mean distance to its own cluster and b to the nearest other cluster. Quadratic, so callers pass a
 * sample; a point alone in its cluster scores 0, as in scikit-learn.
 */
export function meanSilhouette(points: Float64Array, dimensions: number, labels: ArrayLike<number>, k: number): number {
  return meanSilhouettes(points, dimensions, [{labels, k}])[0];
}

/**
 * `meanSilhouette` of several labellings of the same points (one per k), in one pass over the pairs: each pair's
 * distance is computed once for all of them, and no table of the pairs' distances is kept (2M pairs, 16 MB of
 * fresh memory, for the default sample).
 *
 * Each pair's distance is added to both points' sums. A point still receives its distances in the order of the
 * other point's index (those below it while the outer loop reaches it, then those above), so the sums are the
 * doubles that a loop over all other points for each point would make.
 */
export function meanSilhouettes(
  points: Float64Array,
  dimensions: number,
  labellings: {labels: ArrayLike<number>; k: number}[]
): number[] {
  const n = points.length / dimensions;
  const scored = labellings.filter(({labels, k}) => k >= 2 && labels.length >= 2);
  const m = scored.length;
  // Each point's sums of distances to each cluster of every labelling sit side by side in one row of `width`, and
  // `column[j * m + l]` is where point j's cluster under labelling l is in a row: a pair's updates then touch two
  // rows, not two places in each of m tables.
  const offsets = new Int32Array(m);
  let width = 0;
  scored.forEach(({k}, l) => {
    offsets[l] = width;
    width += k;
  });
  const column = new Int32Array(n * m);
  for (let j = 0; j < n; j++) for (let l = 0; l < m; l++) column[j * m + l] = offsets[l] + scored[l].labels[j];
  const sums = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    const rowOfI = i * width;
    for (let j = i + 1; j < n; j++) {
      const distance = Math.sqrt(squaredDistance(points, i * dimensions, points, j * dimensions, dimensions));
      const rowOfJ = j * width;
      for (let l = 0; l < m; l++) {
        sums[rowOfI + column[j * m + l]] += distance;
        sums[rowOfJ + column[i * m + l]] += distance;
      }
    }
  }
  return labellings.map((labelling) => {
    const l = scored.indexOf(labelling);
    return l < 0 ? NaN : silhouetteOfSums(sums, width, offsets[l], labelling.labels, labelling.k);
  });
}

/** The mean silhouette from each point's sums of distances to each cluster, at `offset` in rows of `width`. */
function silhouetteOfSums(
  sums: Float64Array,
  width: number,
  offset: number,
  labels: ArrayLike<number>,
  k: number
): number {
  const n = labels.length;
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (sizes[own] <= 1) continue;
    const row = i * width + offset;
    const a = sums[row + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[row + c] / sizes[c]);
    if (b === Infinity) continue;
    const s = (b - a) / Math.max(a, b);
    if (Number.isFinite(s)) total += s;
  }
  return total / n;
}
