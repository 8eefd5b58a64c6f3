import {parseIsoDate} from "./dates.ts";
import type {ColumnMap, Delimiter, Format} from "./types.ts";

export interface SegmentOverride {
  name?: string;
  headline?: string;
  description?: string;
  relationship?: string;
}

/** Every setting of the pipeline. README.md documents each one; `defaultSettings` holds the defaults. */
export interface Settings {
  input: string;
  format: "auto" | Format;
  delimiter: "auto" | Delimiter;
  /** Decimal mark of amounts in mapped files (the weekly format always uses a comma). */
  decimal: "." | ",";
  map: ColumnMap | null;
  dateFormat: string | null;
  k: number | "auto";
  /** The range `k: auto` chooses from, by the highest silhouette. */
  kRange: [number, number];
  /** Largest k of the elbow diagnostics (inertia for 1..maxK, silhouette for 2..maxK). */
  diagnosticsMaxK: number;
  window: number | "all";
  referenceDate: string | null;
  standardize: boolean;
  restarts: number;
  seed: number;
  maxIterations: number;
  /** Customers sampled (seeded) for silhouettes and for seeding k-means when there are more. */
  sampleSize: number;
  /** Customers the elbow (k = 1..diagnosticsMaxK) is fitted on, a seeded sample when there are more. */
  elbowSampleSize: number;
  /** k-means++ starts per k of the elbow; the chosen k gets `restarts`. */
  elbowRestarts: number;
  cancellations: "exclude" | "net";
  nonProduct: "keep" | "exclude";
  nonProductCodes: string[];
  segments: Record<string, SegmentOverride>;
  /** An earlier run's customers.csv, to report how customers moved between segments. */
  previous: string | null;
  /** Publish keyed hashes instead of customer ids; the key comes from SEGMENT_PSEUDONYM_KEY, never from settings. */
  pseudonymize: boolean;
}

export const defaultSettings: Settings = {
  input: "sample/invoices.csv.gz",
  format: "auto",
  delimiter: "auto",
  decimal: ".",
  map: null,
  dateFormat: null,
  k: 6,
  kRange: [2, 10],
  diagnosticsMaxK: 10,
  window: 365,
  referenceDate: null,
  standardize: false,
  restarts: 10,
  seed: 0,
  maxIterations: 300,
  sampleSize: 2000,
  elbowSampleSize: 20000,
  elbowRestarts: 3,
  cancellations: "exclude",
  nonProduct: "keep",
  nonProductCodes: [
    "POST",
    "DOT",
    "M",
    "D",
    "C2",
    "S",
    "B",
    "BANK CHARGES",
    "AMAZONFEE",
    "CRUK",
    "PADS",
    "ADJUST",
    "ADJUST2",
    "TEST001",
    "TEST002"
  ],
  segments: {},
  previous: null,
  pseudonymize: false
};

