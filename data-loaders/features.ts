/** The clustering space: log1p of recency days, frequency and revenue (the seed's recipe), optionally standardised. */
export interface FeatureSpace {
  /** Row-major n × 3 matrix. */
  points: Float64Array;
  dimensions: 3;
  /** Per-dimension mean and standard deviation removed when standardising (0 and 1 otherwise). */
  center: [number, number, number];
  scale: [number, number, number];
}

export interface FeatureColumns {
  recencyDays: ArrayLike<number>;
  frequency: ArrayLike<number>;
  revenue: ArrayLike<number>;
}

/** log1p needs values above -1; callers pass only customers with revenue ≥ 0. */
export function buildFeatures(
  columns: FeatureColumns,
  rows: ArrayLike<number>,
  {standardize}: {standardize: boolean}
): FeatureSpace {
  const n = rows.length;
  const points = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    points[i * 3] = Math.log1p(columns.recencyDays[row]);
    points[i * 3 + 1] = Math.log1p(columns.frequency[row]);
    points[i * 3 + 2] = Math.log1p(columns.revenue[row]);
  }
  const center: [number, number, number] = [0, 0, 0];
  const scale: [number, number, number] = [1, 1, 1];
  if (standardize && n > 0) {
    for (let d = 0; d < 3; d++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += points[i * 3 + d];
      const mean = sum / n;
      let squares = 0;
      for (let i = 0; i < n; i++) squares += (points[i * 3 + d] - mean) ** 2;
      // A constant feature carries no information; leaving its scale at 1 avoids dividing by zero.
      const sd = Math.sqrt(squares / n) || 1;
      center[d] = mean;
      scale[d] = sd;
      for (let i = 0; i < n; i++) points[i * 3 + d] = (points[i * 3 + d] - mean) / sd;
    }
  }
  return {points, dimensions: 3, center, scale};
}

/** Maps a point of the feature space back to recency days, frequency and revenue. */
export function toOriginalUnits(
  space: FeatureSpace,
  point: ArrayLike<number>
): {recency_days: number; frequency: number; revenue: number} {
  const value = (d: number) => Math.expm1(point[d] * space.scale[d] + space.center[d]);
  return {recency_days: value(0), frequency: value(1), revenue: value(2)};
}
