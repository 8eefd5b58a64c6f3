/**
 * Mean silhouette of the given points (row-major) under their cluster labels: for each point, (b − a) / max(a, b)
 * with a its mean distance to its own cluster and b to the nearest other cluster. Quadratic, so callers pass a
 * sample; a point alone in its cluster scores 0, as in scikit-learn.
 */
export function meanSilhouette(points: Float64Array, dimensions: number, labels: ArrayLike<number>, k: number): number {
  const n = labels.length;
  if (k < 2 || n < 2) return NaN;
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let squares = 0;
      for (let d = 0; d < dimensions; d++) {
        const delta = points[i * dimensions + d] - points[j * dimensions + d];
        squares += delta * delta;
      }
      sums[labels[j]] += Math.sqrt(squares);
    }
    const own = labels[i];
    if (sizes[own] <= 1) continue;
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    if (b === Infinity) continue;
    const s = (b - a) / Math.max(a, b);
    if (Number.isFinite(s)) total += s;
  }
  return total / n;
}
