// Answers the seed's question, "can this customer base be grouped so that each country gets its own kind of
// relationship?", by comparing each country's segment mix with the rest of the base, and shapes the per-country
// pages.
import {
  chiSquareHomogeneity,
  chiSquareStatistic,
  chiSquareSurvival,
  compareText,
  round,
  roundSignificant
} from "./site-stats.ts";
import type {SegmentedCustomers} from "./segmented-customers.ts";
import {topByRevenue} from "./site-top-revenue.ts";
import type {CountrySummary, SegmentSummary} from "./types.ts";

export interface CountryRules {
  /** Below this many clustered customers a country's mix is mostly noise: the report says so instead of judging. */
  minCustomers: number;
  /** Total variation distance from the base mix from which a country counts as different. */
  threshold: number;
  /** The chi-square p-value below which a difference is more than chance. */
  alpha: number;
  /** A segment is over- or under-represented when its share differs by at least this much… */
  minDifference: number;
  /** …and by at least this many standard errors of a share of that size (2.576: 1 % two-sided). */
  z: number;
}

export const countryRules: CountryRules = {
  minCustomers: 30,
  threshold: 0.1,
  alpha: 0.01,
  minDifference: 0.05,
  z: 2.576
};

export interface BaseSegment {
  cluster: number;
  customers: number;
  share: number;
  revenue: number;
  revenueShare: number;
}

export interface SegmentMix extends BaseSegment {
  /** The segment's share of the whole base's clustered customers. */
  base: number;
  /** The share the country is compared with: among the other countries' customers (see `reference`). */
  reference: number;
  /** share − reference. */
  difference: number;
  /** share ÷ reference; null when the segment is empty there. */
  lift: number | null;
}

export type Verdict = "distinctive" | "typical" | "too-small";

/** A country's figures from the summary, with its segment mix compared with the rest of the base. */
export interface CountryProfile extends Omit<CountrySummary, "segments"> {
  mix: SegmentMix[];
  /**
   * What the country is compared with: "others", the customers of every other country (so that a country holding
   * most of the base is not compared with itself); "all", the whole base, when the other countries have fewer than
   * `minCustomers` clustered customers between them.
   */
  reference: "others" | "all";
  /** Total variation distance between the country's mix and the reference's: the share of its customers that would have to change segment to match. */
  tvd: number;
  /** Chi-square p-value of the country's mix against the reference's (homogeneity, or goodness of fit for "all"); null with one segment. */
  pValue: number | null;
  verdict: Verdict;
  /** Clusters over-represented, most over first; empty when the country is too small to tell. */
  over: number[];
  under: number[];
  /** The cluster with the most customers, and the one with the most revenue (null without clustered customers). */
  largest: number | null;
  topRevenue: number | null;
}

export interface CountryComparison {
  rules: CountryRules;
  base: BaseSegment[];
  countries: CountryProfile[];
  answer: {
    countries: number;
    /** Countries with enough customers to compare. */
    compared: number;
    /** Codes, most distinctive first. */
    distinctive: string[];
    typical: string[];
    tooSmall: string[];
    /** Share of clustered customers who live in countries too small to compare. */
    tooSmallShare: number;
  };
}

/**
 * Compares each country's segment mix with the rest of the base (the other countries' customers together).
 * Countries keep the summary's order (revenue, then code).
 */
