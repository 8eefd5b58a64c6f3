import type {Level, Profile, RecencyLevel} from "./types.ts";

/**
 * Where a value stands in the population, as a mid-rank percentile: the share of values below it plus half of those
 * equal. Mid-ranks matter for frequency, where half the customers may share the value 1. The population may be in
 * any order: one pass of counting is cheaper than sorting a million values.
 */
export function percentileRank(values: ArrayLike<number>, value: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  let below = 0;
  let equal = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < value) below++;
    else if (v === value) equal++;
  }
  return (below + equal / 2) / n;
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

/**
 * The median of values in any order (the mean of the middle two for an even count), found by selection in linear
 * time. It reorders `values`.
 */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  // `+ 0` makes -0 a 0: which of the two zeros selection leaves in the middle depends on the input's order.
  const upper = selectInPlace(values, mid);
  if (n % 2) return upper + 0;
  // Selection leaves every value below `mid` no greater than the one at it: the lower middle is their maximum.
  let lower = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2 + 0;
}

/**
 * Puts the value of rank `rank` at `values[rank]`, smaller or equal ones before it and larger or equal ones after,
 * and returns it. Three-way partitions keep long runs of equal values (frequency 1, say) linear; the pivot is the
 * median of three, so sorted input is no worst case, and there is no randomness to make outputs differ.
 */
function selectInPlace(values: Float64Array, rank: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo];
    const b = values[(lo + hi) >>> 1];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // values[lo, lt) < pivot, [lt, i) === pivot, (gt, hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = values[i];
      if (v < pivot) {
        values[i++] = values[lt];
        values[lt++] = v;
      } else if (v > pivot) {
        values[i] = values[gt];
        values[gt--] = v;
      } else i++;
    }
    if (rank < lt) hi = lt - 1;
    else if (rank > gt) lo = gt + 1;
    else return pivot;
  }
  return values[rank];
}
