import type {Level, Profile, RecencyLevel} from "./types.ts";

/**
 * Where a value stands in the population, as a mid-rank percentile: the share of values below it plus half of those
 * equal. Mid-ranks matter for frequency, where half the customers may share the value 1.
 */
export function percentileRank(sorted: Float64Array, value: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const below = lowerBound(sorted, value);
  const equal = lowerBound(sorted, value, true) - below;
  return (below + equal / 2) / n;
}

function lowerBound(sorted: Float64Array, value: number, inclusive = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value || (inclusive && sorted[mid] === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Thirds of the population: below the 1/3 mid-rank is low, above 2/3 is high. */
export function levelOf(rank: number): Level {
  if (rank < 1 / 3) return "low";
  if (rank > 2 / 3) return "high";
  return "middle";
}

/** Few days since the last purchase is good news, so recency reads the other way round. */
export function recencyLevelOf(rank: number): RecencyLevel {
  const level = levelOf(rank);
  return level === "low" ? "recent" : level === "high" ? "lapsed" : "middle";
}

export function profileKey(profile: Profile): string {
  return `${profile.recency}-${profile.frequency}-${profile.revenue}`;
}

export function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
