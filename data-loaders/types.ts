// The shapes shared by the pipeline's modules and by everything it writes (summary.json, the site's data files).

/** Days since 1970-01-01 UTC. Whole days keep recency exact and free of time zones. */
export type DayNumber = number;

export type Format = "weekly" | "invoice" | "mapped";

export type Delimiter = "," | ";" | "\t";

/** Column names of a mapped schema. Either `amount`, or `quantity` and `price`. */
export interface ColumnMap {
  customer: string;
  date: string;
  order?: string;
  amount?: string;
  quantity?: string;
  price?: string;
  country?: string;
}

export type Level = "low" | "middle" | "high";

/** Recency is read as how recently customers bought: low days since purchase is "recent". */
export type RecencyLevel = "recent" | "middle" | "lapsed";

export interface Profile {
  recency: RecencyLevel;
  frequency: Level;
  revenue: Level;
}

export interface Features {
  recency_days: number;
  frequency: number;
  revenue: number;
}

export interface LedgerEntry {
  lines: number;
  revenue: number;
  /** The first few line numbers (1-based, header is line 1) that fell under this reason. */
  examples: number[];
}

export interface InputSummary {
  file: string;
  format: Format;
  delimiter: Delimiter;
  compressed: boolean;
  bytes: number;
  sha256: string;
  /** Data lines, header excluded. Always `used + Σ excluded[reason].lines`. */
  lines: number;
  used: number;
  excluded: Record<string, LedgerEntry>;
  revenue: {used: number; excluded: number};
  /** First and last transaction date among the parsed lines, before the window. ISO dates. */
  firstDate: string | null;
  lastDate: string | null;
}

export interface SegmentSummary {
  cluster: number;
  name: string;
  /** One sentence for cards. */
  headline: string;
  /** The full plain-language write-up: what they did and what it means. */
  description: string;
  /** The relationship to build with them. */
  relationship: string;
  profile: Profile;
  /** `recency-frequency-revenue` levels, e.g. `recent-high-high`: the key for config overrides. */
  profileKey: string;
  size: number;
  share: number;
  revenue: number;
  revenueShare: number;
  orders: number;
  /** Centroid in original units (the back-transformed mean of the clustered features). */
  centroid: Features;
  median: Features;
}

export interface CountrySegment {
  cluster: number;
  customers: number;
  revenue: number;
}

export interface CountrySummary {
  code: string;
  /** URL-safe page name: the code when it is letters, digits and dashes; otherwise `x-` and a hash of it. */
  slug: string;
  name: string;
  /** ISO 3166-1 numeric code, used to join world-atlas geometry; null for non-countries. */
  numeric: string | null;
  /** The values of the input that mapped to this country. */
  raw: string[];
  customers: number;
  clustered: number;
  revenue: number;
  orders: number;
  segments: CountrySegment[];
}

export interface Diagnostics {
  /** Customers the silhouette was computed on (a seeded sample when customers are many). */
  sample: number;
  /** Customers the elbow was fitted on; below the customer count, its inertia is scaled up from a sample. */
  elbowSample: number;
  inertia: {k: number; inertia: number}[];
  silhouette: {k: number; silhouette: number}[];
}

export interface PeriodPoint {
  /** ISO date of the period's first day. */
  period: string;
  cluster: number | null;
  revenue: number;
  units: number;
  orders: number;
}

export interface CustomerRecord {
  id: string;
  country: string;
  recencyDays: number;
  frequency: number;
  revenue: number;
  units: number;
  cluster: number | null;
  /** Why the customer was not clustered, when `cluster` is null. */
  reason: string | null;
}

export interface Summary {
  tool: {name: string; version: string};
  input: InputSummary;
  settings: Record<string, unknown>;
  referenceDate: string;
  window: {days: number | "all"; start: string; end: string};
  customers: number;
  clustered: number;
  unclustered: Record<string, number>;
  orders: number;
  revenue: number;
  k: number;
  kSelection: string;
  inertia: number;
  restarts: number;
  diagnostics: Diagnostics;
  segments: SegmentSummary[];
  countries: CountrySummary[];
  /** Present when an earlier run's customers.csv was given (`previous`). */
  migration?: {
    file: string;
    previousCustomers: number;
    retained: number;
    new: number;
    gone: number;
    matches: {previous: string; current: string; distance: number; customers: number}[];
  };
}