export function compareCountries(
  segments: SegmentSummary[],
  countries: CountrySummary[],
  rules: CountryRules = countryRules
): CountryComparison {
  const clusters = segments.map((segment) => segment.cluster);
  const total = segments.reduce((sum, segment) => sum + segment.size, 0);
  const totalRevenue = segments.reduce((sum, segment) => sum + segment.revenue, 0);
  const base: BaseSegment[] = segments.map((segment) => ({
    cluster: segment.cluster,
    customers: segment.size,
    share: round(total ? segment.size / total : 0, 6),
    revenue: segment.revenue,
    revenueShare: round(totalRevenue ? segment.revenue / totalRevenue : 0, 6)
  }));
  const baseCounts = segments.map((segment) => segment.size);

  const profiles = countries.map((country): CountryProfile => {
    const byCluster = new Map(country.segments.map((segment) => [segment.cluster, segment]));
    const counts = clusters.map((cluster) => byCluster.get(cluster)?.customers ?? 0);
    const revenues = clusters.map((cluster) => byCluster.get(cluster)?.revenue ?? 0);
    const n = counts.reduce((sum, value) => sum + value, 0);
    const clusteredRevenue = revenues.reduce((sum, value) => sum + value, 0);
    const others = baseCounts.map((count, i) => count - counts[i]);
    const m = total - n;
    const reference = m >= rules.minCustomers ? "others" : "all";
    const whole = baseCounts.map((count) => (total ? count / total : 0));
    const expected = reference === "others" ? others.map((count) => count / m) : whole;
    const mix = clusters.map((cluster, i): SegmentMix => {
      const share = n ? counts[i] / n : 0;
      return {
        cluster,
        customers: counts[i],
        share: round(share, 6),
        revenue: revenues[i],
        revenueShare: round(clusteredRevenue > 0 ? revenues[i] / clusteredRevenue : 0, 6),
        base: round(whole[i], 6),
        reference: round(expected[i], 6),
        difference: round(share - expected[i], 6),
        lift: expected[i] > 0 ? round(share / expected[i], 4) : null
      };
    });
    const tvd = n ? counts.reduce((sum, count, i) => sum + Math.abs(count / n - expected[i]), 0) / 2 : 0;
    const {statistic, df} =
      reference === "others" ? chiSquareHomogeneity(counts, others) : chiSquareStatistic(counts, expected);
    const pValue = n > 0 && df > 0 ? roundSignificant(chiSquareSurvival(statistic, df), 3) : null;
    const tooSmall = n < rules.minCustomers;
    const verdict: Verdict = tooSmall
      ? "too-small"
      : tvd >= rules.threshold && pValue !== null && pValue < rules.alpha
        ? "distinctive"
        : "typical";
    // Two-proportion z: the country's share against the reference's, with the pooled (whole-base) share.
    const z = (i: number) => {
      const p = whole[i];
      const variance = p * (1 - p) * (1 / n + (reference === "others" ? 1 / m : 0));
      return variance > 0 ? (counts[i] / n - expected[i]) / Math.sqrt(variance) : 0;
    };
    const departs = (i: number, sign: 1 | -1) =>
      !tooSmall && sign * (counts[i] / n - expected[i]) >= rules.minDifference && sign * z(i) >= rules.z;
    const over = mix
      .filter((_, i) => departs(i, 1))
      .sort((a, b) => b.difference - a.difference || a.cluster - b.cluster);
    const under = mix
      .filter((_, i) => departs(i, -1))
      .sort((a, b) => a.difference - b.difference || a.cluster - b.cluster);
    const {segments: _segments, ...figures} = country;
    return {
      ...figures,
      mix,
      reference,
      tvd: round(tvd, 4),
      pValue,
      verdict,
      over: over.map((m) => m.cluster),
      under: under.map((m) => m.cluster),
      largest: n ? argmax(mix, (m) => m.customers) : null,
      topRevenue: clusteredRevenue > 0 ? argmax(mix, (m) => m.revenue) : null
    };
  });

  const byVerdict = (verdict: Verdict) => profiles.filter((profile) => profile.verdict === verdict);
  const tooSmall = byVerdict("too-small");
  return {
    rules,
    base,
    countries: profiles,
    answer: {
      countries: profiles.length,
      compared: profiles.length - tooSmall.length,
      distinctive: byVerdict("distinctive")
        .sort((a, b) => b.tvd - a.tvd || compareText(a.code, b.code))
        .map((profile) => profile.code),
      typical: byVerdict("typical").map((profile) => profile.code),
      tooSmall: tooSmall.map((profile) => profile.code),
      tooSmallShare: round(total ? tooSmall.reduce((sum, profile) => sum + profile.clustered, 0) / total : 0, 6)
    }
  };
}

export interface TopCustomer {
  id: string;
  recencyDays: number;
  frequency: number;
  revenue: number;
}

export interface CountryDetail extends CountryProfile {
  rules: CountryRules;
  /** Customers of the country that could not be clustered, by reason. */
  unclustered: Record<string, number>;
  /** The highest-revenue customers of each segment in the country (ties by id). */
  top: {cluster: number; customers: TopCustomer[]}[];
}

/**
 * One small file per country for its page: its profile plus its top customers per segment. Returns the files in
 * the countries' order, named by slug.
 */
export function countryDetails(
  comparison: CountryComparison,
  customers: SegmentedCustomers,
  options: {top?: number} = {}
): {slug: string; detail: CountryDetail}[] {
  const top = options.top ?? 10;
  const codeOf = new Map<string, string>();
  for (const country of comparison.countries) for (const raw of country.raw) codeOf.set(raw, country.code);
  const {id, country, recencyDays, frequency, revenue, cluster, reason} = customers.columns;
  const members = new Map<string, number[]>();
  const unclustered = new Map<string, Record<string, number>>();
  for (let i = 0; i < customers.length; i++) {
    const code = codeOf.get(country[i]);
    if (code === undefined) {
      throw new Error(
        `customer ${JSON.stringify(id[i])} has country ${JSON.stringify(country[i])}, which no country summary lists`
      );
    }
    if (cluster[i] < 0) {
      const reasons = unclustered.get(code) ?? {};
      const why = reason[i] ?? "unknown";
      reasons[why] = (reasons[why] ?? 0) + 1;
      unclustered.set(code, reasons);
      continue;
    }
    const key = `${code}\u0000${cluster[i]}`;
    let list = members.get(key);
    if (!list) members.set(key, (list = []));
    list.push(i);
  }
  return comparison.countries.map((profile) => ({
    slug: profile.slug,
    detail: {
      ...profile,
      rules: comparison.rules,
      unclustered: sortKeys(unclustered.get(profile.code) ?? {}),
      top: profile.mix.map(({cluster: segment}) => ({
        cluster: segment,
        customers: topByRevenue(members.get(`${profile.code}\u0000${segment}`) ?? [], revenue, id, top).map((i) => ({
          id: id[i],
          recencyDays: recencyDays[i],
          frequency: frequency[i],
          revenue: round(revenue[i], 2)
        }))
      }))
    }
  }));
}

function argmax<T extends {cluster: number}>(items: T[], value: (item: T) => number): number {
  let best = items[0];
  for (const item of items) if (value(item) > value(best)) best = item;
  return best.cluster;
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
