/**
 * The squared Euclidean distance between the row at `x[p…]` and the row at `y[q…]`, summed dimension by dimension
 * from the first: clustering and silhouettes rely on getting the very same double for the same two rows.
 */
export function squaredDistance(x: Float64Array, p: number, y: Float64Array, q: number, dimensions: number): number {
  if (dimensions === 3) {
    // Unrolled for our three features; the same sums in the same order.
    const dx = x[p] - y[q];
    const dy = x[p + 1] - y[q + 1];
    const dz = x[p + 2] - y[q + 2];
    return dx * dx + dy * dy + dz * dz;
  }
  let distance = 0;
  for (let d = 0; d < dimensions; d++) {
    const delta = x[p + d] - y[q + d];
    distance += delta * delta;
  }
  return distance;
}
