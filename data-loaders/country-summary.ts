import {createHash} from "node:crypto";
import {resolveCountry} from "./countries.ts";
import {roundMoney} from "./ledger.ts";
import type {CountrySummary} from "./types.ts";

export interface CountryInput {
  k: number;
  /** Raw country value of each customer. */
  country: ArrayLike<string>;
  revenue: ArrayLike<number>;
  frequency: ArrayLike<number>;
  /** Cluster of each customer, -1 when not clustered. */
  cluster: ArrayLike<number>;
}

/** Customers and revenue per country and per segment, countries by revenue (then code, for stable output). */
export function summarizeCountries(input: CountryInput): CountrySummary[] {
  const byCode = new Map<string, CountrySummary & {rawSet: Set<string>}>();
  // A million customers share a few hundred spellings: each is resolved and added to its country's set once.
  const byRaw = new Map<string, CountrySummary & {rawSet: Set<string>}>();
  function countryOf(raw: string): CountrySummary & {rawSet: Set<string>} {
    const {code, name, numeric} = resolveCountry(raw);
    let summary = byCode.get(code);
    if (!summary) {
      summary = {
        code,
        slug: countrySlug(code),
        name,
        numeric,
        raw: [],
        rawSet: new Set(),
        customers: 0,
        clustered: 0,
        revenue: 0,
        orders: 0,
        segments: Array.from({length: input.k}, (_, cluster) => ({cluster, customers: 0, revenue: 0}))
      };
      byCode.set(code, summary);
    }
    summary.rawSet.add(raw);
    byRaw.set(raw, summary);
    return summary;
  }

  for (let i = 0; i < input.country.length; i++) {
    const raw = input.country[i];
    const summary = byRaw.get(raw) ?? countryOf(raw);
    summary.customers++;
    summary.revenue += input.revenue[i];
    summary.orders += input.frequency[i];
    const cluster = input.cluster[i];
    if (cluster >= 0) {
      summary.clustered++;
      summary.segments[cluster].customers++;
      summary.segments[cluster].revenue += input.revenue[i];
    }
  }
  return [...byCode.values()]
    .map(({rawSet, ...summary}) => ({
      ...summary,
      raw: [...rawSet].sort(),
      revenue: roundMoney(summary.revenue),
      segments: summary.segments.map((segment) => ({...segment, revenue: roundMoney(segment.revenue)}))
    }))
    .sort((a, b) => b.revenue - a.revenue || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Codes of unknown countries are raw text ("<b>Foo</b>", "Côte"): pages need a name that is safe in a URL. */
export function countrySlug(code: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/.test(code)) return code;
  return `x-${createHash("sha256").update(code).digest("hex").slice(0, 10)}`;
}
