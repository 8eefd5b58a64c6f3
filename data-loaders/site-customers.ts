// Customer-level files for the site, shaped so that no page grows with the input: the table ships the top customers
// only, the scatters a seeded sample, and the full lists are download files.
import {customersCsvHeader} from "./customers-csv.ts";
import {createRandom, deriveSeed} from "./random.ts";
import type {ArchiveEntry} from "./site-archive.ts";
import {round} from "./site-stats.ts";
import {topByRevenue} from "./site-top-revenue.ts";
import type {SegmentedCustomers} from "./segmented-customers.ts";
import type {CountrySummary, SegmentSummary} from "./types.ts";

export interface CountryKey {
  code: string;
  name: string;
  slug: string;
}

/** Columns rather than rows: the keys are written once, not once per customer. */
export interface CustomerColumns {
  id: string[];
  /** Index into the file's `countries`. */
  country: number[];
  recencyDays: number[];
  frequency: number[];
  revenue: number[];
  /** null for customers that were not clustered. */
  cluster: (number | null)[];
}

export interface CustomerTable {
  /** Customers in the segmentation. */
  total: number;
  shown: number;
  truncated: boolean;
  /** How the shown customers were chosen when the list is truncated. */
  order: "revenue";
  countries: CountryKey[];
  columns: CustomerColumns;
}

export interface ScatterSample {
  /** Clustered customers. */
  total: number;
  sampled: number;
  seed: number;
  countries: CountryKey[];
  columns: CustomerColumns;
}

export const tableLimit = 20_000;
export const sampleSize = 5_000;

/** Looks up countries by the raw value customers carry; countries keep the summary's order. */
export function countryIndex(countries: CountrySummary[]): {
  keys: CountryKey[];
  /** The index of the country `country` of the customer `id`. */
  indexOf: (country: string, id: string) => number;
} {
  const keys = countries.map(({code, name, slug}) => ({code, name, slug}));
  const byRaw = new Map<string, number>();
  countries.forEach((country, i) => country.raw.forEach((raw) => byRaw.set(raw, i)));
  const indexOf = (country: string, id: string) => {
    const index = byRaw.get(country);
    if (index === undefined) {
      throw new Error(
        `customer ${JSON.stringify(id)} has country ${JSON.stringify(country)}, which no country summary lists`
      );
    }
    return index;
  };
  return {keys, indexOf};
}

/** The customers for the page's table: all of them, or the `limit` with the highest revenue (ties by id). */
export function customerTable(
  customers: SegmentedCustomers,
  countries: CountrySummary[],
  options: {limit?: number} = {}
): CustomerTable {
  const limit = options.limit ?? tableLimit;
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`invalid table limit: ${limit}; expected a whole number ≥ 1`);
  const {keys, indexOf} = countryIndex(countries);
  const everyone = Array.from({length: customers.length}, (_, i) => i);
  const {revenue, id} = customers.columns;
  const shown = topByRevenue(everyone, revenue, id, limit);
  return {
    total: customers.length,
    shown: shown.length,
    truncated: shown.length < customers.length,
    order: "revenue",
    countries: keys,
    columns: toColumns(customers, shown, indexOf)
  };
}

/**
 * A seeded sample of clustered customers for the scatters, stratified by segment: every segment keeps at least
 * `minPerSegment` points (or all of its customers) so that small segments stay visible, and the rest of the points
 * are shared in proportion to segment size. Customers keep the input's order.
 */
export function scatterSample(
  customers: SegmentedCustomers,
  countries: CountrySummary[],
  options: {size?: number; seed?: number; minPerSegment?: number} = {}
): ScatterSample {
  const size = options.size ?? sampleSize;
  const seed = options.seed ?? 0;
  const minPerSegment = options.minPerSegment ?? 50;
  if (!Number.isInteger(size) || size < 1) throw new Error(`invalid sample size: ${size}; expected a whole number ≥ 1`);
  const {keys, indexOf} = countryIndex(countries);
  const byCluster = new Map<number, number[]>();
  const {cluster: clusterOf} = customers.columns;
  for (let i = 0; i < customers.length; i++) {
    const cluster = clusterOf[i];
    if (cluster < 0) continue;
    let list = byCluster.get(cluster);
    if (!list) byCluster.set(cluster, (list = []));
    list.push(i);
  }
  const clusters = [...byCluster.keys()].sort((a, b) => a - b);
  const total = clusters.reduce((sum, cluster) => sum + byCluster.get(cluster)!.length, 0);
  const quotas = allocate(
    clusters.map((cluster) => byCluster.get(cluster)!.length),
    Math.min(size, total),
    minPerSegment
  );
  const chosen: number[] = [];
  clusters.forEach((cluster, c) => {
    const members = byCluster.get(cluster)!;
    chosen.push(...pick(members, quotas[c], createRandom(deriveSeed(seed, cluster))));
  });
  chosen.sort((a, b) => a - b);
  return {
    total,
    sampled: chosen.length,
    seed,
    countries: keys,
    columns: toColumns(customers, chosen, indexOf)
  };
}

/**
 * Splits `size` among groups: each gets min(its size, floor) first, the rest in proportion to what each has left,
 * by largest remainder (ties to the earlier group).
 */