/** Checks a complete set of settings, naming the first bad value. */
export function validateSettings(settings: Settings): Settings {
  const fail = (name: string, value: unknown, expected: string): never => {
    throw new SettingsError(`invalid ${name}: ${JSON.stringify(value)}; expected ${expected}`);
  };
  if (typeof settings.input !== "string" || settings.input === "") fail("input", settings.input, "a file path");
  if (!["auto", "weekly", "invoice", "mapped"].includes(settings.format))
    fail("format", settings.format, "auto, weekly, invoice or mapped");
  if (!["auto", ",", ";", "\t"].includes(settings.delimiter))
    fail("delimiter", settings.delimiter, 'auto, ",", ";" or "\\t"');
  if (settings.decimal !== "." && settings.decimal !== ",") fail("decimal", settings.decimal, '"." or ","');
  if (settings.format === "mapped" && !settings.map)
    fail("map", settings.map, "a column mapping when format is mapped");
  if (settings.map) validateMap(settings.map);
  const [kMin, kMax] = settings.kRange ?? [];
  if (!isInteger(kMin, 2) || !isInteger(kMax, kMin)) fail("kRange", settings.kRange, "[min, max] with 2 ≤ min ≤ max");
  if (settings.k !== "auto" && !isInteger(settings.k, 1)) fail("k", settings.k, "a whole number ≥ 1 or auto");
  if (settings.previous !== null && (typeof settings.previous !== "string" || settings.previous === ""))
    fail("previous", settings.previous, "the path of an earlier customers.csv");
  if (!isInteger(settings.diagnosticsMaxK, 1) || settings.diagnosticsMaxK > 30)
    fail("diagnosticsMaxK", settings.diagnosticsMaxK, "a whole number from 1 to 30");
  if (settings.window !== "all" && !isInteger(settings.window, 1))
    fail("window", settings.window, "a whole number of days ≥ 1 or all");
  if (
    settings.referenceDate !== null &&
    (typeof settings.referenceDate !== "string" ||
      Number.isNaN(parseIsoDate(settings.referenceDate)) ||
      settings.referenceDate.length !== 10)
  )
    fail("referenceDate", settings.referenceDate, "an ISO date YYYY-MM-DD");
  if (typeof settings.pseudonymize !== "boolean") fail("pseudonymize", settings.pseudonymize, "true or false");
  if (typeof settings.standardize !== "boolean") fail("standardize", settings.standardize, "true or false");
  if (!isInteger(settings.restarts, 1)) fail("restarts", settings.restarts, "a whole number ≥ 1");
  if (!isInteger(settings.seed, 0) || settings.seed > 0xffffffff)
    fail("seed", settings.seed, "a whole number from 0 to 4294967295");
  if (!isInteger(settings.maxIterations, 1)) fail("maxIterations", settings.maxIterations, "a whole number ≥ 1");
  if (!isInteger(settings.elbowSampleSize, 100))
    fail("elbowSampleSize", settings.elbowSampleSize, "a whole number ≥ 100");
  if (!isInteger(settings.elbowRestarts, 1)) fail("elbowRestarts", settings.elbowRestarts, "a whole number ≥ 1");
  if (!isInteger(settings.sampleSize, 100)) fail("sampleSize", settings.sampleSize, "a whole number ≥ 100");
  if (settings.cancellations !== "exclude" && settings.cancellations !== "net")
    fail("cancellations", settings.cancellations, "exclude or net");
  if (settings.nonProduct !== "keep" && settings.nonProduct !== "exclude")
    fail("nonProduct", settings.nonProduct, "keep or exclude");
  if (!Array.isArray(settings.nonProductCodes) || settings.nonProductCodes.some((code) => typeof code !== "string")) {
    fail("nonProductCodes", settings.nonProductCodes, "a list of stock codes");
  }
  if (typeof settings.segments !== "object" || settings.segments === null || Array.isArray(settings.segments)) {
    fail("segments", settings.segments, 'an object keyed by profile, such as {"recent-high-high": {"name": "VIP"}}');
  }
  for (const [key, override] of Object.entries(settings.segments)) {
    if (!/^(recent|middle|lapsed)-(low|middle|high)-(low|middle|high)$/.test(key)) {
      fail(`segments key`, key, "a profile key recency-frequency-revenue such as recent-high-high");
    }
    for (const [field, value] of Object.entries(override)) {
      if (!["name", "headline", "description", "relationship"].includes(field) || typeof value !== "string") {
        fail(`segments.${key}.${field}`, value, "name, headline, description or relationship, as text");
      }
    }
  }
  return settings;
}

function validateMap(map: ColumnMap): void {
  const fail = (problem: string): never => {
    throw new SettingsError(
      `invalid map: ${problem}; expected customer=COL,date=COL and amount=COL or quantity=COL,price=COL (order and country optional)`
    );
  };
  if (!map.customer) fail("no customer column");
  if (!map.date) fail("no date column");
  if (map.amount && (map.quantity || map.price)) fail("both amount and quantity/price");
  if (!map.amount && !(map.quantity && map.price)) fail("neither amount nor quantity and price");
}

const mapKeys = ["customer", "order", "date", "amount", "quantity", "price", "country"] as const;

/** Parses `customer=Client,date=Day,amount=Total` into a column map. */
export function parseColumnMap(text: string): ColumnMap {
  const map: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    if (eq < 0 || !(mapKeys as readonly string[]).includes(key) || column === "") {
      throw new SettingsError(
        `invalid map entry: ${JSON.stringify(pair)}; expected KEY=COLUMN with KEY one of ${mapKeys.join(", ")}`
      );
    }
    map[key] = column;
  }
  validateMap(map as unknown as ColumnMap);
  return map as unknown as ColumnMap;
}

export function parseK(text: string): number | "auto" {
  if (text === "auto") return "auto";
  const k = Number(text);
  if (!isInteger(k, 1))
    throw new SettingsError(`invalid k: ${JSON.stringify(text)}; expected a whole number ≥ 1 or auto`);
  return k;
}

export function parseWindow(text: string): number | "all" {
  if (text === "all") return "all";
  const days = Number(text);
  if (!isInteger(days, 1))
    throw new SettingsError(`invalid window: ${JSON.stringify(text)}; expected a whole number of days ≥ 1 or all`);
  return days;
}

function isInteger(value: unknown, min: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}
