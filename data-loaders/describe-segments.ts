import {roundMoney} from "./ledger.ts";
import {archetypeOf} from "./segment-names.ts";
import {levelOf, median, percentileRank, profileKey, recencyLevelOf} from "./segment-profile.ts";
import type {SegmentOverride} from "./settings.ts";
import type {Features, Profile, SegmentSummary} from "./types.ts";

export interface SegmentInput {
  k: number;
  /** Cluster of each clustered customer. */
  assignments: ArrayLike<number>;
  recencyDays: ArrayLike<number>;
  frequency: ArrayLike<number>;
  revenue: ArrayLike<number>;
  /** Cluster centroids already mapped back to original units. */
  centroids: Features[];
  overrides: Record<string, SegmentOverride>;
}

const qualifiers = ["higher value", "lower value", "third tier", "fourth tier", "fifth tier", "sixth tier"];

/**
 * Profiles each cluster against the whole clustered population and writes its name and plain-language
 * write-up. Names are unique: when two clusters share an archetype, the one with the higher median revenue keeps
 * the plain name's first qualifier. Overrides from the settings replace the generated texts, keyed by profile.
 */
export function describeSegments(input: SegmentInput): SegmentSummary[] {
  const {k, assignments} = input;
  const n = assignments.length;
  const columns = {recency_days: input.recencyDays, frequency: input.frequency, revenue: input.revenue};
  // Medians by selection and ranks by counting: sorting the population and every cluster cost seconds at a million
  // customers. A feature's values are laid out cluster after cluster in one array, reused feature after feature.
  const {offsets, order} = clusterLayout(assignments, k);
  const scratch = new Float64Array(n);
  const medians = Array.from({length: k}, () => ({recency_days: NaN, frequency: NaN, revenue: NaN}) as Features);
  const ranks = Array.from({length: k}, () => ({recency_days: NaN, frequency: NaN, revenue: NaN}) as Features);
  const populationMedians = mapFeatures((name) => {
    const values = columns[name];
    for (let i = 0; i < n; i++) scratch[i] = values[order[i]];
    for (let cluster = 0; cluster < k; cluster++) {
      medians[cluster][name] = median(scratch.subarray(offsets[cluster], offsets[cluster + 1]));
      ranks[cluster][name] = percentileRank(values, medians[cluster][name]);
    }
    return median(scratch);
  });
  const totalRevenue = sum(input.revenue, n);
  const segments = Array.from({length: k}, (_, cluster) => {
    const profile: Profile = {
      recency: recencyLevelOf(ranks[cluster].recency_days),
      frequency: levelOf(ranks[cluster].frequency),
      revenue: levelOf(ranks[cluster].revenue)
    };
    let revenue = 0;
    let orders = 0;
    for (let at = offsets[cluster]; at < offsets[cluster + 1]; at++) {
      revenue += input.revenue[order[at]];
      orders += input.frequency[order[at]];
    }
    return {
      cluster,
      profile,
      size: offsets[cluster + 1] - offsets[cluster],
      revenue: roundMoney(revenue),
      orders,
      medians: medians[cluster]
    };
  });

  // Overrides take part in making names unique: two clusters of one overridden profile still get two names.
  const names = uniqueNames(
    segments.map(({profile, medians}) => ({
      name: input.overrides[profileKey(profile)]?.name ?? archetypeOf(profile).name,
      revenue: medians.revenue
    }))
  );
  return segments.map(({cluster, profile, size, revenue, orders, medians}) => {
    const archetype = archetypeOf(profile);
    const key = profileKey(profile);
    const share = n ? size / n : 0;
    const revenueShare = totalRevenue ? revenue / totalRevenue : 0;
    const headline = `${capitalize(levelPhrase(profile))}: ${formatCount(size)} customers (${formatPercent(share)}) bringing ${formatPercent(revenueShare)} of revenue.`;
    const description =
      `${archetype.meaning} Their typical customer last bought ${formatNumber(medians.recency_days)} days before the reference date ` +
      `(all customers: ${formatNumber(populationMedians.recency_days)}), placed ${formatNumber(medians.frequency)} ${medians.frequency === 1 ? "order" : "orders"} ` +
      `(all: ${formatNumber(populationMedians.frequency)}) and spent ${formatMoney(medians.revenue)} (all: ${formatMoney(populationMedians.revenue)}). ` +
      `They are ${formatPercent(share)} of customers and bring ${formatPercent(revenueShare)} of revenue.`;
    const override = input.overrides[key] ?? {};
    return {
      cluster,
      name: names[cluster],
      headline: override.headline ?? headline,
      description: override.description ?? description,
      relationship: override.relationship ?? archetype.relationship,
      profile,
      profileKey: key,
      size,
      share,
      revenue,
      revenueShare,
      orders,
      centroid: input.centroids[cluster],
      median: {recency_days: medians.recency_days, frequency: medians.frequency, revenue: roundMoney(medians.revenue)}
    };
  });
}

function uniqueNames(candidates: {name: string; revenue: number}[]): string[] {
  const names = candidates.map(({name}) => name);
  const groups = new Map<string, number[]>();
  candidates.forEach(({name}, cluster) => groups.set(name, [...(groups.get(name) ?? []), cluster]));
  for (const [name, clusters] of groups) {
    if (clusters.length < 2) continue;
    clusters.sort((a, b) => candidates[b].revenue - candidates[a].revenue || a - b);
    clusters.forEach(
      (cluster, position) => (names[cluster] = `${name} (${qualifiers[position] ?? `tier ${position + 1}`})`)
    );
  }
  return names;
}

function levelPhrase({recency, frequency, revenue}: Profile): string {
  const when = {recent: "bought recently", middle: "bought a while ago", lapsed: "last bought long ago"}[recency];
  const often = {high: "often", middle: "now and then", low: "rarely"}[frequency];
  const spend = {high: "high spend", middle: "average spend", low: "low spend"}[revenue];
  return `${when}, ${often}, ${spend}`;
}

type FeatureName = keyof Features;

function mapFeatures<T>(f: (name: FeatureName) => T): Record<FeatureName, T> {
  return {recency_days: f("recency_days"), frequency: f("frequency"), revenue: f("revenue")};
}

/**
 * Customer indices grouped by cluster, each cluster's in their original order: cluster `c`'s are
 * `order[offsets[c]]` to `order[offsets[c + 1] - 1]`.
 */
function clusterLayout(assignments: ArrayLike<number>, k: number): {offsets: Int32Array; order: Int32Array} {
  const offsets = new Int32Array(k + 1);
  for (let i = 0; i < assignments.length; i++) offsets[assignments[i] + 1]++;
  for (let cluster = 0; cluster < k; cluster++) offsets[cluster + 1] += offsets[cluster];
  const order = new Int32Array(assignments.length);
  const filled = offsets.slice(0, k);
  for (let i = 0; i < assignments.length; i++) order[filled[assignments[i]]++] = i;
  return {offsets, order};
}

function sum(values: ArrayLike<number>, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i];
  return total;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

function formatNumber(value: number): string {
  return value.toLocaleString("en-US", {maximumFractionDigits: 1});
}

function formatMoney(value: number): string {
  return value.toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2});
}

function formatPercent(value: number): string {
  return `${(value * 100).toLocaleString("en-US", {maximumFractionDigits: 1})} %`;
}
