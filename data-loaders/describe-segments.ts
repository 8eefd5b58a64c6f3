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
  const population = mapFeatures((name) => Float64Array.from(columns[name]).sort());
  // Customers grouped by cluster once: scanning all customers once per cluster and feature cost seconds at a
  // million customers. Each cluster's sorted columns live only while it is described.
  const groups = groupByCluster(assignments, k);
  const totalRevenue = sum(input.revenue, n);
  const segments = Array.from({length: k}, (_, cluster) => {
    const members = mapFeatures((name) => Float64Array.from(groups[cluster], (i) => columns[name][i]).sort());
    const size = members.revenue.length;
    const medians = mapFeatures((name) => median(members[name]));
    const profile: Profile = {
      recency: recencyLevelOf(percentileRank(population.recency_days, medians.recency_days)),
      frequency: levelOf(percentileRank(population.frequency, medians.frequency)),
      revenue: levelOf(percentileRank(population.revenue, medians.revenue))
    };
    const revenue = roundMoney(members.revenue.reduce((total, value) => total + value, 0));
    const orders = members.frequency.reduce((total, value) => total + value, 0);
    return {cluster, profile, size, revenue, orders, medians};
  });

  // Overrides take part in making names unique: two clusters of one overridden profile still get two names.
  const names = uniqueNames(
    segments.map(({profile, medians}) => ({
      name: input.overrides[profileKey(profile)]?.name ?? archetypeOf(profile).name,
      revenue: medians.revenue
    }))
  );
  const populationMedians = mapFeatures((name) => median(population[name]));
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

/** The indices of each cluster's customers, in their original order. */
function groupByCluster(assignments: ArrayLike<number>, k: number): Int32Array[] {
  const sizes = new Int32Array(k);
  for (let i = 0; i < assignments.length; i++) sizes[assignments[i]]++;
  const groups = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(k);
  for (let i = 0; i < assignments.length; i++) {
    const cluster = assignments[i];
    groups[cluster][filled[cluster]++] = i;
  }
  return groups;
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
