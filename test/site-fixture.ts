// A small, hand-made segmentation for the site shaping tests: three segments, a few countries with chosen mixes.
import {summarizeCountries} from "../data-loaders/country-summary.ts";
import type {Segmentation} from "../data-loaders/pipeline.ts";
import {createRandom} from "../data-loaders/random.ts";
import {SegmentedCustomers} from "../data-loaders/segmented-customers.ts";
import type {CustomerRecord, SegmentSummary, Summary} from "../data-loaders/types.ts";

/** Customers per cluster for each raw country value; `null` holds unclustered customers (negative revenue). */
export type Mix = Record<string, [number, number, number, number]>;

export const defaultMix: Mix = {
  // A big country with the base's mix, a distinctive one, and a tiny one.
  "United Kingdom": [300, 500, 200, 2],
  Germany: [10, 20, 170, 0],
  EIRE: [2, 1, 0, 1],
  "European Community": [1, 0, 0, 0]
};

/** A segmentation, with its customers also as the records they were made from. */
export function fixture(mix: Mix = defaultMix, seed = 1): Segmentation & {records: CustomerRecord[]} {
  const random = createRandom(seed);
  const customers: CustomerRecord[] = [];
  let n = 0;
  for (const [country, counts] of Object.entries(mix)) {
    counts.forEach((count, cluster) => {
      for (let i = 0; i < count; i++) {
        const clustered = cluster < 3;
        customers.push({
          id: `C${String(++n).padStart(5, "0")}`,
          country,
          recencyDays: 1 + Math.floor(random() * 365),
          frequency: 1 + Math.floor(random() * (cluster === 0 ? 40 : 5)),
          revenue: clustered
            ? Math.round(random() * 10 ** (2 + cluster) * 100) / 100
            : -Math.round(random() * 1000) / 100,
          units: 1,
          cluster: clustered ? cluster : null,
          reason: clustered ? null : "negative_revenue"
        });
      }
    });
  }
  customers.sort((a, b) => (a.id < b.id ? -1 : 1));
  const clustered = customers.filter((c) => c.cluster !== null);
  const totalRevenue = clustered.reduce((sum, c) => sum + c.revenue, 0);
  const names = ["Champions", "Loyal customers", "Lost"];
  const segments: SegmentSummary[] = names.map((name, cluster) => {
    const members = clustered.filter((c) => c.cluster === cluster);
    const revenue = members.reduce((sum, c) => sum + c.revenue, 0);
    return {
      cluster,
      name,
      headline: `${name} headline`,
      description: `${name} description`,
      relationship: `${name} relationship`,
      profile: {recency: "recent", frequency: "high", revenue: "high"},
      profileKey: "recent-high-high",
      size: members.length,
      share: members.length / clustered.length,
      revenue: Math.round(revenue * 100) / 100,
      revenueShare: revenue / totalRevenue,
      orders: members.reduce((sum, c) => sum + c.frequency, 0),
      centroid: {recency_days: 10, frequency: 2, revenue: 100},
      median: {recency_days: 10, frequency: 2, revenue: 100}
    };
  });
  const countries = summarizeCountries({
    k: 3,
    country: customers.map((c) => c.country),
    revenue: customers.map((c) => c.revenue),
    frequency: customers.map((c) => c.frequency),
    cluster: customers.map((c) => c.cluster ?? -1)
  });
  const summary = {
    settings: {seed: 0},
    segments,
    countries,
    customers: customers.length,
    clustered: clustered.length,
    unclustered: {negative_revenue: customers.length - clustered.length},
    input: {
      file: "fixture.csv",
      format: "invoice",
      delimiter: ",",
      compressed: false,
      bytes: 1,
      sha256: "0".repeat(64),
      lines: 12,
      used: 9,
      excluded: {
        cancellation: {lines: 2, revenue: -30, examples: [7, 3]},
        mystery_reason: {lines: 1, revenue: 0, examples: [9]}
      },
      revenue: {used: 100, excluded: -30},
      firstDate: "2020-01-01",
      lastDate: "2020-12-31"
    }
  } as unknown as Summary;
  return {
    summary,
    customers: SegmentedCustomers.fromRecords(customers),
    records: customers,
    timeline: [],
    migration: null
  };
}