export function allocate(sizes: number[], size: number, floor: number): number[] {
  const total = sizes.reduce((sum, n) => sum + n, 0);
  if (size >= total) return [...sizes];
  const base = sizes.map((n) => Math.min(n, floor));
  const baseTotal = base.reduce((sum, n) => sum + n, 0);
  if (baseTotal >= size) return allocate(base, size, 0);
  const left = sizes.map((n, i) => n - base[i]);
  const leftTotal = total - baseTotal;
  const remaining = size - baseTotal;
  const exact = left.map((n) => (remaining * n) / leftTotal);
  const quotas = exact.map((x, i) => base[i] + Math.floor(x));
  let missing = size - quotas.reduce((sum, n) => sum + n, 0);
  const order = exact
    .map((x, i) => ({i, remainder: x - Math.floor(x)}))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const {i} of order) {
    if (missing === 0) break;
    if (quotas[i] < sizes[i]) {
      quotas[i]++;
      missing--;
    }
  }
  return quotas;
}

/**
 * The customer → segment list of each segment, named `<cluster>.csv`: the header and the rows of customers.csv
 * (`csv`) whose cluster column is the segment's, in their order. The rows are cut from customers.csv's bytes rather
 * than formatted again: formatting a million customers a second time, from columns read back for it, took seconds.
 */
export function segmentCsvEntries(csv: Uint8Array, segments: SegmentSummary[]): ArchiveEntry[] {
  const bytes = Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength);
  const header = Buffer.from(`${customersCsvHeader}\n`);
  if (!bytes.subarray(0, header.length).equals(header)) {
    throw new Error(`segmentCsvEntries: customers.csv does not start with its header ${customersCsvHeader}`);
  }
  const place = new Map(segments.map((segment, s) => [segment.cluster, s]));
  // Each row's segment (-1: none) and where it ends (where the next one starts), found in one pass.
  const rowSegments: number[] = [];
  const rowEnds: number[] = [];
  const sizes = segments.map(() => header.length);
  for (let start = header.length, row = 1; start < bytes.length; row++) {
    const {cluster, end} = readRow(bytes, start, row);
    const s = cluster < 0 ? -1 : (place.get(cluster) ?? -2);
    if (s === -2)
      throw new Error(`segmentCsvEntries: row ${row} of customers.csv has cluster ${cluster}, which has no segment`);
    rowSegments.push(s);
    rowEnds.push(end);
    if (s >= 0) sizes[s] += end - start;
    start = end;
  }
  const contents = sizes.map((size) => new Uint8Array(size));
  const filled = sizes.map(() => header.length);
  for (const content of contents) content.set(header);
  for (let i = 0, start = header.length; i < rowEnds.length; start = rowEnds[i++]) {
    const s = rowSegments[i];
    if (s < 0) continue;
    // Byte by byte: rows are short, and a call to copy them costs more than the copy.
    const content = contents[s];
    let at = filled[s];
    for (let j = start; j < rowEnds[i]; j++) content[at++] = bytes[j];
    filled[s] = at;
  }
  return segments.map((segment, s) => ({name: `${segment.cluster}.csv`, content: contents[s]}));
}

const LF = 10;
const QUOTE = 34;
const COMMA = 44;
const ZERO = 48;
/** Where customers.csv's cluster is among its fields. */
const clusterField = customersCsvHeader.split(",").indexOf("cluster");

/**
 * The cluster (-1 when empty) and end (past its line feed) of the customers.csv row that starts at `start`, row
 * number `row`. Inside quotes, as the CSV writer puts them, commas and line feeds belong to the field, and a doubled
 * quote flips the state twice.
 */
function readRow(bytes: Buffer, start: number, row: number): {cluster: number; end: number} {
  let field = 0;
  let cluster = -1;
  let inQuotes = false;
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (byte === COMMA) field++;
    else if (byte === LF) return {cluster, end: i + 1};
    else if (field === clusterField) {
      const digit = byte - ZERO;
      if (!(digit >= 0 && digit <= 9)) {
        throw new Error(`segmentCsvEntries: row ${row} of customers.csv has a cluster that is not a whole number`);
      }
      cluster = (cluster < 0 ? 0 : 10 * cluster) + digit;
    }
  }
  throw new Error(`segmentCsvEntries: row ${row} of customers.csv does not end with a line break`);
}

// A partial Fisher–Yates shuffle: `count` distinct members, in member order.
function pick(members: number[], count: number, random: () => number): number[] {
  if (count >= members.length) return [...members];
  const pool = [...members];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}

function toColumns(
  customers: SegmentedCustomers,
  indices: number[],
  indexOf: (country: string, id: string) => number
): CustomerColumns {
  const {id, country, recencyDays, frequency, revenue, cluster} = customers.columns;
  return {
    id: indices.map((i) => id[i]),
    country: indices.map((i) => indexOf(country[i], id[i])),
    recencyDays: indices.map((i) => recencyDays[i]),
    frequency: indices.map((i) => frequency[i]),
    revenue: indices.map((i) => round(revenue[i], 2)),
    cluster: indices.map((i) => (cluster[i] >= 0 ? cluster[i] : null))
  };
}
