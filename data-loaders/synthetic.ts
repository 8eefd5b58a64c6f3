// A seeded generator of realistic synthetic transaction exports, in the two real formats the tool reads:
// the seed's weekly order lines (`country,id,week.year,revenue,units`) and UCI Online Retail invoices.
//
// The model, in slots (trading days for invoices; Mondays of weeks 1–52 for weekly lines):
// - every customer has a type (champion, loyal, churned, newcomer, occasional, one-off), an active span
//   [start, end], a repeat-order weight, a spend class and a country;
// - each customer places a first order in its start slot, and repeat orders are drawn among the customers
//   active in a slot in proportion to their weights;
// - line budgets per slot are fixed up front (seasonality × weekday × growth × active weight), so the
//   output has exactly `lines` data lines and is written in date order without holding it in memory.
// Everything comes from the seeded PRNG: the same options give byte-identical output.

import {createRandom, deriveSeed} from "./random.ts";

export interface SyntheticOptions {
  format: "weekly" | "invoice";
  /** Number of data lines (header excluded), exact. */
  lines: number;
  /** Default 1. An integer in [0, 2^32). */
  seed?: number;
  /** Default: about lines / 6. */
  customers?: number;
  /** ISO date of the first day, default "2023-01-02". */
  start?: string;
  /** Span in days, default 730 (two years, so the default 365-day window cuts some). */
  days?: number;
}

type Random = () => number;

const CHUNK = 65536;
const DAY_MS = 86400000;
const MAX_CUSTOMERS = 9_900_000;
const MAX_DAYS = 36_600;

const WEEKLY_HEADER = "country,id,week.year,revenue,units";
const INVOICE_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
const FIRST_INVOICE = 536365;

/** Yields the file's text in chunks (the header line first), CRLF for weekly (like the seed), LF for invoice. */
export function generateTransactions(options: SyntheticOptions): Generator<string> {
  const settings = validate(options);
  return settings.format === "weekly" ? generateWeekly(settings) : generateInvoices(settings);
}

interface Settings {
  format: "weekly" | "invoice";
  lines: number;
  seed: number;
  customers: number;
  startDay: number;
  days: number;
  slots: Slots;
}

function validate(options: SyntheticOptions): Settings {
  if (options === null || typeof options !== "object") throw new Error(`invalid options: ${options}`);
  const {format, lines, seed = 1, start = "2023-01-02", days = 730} = options;
  if (format !== "weekly" && format !== "invoice") throw new Error(`invalid format: ${format}`);
  if (!Number.isSafeInteger(lines) || lines < 0) throw new Error(`invalid lines: ${lines}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`invalid seed: ${seed}`);
  const customers = options.customers ?? Math.min(MAX_CUSTOMERS, Math.max(1, Math.round(lines / 6)));
  if (!Number.isInteger(customers) || customers < 1 || customers > MAX_CUSTOMERS) {
    throw new Error(`invalid customers: ${customers}`);
  }
  const startDay = parseIsoDay(start);
  if (startDay === null) throw new Error(`invalid start: ${start}`);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new Error(`invalid days: ${days}`);
  const slots = buildSlots(format, startDay, days);
  if (slots.count === 0) {
    const what = format === "weekly" ? "no Monday of weeks 1–52" : "no trading day";
    throw new Error(`invalid days: ${days} (${what} in the ${days} days from ${start})`);
  }
  return {format, lines, seed, customers, startDay, days, slots};
}

function parseIsoDay(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < 1000) return null;
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

// ---------------------------------------------------------------------------------------------------------
// Sampling helpers

/** Walker's alias table: O(1) exact sampling from a discrete distribution with one uniform draw. */
interface Alias {
  n: number;
  prob: Float64Array;
  alias: Int32Array;
}

function buildAlias(weights: ArrayLike<number>): Alias {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i] * n) / sum;
    (scaled[i] < 1 ? small : large).push(i);
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of [...large, ...small]) {
    prob[i] = 1;
    alias[i] = i;
  }
  return {n, prob, alias};
}

function sampleAlias(table: Alias, u: number): number {
  const x = u * table.n;
  const i = x | 0;
  return x - i < table.prob[i] ? i : table.alias[i];
}

/** A discrete distribution over given values. */
function valueTable(pairs: [value: number, weight: number][]): {values: number[]; table: Alias} {
  return {values: pairs.map((p) => p[0]), table: buildAlias(pairs.map((p) => p[1]))};
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function lognormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

interface Indexed<T> {
  length: number;
  [i: number]: T;
}

function shuffle<T>(values: Indexed<T>, random: Random, from = 0, to = values.length): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + Math.floor(random() * (i - from + 1));
    const v = values[i];
    values[i] = values[j];
    values[j] = v;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A seeded bijection of [0, size): i → (a·i + b) mod size, so ids are distinct and spread out. */
function permutation(random: Random, size: number): (i: number) => number {
  let a = 1 + Math.floor(random() * (size - 1));
  while (gcd(a, size) !== 1) a = (a % (size - 1)) + 1;
  const b = Math.floor(random() * size);
  return (i) => (a * i + b) % size;
}

/** Splits `total` into integer parts proportional to `mass`, summing to `total` exactly. */
function allocate(total: number, mass: Float64Array): Float64Array {
  const parts = new Float64Array(mass.length);
  if (total === 0) return parts;
  let sum = 0;
  for (let i = 0; i < mass.length; i++) sum += mass[i];
  let acc = 0;
  let given = 0;
  for (let i = 0; i < mass.length; i++) {
    acc += mass[i];
    const upto = i === mass.length - 1 ? total : Math.min(total, Math.max(given, Math.round((total * acc) / sum)));
    parts[i] = upto - given;
    given = upto;
  }
  return parts;
}

const PAD2 = Array.from({length: 100}, (_, i) => String(i).padStart(2, "0"));

/** ASCII bytes of a string (all generated text is ASCII). */
function ascii(value: string): Uint8Array {
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  return bytes;
}

/**
 * An output buffer written byte by byte: constant pieces are copied from pre-encoded bytes and numbers are
 * written digit by digit, about twice as fast as building strings line by line. take() hands out a chunk
 * as one flat latin1 string (the text is ASCII).
 */
class Bytes {
  buf: Uint8Array;
  pos: number;
  /**
   * `reserved` bytes at the start hold constant texts that lines copy with copyWithin(): one contiguous,
   * cache-friendly region (copying from thousands of small arrays measured much slower). The output starts
   * after them.
   */
  constructor(
    size: number,
    private readonly reserved = 0
  ) {
    this.buf = new Uint8Array(reserved + size);
    this.pos = reserved;
  }
  /** Output bytes written since the last take(). */
  get written(): number {
    return this.pos - this.reserved;
  }
  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }
  byte(c: number): void {
    this.buf[this.pos++] = c;
  }
  put(src: Uint8Array): void {
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
  /** Copies `length` bytes from `from` in the reserved region. */
  repeat(from: number, length: number): void {
    this.buf.copyWithin(this.pos, from, from + length);
    this.pos += length;
  }
  text(value: string): void {
    this.room(value.length);
    for (let i = 0; i < value.length; i++) this.buf[this.pos++] = value.charCodeAt(i);
  }
  /** A non-negative integer below 2^31. */
  uint(n: number): void {
    const buf = this.buf;
    let digits = 1;
    for (let x = n; x >= 10; x = (x / 10) | 0) digits++;
    let p = this.pos + digits;
    this.pos = p;
    while (n >= 10) {
      const q = (n / 10) | 0;
      buf[--p] = 48 + n - q * 10;
      n = q;
    }
    buf[p - 1] = 48 + n;
  }
  int(n: number): void {
    if (n < 0) {
      this.buf[this.pos++] = 45;
      n = -n;
    }
    this.uint(n);
  }
  /** The bytes written so far as a string; empties the buffer. */
  take(): string {
    const text = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.pos).toString("latin1", this.reserved);
    this.pos = this.reserved;
    return text;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Calendar: slots and their intensity

/** Relative activity per month (January first): quiet after Christmas, busy September to November. */
const MONTH_SEASON = [0.78, 0.74, 0.92, 0.84, 0.92, 0.9, 0.9, 0.88, 1.15, 1.3, 1.75, 1.25];
/** Invoices per weekday (Sunday first); the shop ships nothing on Saturdays, like the real export. */
const WEEKDAY = [0.68, 1, 1.07, 1, 1.1, 0.86, 0];
/** The business grows by this fraction a year. */
const GROWTH = 0.15;

interface Slots {
  count: number;
  intensity: Float64Array;
  /** Weekly: `,W.YYYY,"`; invoice: `m/d/yyyy `. */
  label: string[];
  cumulative: Float64Array;
}

function buildSlots(format: "weekly" | "invoice", startDay: number, days: number): Slots {
  const intensity: number[] = [];
  const label: string[] = [];
  for (let d = 0; d < days; d++) {
    const date = new Date((startDay + d) * DAY_MS);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const dd = date.getUTCDate();
    const wd = date.getUTCDay();
    const trend = 1 + (GROWTH * d) / 365;
    if (format === "weekly") {
      if (wd !== 1) continue;
      const yday = Math.round((Date.UTC(y, m - 1, dd) - Date.UTC(y, 0, 1)) / DAY_MS);
      const week = Math.floor(yday / 7) + 1; // %W of a Monday
      if (week > 52) continue;
      const holiday = week === 1 ? 0.4 : week <= 4 ? 0.65 : week === 52 ? 0.6 : 1;
      intensity.push(MONTH_SEASON[m - 1] * holiday * trend);
      // The seed's float artifact: week 1 of 2020 is written 1.202.
      label.push(`,${week}.${String(y).replace(/0+$/, "")},"`);
    } else {
      const closed = wd === 6 || (m === 12 && dd >= 24) || (m === 1 && dd <= 3);
      if (closed) continue;
      intensity.push(MONTH_SEASON[m - 1] * WEEKDAY[wd] * trend);
      label.push(`${m}/${dd}/${y} `);
    }
  }
  const count = intensity.length;
  const cumulative = new Float64Array(count);
  let acc = 0;
  for (let t = 0; t < count; t++) cumulative[t] = acc += intensity[t];
  return {count, intensity: Float64Array.from(intensity), label, cumulative};
}

/** A slot in [from, to) drawn in proportion to the slots' intensity. */
function slotByIntensity(slots: Slots, u: number, from: number, to: number): number {
  const base = from > 0 ? slots.cumulative[from - 1] : 0;
  const target = base + u * (slots.cumulative[to - 1] - base);
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slots.cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------------------
// Customers

const CHAMPION = 0;
const LOYAL = 1;
const CHURNED = 2;
const NEWCOMER = 3;
const OCCASIONAL = 4;
const ONE_OFF = 5;

const TYPE_SHARE = [0.04, 0.16, 0.1, 0.08, 0.22, 0.4];
/** Median repeat orders a year while active (relative: the line budget fixes the scale). */
const TYPE_RATE = [30, 8, 10, 12, 2, 0];
const LOG2_TYPE_RATE = TYPE_RATE.map((rate) => Math.log2(rate));
/** Relative median lines per invoice by type (scaled to the lines per customer). */
const TYPE_BASKET = [4.5, 2.6, 2.2, 2, 1.7, 1.5];
/** The customer-average basket of TYPE_BASKET (lognormal means, σ = 0.8). */
const BASKET_MEAN = TYPE_BASKET.reduce((sum, median, type) => sum + TYPE_SHARE[type] * median, 0) * Math.exp(0.32);

interface Customers {
  count: number;
  type: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** Repeat orders a year (relative), quantized to LEVEL_WEIGHT[level]; NO_LEVEL for one-off buyers. */
  level: Uint8Array;
  /** Lines of the first order (invoice); 1 for weekly. */
  firstLines: Uint16Array;
  /** 0 low, 1 middle, 2 high spender. */
  spend: Uint8Array;
  country: Uint8Array;
  id: Int32Array;
}

/** How the line budget is spent, so that customers' first orders can follow their real order rate. */
interface Demand {
  /** Data lines that belong to identified customers. */
  identified: number;
  /** Lines of a customer's first order (drawn once per customer); null for one line. */
  basket: ((type: number) => number) | null;
  /** Expected lines of a repeat order, by customer type. */
  repeatLines: readonly number[];
}

/**
 * Customers acquired during the span start at a slot drawn by intensity. Customers who already exist at
 * the span start (most champions and loyal customers, all churned ones) place their first order after an
 * exponential wait at their calibrated rate, so the start of the span shows no burst of first orders.
 */
function buildCustomers(count: number, slots: Slots, random: Random, countries: Alias, demand: Demand): Customers {
  const T = slots.count;
  const types = buildAlias(TYPE_SHARE);
  const c: Customers = {
    count,
    type: new Uint8Array(count),
    start: new Int32Array(count),
    end: new Int32Array(count),
    level: new Uint8Array(count),
    firstLines: new Uint16Array(count),
    spend: new Uint8Array(count),
    country: new Uint8Array(count),
    id: new Int32Array(count)
  };
  const EXISTING = -1;
  const upto = (fraction: number) => Math.min(T, Math.max(1, Math.ceil(fraction * T)));
  const within = (from: number, to: number) => slotByIntensity(slots, random(), from, Math.max(from + 1, to));
  const later = (s: number, min: number) => s + Math.floor((T - 1 - s) * (min + (1 - min) * random()));
  for (let i = 0; i < count; i++) {
    // Customer 0 is always a champion active over the whole span, so repeat orders always have a home.
    const type = i === 0 ? CHAMPION : sampleAlias(types, random());
    let s: number;
    let e: number;
    let spend: number;
    switch (type) {
      case CHAMPION:
        s = i === 0 || random() < 0.7 ? EXISTING : within(0, upto(0.3));
        e = i === 0 || random() < 0.9 ? T - 1 : later(Math.max(0, s), 0.5);
        spend = random() < 0.85 ? 2 : 1;
        break;
      case LOYAL:
        s = random() < 0.5 ? EXISTING : within(0, upto(0.6));
        e = random() < 0.8 ? T - 1 : later(Math.max(0, s), 0.3);
        spend = random() < 0.25 ? 2 : 1;
        break;
      case CHURNED:
        // Bought regularly, then stopped early in the span.
        s = EXISTING;
        e = Math.min(T - 1, Math.floor(T * (0.05 + 0.3 * random())));
        spend = random() < 0.3 ? 2 : 1;
        break;
      case NEWCOMER:
        s = within(Math.min(T - 1, Math.floor(0.82 * T)), T);
        e = T - 1;
        spend = random() < 0.35 ? 2 : random() < 0.5 ? 1 : 0;
        break;
      case OCCASIONAL:
        s = within(0, T);
        e = random() < 0.7 ? T - 1 : later(s, 0);
        spend = random() < 0.6 ? 0 : 1;
        break;
      case ONE_OFF:
      default:
        s = within(0, T);
        e = s;
        spend = random() < 0.8 ? 0 : random() < 0.7 ? 1 : 2;
    }
    c.type[i] = type;
    c.start[i] = s;
    c.end[i] = e;
    c.spend[i] = spend;
    const rate = TYPE_RATE[type];
    // The level of a lognormal rate (median `rate`, σ = 0.6), from the normal draw directly.
    c.level[i] = rate > 0 ? levelOf(LOG2_TYPE_RATE[type] + (0.6 / Math.LN2) * normal(random)) : NO_LEVEL;
    c.firstLines[i] = demand.basket ? demand.basket(type) : 1;
    c.country[i] = sampleAlias(countries, random());
  }

  // Calibrate: repeat orders per unit of weight × intensity that the line budget affords.
  const cumulative = slots.cumulative;
  let firstTotal = 0;
  let weightedLines = 0;
  for (let i = 0; i < count; i++) {
    firstTotal += c.firstLines[i];
    const exposure = cumulative[c.end[i]] - (c.start[i] > 0 ? cumulative[c.start[i] - 1] : 0);
    weightedLines += weightOf(c.level[i]) * exposure * demand.repeatLines[c.type[i]];
  }
  const scale = weightedLines > 0 ? Math.max(0, demand.identified - firstTotal) / weightedLines : 0;
  for (let i = 0; i < count; i++) {
    if (c.start[i] !== EXISTING) continue;
    if (i === 0) {
      c.start[i] = 0;
      continue;
    }
    // The first order within the span, conditioned on falling before the customer's end.
    const horizon = cumulative[c.end[i]];
    const rate = scale * weightOf(c.level[i]);
    const u = random();
    const wait = rate * horizon > 1e-9 ? -Math.log(1 - u * (1 - Math.exp(-rate * horizon))) / rate : u * horizon;
    c.start[i] = Math.min(c.end[i], slotAtIntensity(slots, wait));
  }
  return heaviestFirst(c, T);
}

/**
 * Re-indexes customers by weight level, heaviest first, then by start slot (two stable counting sorts), so
 * that the customers drawn most often, and those who start in the same slot, sit together in memory.
 */
function heaviestFirst(c: Customers, slotCount: number): Customers {
  const byStart = bucket(c.start, slotCount).order;
  const offset = new Int32Array(LEVELS + 2);
  const rank = (l: number) => (l === NO_LEVEL ? LEVELS : LEVELS - 1 - l);
  for (let i = 0; i < c.count; i++) offset[rank(c.level[i]) + 1]++;
  for (let r = 0; r <= LEVELS; r++) offset[r + 1] += offset[r];
  const order = new Int32Array(c.count);
  for (let k = 0; k < c.count; k++) {
    const i = byStart[k];
    order[offset[rank(c.level[i])]++] = i;
  }
  // One gather per element type keeps each loop monomorphic (a generic one is several times slower).
  const u8 = (a: Uint8Array) => {
    const b = new Uint8Array(a.length);
    for (let i = 0; i < b.length; i++) b[i] = a[order[i]];
    return b;
  };
  const u16 = (a: Uint16Array) => {
    const b = new Uint16Array(a.length);
    for (let i = 0; i < b.length; i++) b[i] = a[order[i]];
    return b;
  };
  const i32 = (a: Int32Array) => {
    const b = new Int32Array(a.length);
    for (let i = 0; i < b.length; i++) b[i] = a[order[i]];
    return b;
  };
  const level = u8(c.level);
  return {
    count: c.count,
    type: u8(c.type),
    start: i32(c.start),
    end: i32(c.end),
    level,
    firstLines: u16(c.firstLines),
    spend: u8(c.spend),
    country: u8(c.country),
    id: c.id
  };
}

/** The first slot whose cumulative intensity reaches `value`. */
function slotAtIntensity(slots: Slots, value: number): number {
  let lo = 0;
  let hi = slots.count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slots.cumulative[mid] >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Customers grouped by a slot number (counting sort): members of slot t are order[offset[t]..offset[t+1]). */
function bucket(slotOf: Int32Array, slotCount: number): {order: Int32Array; offset: Int32Array} {
  const offset = new Int32Array(slotCount + 1);
  for (let i = 0; i < slotOf.length; i++) offset[slotOf[i] + 1]++;
  for (let t = 0; t < slotCount; t++) offset[t + 1] += offset[t];
  const fill = offset.slice(0, slotCount);
  const order = new Int32Array(slotOf.length);
  for (let i = 0; i < slotOf.length; i++) order[fill[slotOf[i]]++] = i;
  return {order, offset};
}

/** Repeat-order weights are quantized to levels 2^(level/4 - 2), so that sampling is O(1). */
const LEVELS = 64;
const NO_LEVEL = 255;
const LEVEL_WEIGHT = Float64Array.from({length: LEVELS}, (_, l) => Math.pow(2, l / 4 - 2));

/** The level of a rate given as log2(rate). */
function levelOf(log2Rate: number): number {
  return Math.min(LEVELS - 1, Math.max(0, Math.round(4 * (log2Rate + 2))));
}

function weightOf(level: number): number {
  return level === NO_LEVEL ? 0 : LEVEL_WEIGHT[level];
}

/**
 * Weighted sampling among the active customers: a dense list of the active members of each weight level
 * (swap-remove keeps add and remove O(1)); a draw picks a level by its total weight, then a member.
 */
class ActiveSet {
  private readonly members: Int32Array;
  private readonly position: Int32Array;
  private readonly base = new Int32Array(LEVELS);
  private readonly size = new Int32Array(LEVELS);
  private readonly cumulative = new Float64Array(LEVELS);
  private last = -1;
  private total = 0;
  constructor(private readonly level: Uint8Array) {
    const capacity = new Int32Array(LEVELS);
    for (let c = 0; c < level.length; c++) if (level[c] !== NO_LEVEL) capacity[level[c]]++;
    for (let l = 1; l < LEVELS; l++) this.base[l] = this.base[l - 1] + capacity[l - 1];
    this.members = new Int32Array(level.length);
    this.position = new Int32Array(level.length);
  }
  add(c: number): void {
    const l = this.level[c];
    if (l === NO_LEVEL) return;
    const at = this.base[l] + this.size[l]++;
    this.members[at] = c;
    this.position[c] = at;
  }
  remove(c: number): void {
    const l = this.level[c];
    if (l === NO_LEVEL) return;
    const at = this.position[c];
    const end = this.base[l] + --this.size[l];
    const moved = this.members[end];
    this.members[at] = moved;
    this.position[moved] = at;
  }
  /** Call after the adds and removes of a slot, before sampling. */
  update(): void {
    let acc = 0;
    this.last = -1;
    for (let l = 0; l < LEVELS; l++) {
      acc += this.size[l] * LEVEL_WEIGHT[l];
      this.cumulative[l] = acc;
      if (this.size[l] > 0) this.last = l;
    }
    this.total = acc;
  }
  sample(u: number): number {
    const x = u * this.total;
    let lo = 0;
    let hi = this.last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    const below = lo > 0 ? this.cumulative[lo - 1] : 0;
    const j = Math.min(this.size[lo] - 1, Math.floor((x - below) / LEVEL_WEIGHT[lo]));
    return this.members[this.base[lo] + j];
  }
}

/** Line budgets per slot: first orders, repeat orders and anonymous lines, summing to `lines` exactly. */
function budgets(lines: number, anonymousShare: number, slots: Slots, customers: Customers) {
  const T = slots.count;
  const firstMass = new Float64Array(T);
  const activeWeight = new Float64Array(T + 1);
  let firstTotal = 0;
  for (let i = 0; i < customers.count; i++) {
    firstMass[customers.start[i]] += customers.firstLines[i];
    firstTotal += customers.firstLines[i];
    const weight = weightOf(customers.level[i]);
    activeWeight[customers.start[i]] += weight;
    activeWeight[customers.end[i] + 1] -= weight;
  }
  const repeatMass = new Float64Array(T);
  let weight = 0;
  for (let t = 0; t < T; t++) {
    weight += activeWeight[t];
    repeatMass[t] = slots.intensity[t] * weight;
  }
  const anonymous = Math.round(lines * anonymousShare);
  const identified = lines - anonymous;
  const first = Math.min(firstTotal, identified);
  return {
    first: allocate(first, firstMass),
    repeat: allocate(identified - first, repeatMass),
    anonymous: allocate(anonymous, slots.intensity)
  };
}

// ---------------------------------------------------------------------------------------------------------
// Weekly format (the seed's)

const WEEKLY_COUNTRIES: [string, number][] = [
  ["ID", 450],
  ["VN", 90],
  ["CN", 80],
  ["PH", 75],
  ["IN", 65],
  ["KR", 45],
  ["JP", 35],
  ["TH", 30],
  ["BD", 28],
  ["PK", 25],
  ["MY", 16],
  ["TW", 14],
  ["SG", 12],
  ["SA", 9],
  ["LK", 7],
  ["NP", 5],
  ["AF", 3]
];

const WEEKLY_UNITS = valueTable([
  [1, 620],
  [2, 150],
  [3, 65],
  [4, 33],
  [5, 32],
  [6, 13],
  [7, 8],
  [8, 7],
  [9, 4],
  [10, 16],
  [12, 6],
  [15, 3],
  [20, 4],
  [25, 2],
  [30, 2],
  [50, 3],
  [100, 1]
]);

const RETURN_RATE = 0.005;

function* generateWeekly(o: Settings): Generator<string> {
  yield WEEKLY_HEADER + "\r\n";
  if (o.lines === 0) return;
  const slots = o.slots;

  // Products: a small catalogue of list prices (in cents), the popular ones at random price points.
  const catalogueRandom = createRandom(deriveSeed(o.seed, 2));
  const productCount = 28;
  const price = new Float64Array(productCount);
  const popularity = new Float64Array(productCount);
  for (let p = 0; p < productCount; p++) {
    const value = Math.min(8000, Math.max(35, lognormal(catalogueRandom, 650, 1)));
    const whole = Math.round(value * (catalogueRandom() < 0.6 ? 1 : 0.99));
    price[p] = whole * 100 + (catalogueRandom() < 0.3 ? 50 : 0);
    popularity[p] = 1 / Math.pow(p + 1 + catalogueRandom() * 0.5, 1.05);
  }
  const products = buildAlias(popularity);

  const random = createRandom(deriveSeed(o.seed, 1));
  const countries = buildAlias(WEEKLY_COUNTRIES.map((c) => c[1]));
  const demand: Demand = {identified: o.lines, basket: null, repeatLines: [1, 1, 1, 1, 1, 1]};
  const customers = buildCustomers(o.customers, slots, random, countries, demand);
  assignWeeklyIds(customers, random);
  const prefix = WEEKLY_COUNTRIES.map((c) => ascii(c[0] + ","));
  const labels = slots.label.map(ascii);

  const {first, repeat} = budgets(o.lines, 0, slots, customers);
  const starts = bucket(customers.start, slots.count);
  const ends = bucket(customers.end, slots.count);
  const active = new ActiveSet(customers.level);
  const rng = createRandom(deriveSeed(o.seed, 3));
  const out = new Bytes(CHUNK + 1024);
  let rows = new Int32Array(1024);
  let returns = new Uint8Array(1024);

  // The fields each line needs, side by side (one cache line per customer): id, then country | spend << 8.
  const hot = new Int32Array(2 * customers.count);
  for (let c = 0; c < customers.count; c++) {
    hot[2 * c] = customers.id[c];
    hot[2 * c + 1] = customers.country[c] | (customers.spend[c] << 8);
  }

  const line = (c: number, isReturn: number, label: Uint8Array) => {
    const id = hot[2 * c];
    const spend = hot[2 * c + 1] >> 8;
    let p = sampleAlias(products, rng());
    if (spend === 2 && rng() < 0.5) {
      const q = sampleAlias(products, rng());
      if (price[q] > price[p]) p = q;
    } else if (spend === 0 && rng() < 0.5) {
      const q = sampleAlias(products, rng());
      if (price[q] < price[p]) p = q;
    }
    let units: number;
    if (isReturn) {
      units = -(1 + Math.floor(rng() * rng() * 4));
    } else {
      units = WEEKLY_UNITS.values[sampleAlias(WEEKLY_UNITS.table, rng())];
      if (spend === 2 && rng() < 0.3) units *= 2 + Math.floor(rng() * 4);
    }
    // Prices move a little from week to week (discounts, exchange rates).
    const cents = Math.round(units * price[p] * (0.985 + 0.03 * rng()));
    const abs = cents < 0 ? -cents : cents;
    const whole = (abs / 100) | 0;
    const fraction = abs - whole * 100;
    out.room(64);
    out.put(prefix[hot[2 * c + 1] & 255]);
    out.uint(id);
    out.put(label);
    if (cents < 0) out.byte(45);
    out.uint(whole);
    out.byte(44);
    out.byte(48 + ((fraction / 10) | 0));
    out.byte(48 + (fraction % 10));
    out.byte(34);
    out.byte(44);
    out.int(units);
    out.byte(13);
    out.byte(10);
  };

  for (let t = 0; t < slots.count; t++) {
    if (t > 0) for (let k = ends.offset[t - 1]; k < ends.offset[t]; k++) active.remove(ends.order[k]);
    for (let k = starts.offset[t]; k < starts.offset[t + 1]; k++) active.add(starts.order[k]);
    active.update();
    const count = first[t] + repeat[t];
    if (rows.length < count) {
      rows = new Int32Array(Math.max(count, rows.length * 2));
      returns = new Uint8Array(rows.length);
    }
    // First orders of the customers who start now, in random order, while the budget lasts; then repeats.
    shuffle(starts.order, rng, starts.offset[t], starts.offset[t + 1]);
    let n = 0;
    for (let k = starts.offset[t]; k < starts.offset[t + 1] && n < first[t]; k++) {
      rows[n] = starts.order[k];
      returns[n++] = 0;
    }
    while (n < count) {
      const c = active.sample(rng());
      rows[n] = c;
      returns[n++] = rng() < RETURN_RATE && customers.start[c] < t ? 1 : 0;
    }
    // Scatter the first orders among the repeat orders (which are already in random order).
    for (let i = Math.min(first[t], n) - 1; i >= 0; i--) {
      const j = Math.floor(rng() * n);
      const r = rows[i];
      rows[i] = rows[j];
      rows[j] = r;
      const k = returns[i];
      returns[i] = returns[j];
      returns[j] = k;
    }
    const label = labels[t];
    for (let i = 0; i < n; i++) {
      line(rows[i], returns[i], label);
      if (out.written >= CHUNK) yield out.take();
    }
  }
  if (out.written > 0) yield out.take();
}

/** 6–7 digit ids, distinct, except that now and then the same number occurs in a second country. */
function assignWeeklyIds(customers: Customers, random: Random): void {
  const perm = permutation(random, 9_900_000);
  const shared = new Set<string>();
  const countryCount = WEEKLY_COUNTRIES.length;
  for (let i = 0; i < customers.count; i++) {
    customers.id[i] = 100000 + perm(i);
    if (i > 0 && random() < 0.001) {
      const j = Math.floor(random() * i);
      const id = customers.id[j];
      let country = customers.country[i];
      if (country === customers.country[j])
        country = (country + 1 + Math.floor(random() * (countryCount - 1))) % countryCount;
      const key = `${country},${id}`;
      if (!shared.has(key)) {
        shared.add(`${customers.country[j]},${id}`);
        shared.add(key);
        customers.id[i] = id;
        customers.country[i] = country;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Invoice format (UCI Online Retail)

const INVOICE_COUNTRIES: [string, number][] = [
  ["United Kingdom", 9000],
  ["Germany", 190],
  ["France", 175],
  ["EIRE", 80],
  ["Spain", 62],
  ["Netherlands", 35],
  ["Belgium", 50],
  ["Switzerland", 45],
  ["Portugal", 40],
  ["Australia", 20],
  ["Norway", 20],
  ["Italy", 30],
  ["Channel Islands", 18],
  ["Finland", 24],
  ["Cyprus", 15],
  ["Sweden", 16],
  ["Unspecified", 8],
  ["Austria", 18],
  ["Denmark", 18],
  ["Japan", 15],
  ["Poland", 12],
  ["Israel", 8],
  ["USA", 8],
  ["Hong Kong", 5],
  ["Singapore", 3],
  ["Iceland", 3],
  ["Canada", 8],
  ["Greece", 8],
  ["Malta", 4],
  ["United Arab Emirates", 4],
  ["European Community", 3],
  ["RSA", 3],
  ["Lebanon", 3],
  ["Lithuania", 3],
  ["Brazil", 3],
  ["Czech Republic", 3],
  ["Bahrain", 3],
  ["Saudi Arabia", 3]
];
const UK = 0;

/** Countries of the anonymous (web shop) invoices: nearly all domestic. */
const ANONYMOUS_COUNTRIES = valueTable(
  (
    [
      ["United Kingdom", 975],
      ["EIRE", 6],
      ["Unspecified", 5],
      ["Hong Kong", 5],
      ["France", 3],
      ["Israel", 3],
      ["Switzerland", 3]
    ] as const
  ).map(([name, weight]) => [INVOICE_COUNTRIES.findIndex((c) => c[0] === name), weight])
);

const COLOURS = [
  "RED",
  "PINK",
  "BLUE",
  "GREEN",
  "IVORY",
  "WHITE",
  "BLACK",
  "CREAM",
  "PURPLE",
  "YELLOW",
  "ORANGE",
  "SILVER",
  "GOLD",
  "TURQUOISE",
  "LILAC",
  "NATURAL"
];
const THEMES = [
  "RETROSPOT",
  "POLKADOT",
  "VINTAGE",
  "REGENCY",
  "PAISLEY",
  "SPACEBOY",
  "DOLLY GIRL",
  "WOODLAND",
  "CHRISTMAS",
  "HEART",
  "BIRD",
  "STRAWBERRY",
  "GINGHAM",
  "FLORAL",
  "SKULL",
  "UNION JACK",
  "BAROQUE",
  "ENGLISH ROSE",
  "JUNGLE",
  "CIRCUS PARADE",
  "LOVE",
  "STAR",
  "SNOWFLAKE",
  "PARIS",
  "DINER",
  "ORIENTAL",
  "BOTANICAL",
  "BABUSHKA",
  "GARDEN",
  "SWALLOW",
  "HEN HOUSE",
  "FAIRY CAKE",
  "LANDMARK",
  "PANTRY",
  "SCANDINAVIAN",
  "FRENCH"
];
const ITEMS = [
  "LUNCH BAG",
  "JUMBO BAG",
  "TEA CUP AND SAUCER",
  "CAKE STAND",
  "T-LIGHT HOLDER",
  "NAPKINS",
  "PAPER PLATES",
  "WRAP",
  "GIFT BOX",
  "NOTEBOOK",
  "MUG",
  "CUSHION COVER",
  "DOORMAT",
  "BUNTING",
  "HOT WATER BOTTLE",
  "ALARM CLOCK",
  "PHOTO FRAME",
  "CANDLE",
  "COAT HANGER",
  "PURSE",
  "KEY FOB",
  "TEA TOWEL",
  "APRON",
  "BAKING CASES",
  "LANTERN",
  "STORAGE TIN",
  "WATER BOTTLE",
  "PLASTERS IN TIN",
  "CHARLOTTE BAG",
  "SHOPPER BAG",
  "HANGING DECORATION",
  "MINI JIGSAW",
  "PENCILS",
  "GREETING CARD",
  "GARLAND",
  "NESTING BOXES",
  "BOWL",
  "RECIPE BOX",
  "ORNAMENT",
  "METAL SIGN",
  "DRAWER KNOB",
  "COASTERS",
  "PLACEMATS",
  "TEASPOONS",
  "JAM JAR",
  "TRINKET BOX",
  "WALL CLOCK",
  "PARASOL",
  "SNACK BOX",
  "SOAP DISH",
  "PEG BAG",
  "DOOR STOP",
  "CHOPPING BOARD",
  "MIRROR",
  "MONEY BOX",
  "PICNIC BASKET",
  "TISSUES",
  "STICKERS",
  "BALLOONS",
  "EGG CUP"
];
const MATERIALS = ["WOODEN", "GLASS", "CERAMIC", "METAL", "ENAMEL", "FELT", "WICKER", "ZINC", "PAPER", "KNITTED"];
const SIZES = ["SMALL", "LARGE", "JUMBO", "MINI"];

/** Many short ASCII texts in one contiguous byte array (cache-friendly), addressed by index. */
class TextPool {
  bytes = new Uint8Array(1 << 16);
  used = 0;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  start = new Int32Array(0);
  length = new Int32Array(0);
  add(text: string): number {
    if (this.used + text.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + text.length));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    for (let i = 0; i < text.length; i++) this.bytes[this.used + i] = text.charCodeAt(i);
    this.starts.push(this.used);
    this.lengths.push(text.length);
    this.used += text.length;
    return this.starts.length - 1;
  }
  /** Call once all texts are added. */
  seal(): this {
    this.start = Int32Array.from(this.starts);
    this.length = Int32Array.from(this.lengths);
    return this;
  }
}

interface Catalogue {
  count: number;
  /**
   * Per product p: text 3p is `StockCode,Description,` (the description quoted when it contains a comma),
   * 3p + 1 the list price and 3p + 2 the web shop's price (about 30 % above list, for anonymous invoices).
   */
  text: TextPool;
  band: Uint8Array;
  popularity: Alias;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function describe(random: Random): string {
  const u = random();
  const theme = pick(random, THEMES);
  const item = pick(random, ITEMS);
  if (u < 0.25) return `${theme} ${item}`;
  if (u < 0.42) return `${pick(random, COLOURS)} ${theme} ${item}`;
  if (u < 0.52) return `${pick(random, MATERIALS)} ${theme} ${item}`;
  if (u < 0.62) return `SET ${2 + Math.floor(random() * 11)} ${theme} ${item}`;
  if (u < 0.7) return `PACK OF ${pick(random, [6, 12, 20, 24, 60, 72])} ${theme} ${item}`;
  if (u < 0.78) return `${pick(random, SIZES)} ${theme} ${item}`;
  if (u < 0.86) return `${item} ${theme}`;
  if (u < 0.94) return `${pick(random, MATERIALS)} ${item} ${pick(random, COLOURS)}`;
  // A few descriptions carry a comma, as in the real export.
  return random() < 0.8 ? `${theme} ${item}, ${pick(random, COLOURS)}` : `${item} , ${theme}`;
}

function listPrice(random: Random): number {
  const value = Math.min(295, Math.max(0.19, lognormal(random, 2.4, 0.85)));
  if (value < 1) return Math.round(value * 100);
  let cents = Math.round(value * 20) * 5;
  if (cents % 10 === 0 && random() < 0.6) cents -= 5;
  return cents;
}

function priceBand(cents: number): number {
  return cents < 50 ? 0 : cents < 150 ? 1 : cents < 400 ? 2 : cents < 1000 ? 3 : 4;
}

function buildCatalogue(random: Random): Catalogue {
  const text = new TextPool();
  let count = 0;
  const bands: number[] = [];
  const codes = new Set<string>();
  const descriptions = new Set<string>();
  const ranges = [
    [20600, 23600, 70],
    [84000, 85250, 12],
    [35000, 37500, 5],
    [47000, 48200, 5],
    [71000, 72900, 4],
    [79000, 79400, 2],
    [90000, 90210, 2]
  ];
  const rangeTable = buildAlias(ranges.map((r) => r[2]));
  const target = 2600;
  const add = (code: string, description: string, cents: number) => {
    codes.add(code);
    descriptions.add(description);
    text.add(`${code},${csvField(description)},`);
    text.add(String(cents / 100));
    text.add(String(Math.round(cents * 1.3) / 100));
    bands.push(priceBand(cents));
    count++;
  };
  while (count < target) {
    const [from, to] = ranges[sampleAlias(rangeTable, random())];
    const base = String(from + Math.floor(random() * (to - from)));
    if (codes.has(base)) continue;
    const variants = random() < 0.12 ? 2 + Math.floor(random() * 4) : 1;
    const description =
      variants > 1 ? `${pick(random, [...THEMES, ...MATERIALS])} ${pick(random, ITEMS)}` : describe(random);
    if (descriptions.has(description)) continue;
    const cents = listPrice(random);
    if (variants > 1) {
      // Colour variants share a code with a letter suffix: 85123A, 85123B, …
      const colours = COLOURS.slice();
      shuffle(colours, random);
      for (let v = 0; v < variants; v++) {
        const name = `${description} ${colours[v]}`;
        if (!descriptions.has(name)) add(base + String.fromCharCode(65 + v), name, cents);
      }
      codes.add(base);
    } else {
      add(base, description, cents);
    }
  }
  const popularity = new Float64Array(count);
  const rank = Array.from({length: count}, (_, i) => i);
  shuffle(rank, random);
  for (let i = 0; i < count; i++) popularity[i] = 1 / Math.pow(rank[i] + 8, 0.95);
  return {count, text: text.seal(), band: Uint8Array.from(bands), popularity: buildAlias(popularity)};
}

/** Quantity per line by price band (cheap items go by the dozen) and spend class; row 3 is the web shop. */
function quantityTables(): {tables: Alias[]; values: Int32Array[]} {
  const bands: [number, number][][] = [
    [
      [12, 30],
      [24, 25],
      [48, 12],
      [72, 5],
      [96, 6],
      [100, 4],
      [144, 5],
      [10, 5],
      [1, 4],
      [2, 4]
    ],
    [
      [12, 35],
      [24, 15],
      [6, 10],
      [10, 8],
      [48, 6],
      [1, 8],
      [2, 8],
      [4, 5],
      [36, 3],
      [25, 2]
    ],
    [
      [1, 18],
      [2, 18],
      [3, 8],
      [4, 12],
      [6, 15],
      [12, 18],
      [24, 6],
      [8, 3],
      [10, 2]
    ],
    [
      [1, 30],
      [2, 22],
      [3, 10],
      [4, 16],
      [6, 10],
      [8, 6],
      [12, 4],
      [16, 2]
    ],
    [
      [1, 55],
      [2, 25],
      [3, 6],
      [4, 10],
      [6, 3],
      [12, 1]
    ]
  ];
  const multipliers: [number, number][][] = [
    [
      [0.25, 30],
      [0.5, 30],
      [1, 40]
    ],
    [
      [0.5, 20],
      [1, 65],
      [2, 15]
    ],
    [
      [1, 50],
      [2, 30],
      [4, 12],
      [10, 8]
    ]
  ];
  const web: [number, number][] = [
    [1, 65],
    [2, 18],
    [3, 6],
    [4, 4],
    [5, 2],
    [6, 2],
    [10, 1.5],
    [12, 1.5]
  ];
  // Table 4 × band + column, where column is the spend class (0–2) or 3 for the web shop.
  const tables: Alias[] = [];
  const values: Int32Array[] = [];
  for (const base of bands) {
    for (const mult of [...multipliers, [[1, 1]] as [number, number][]]) {
      const source = mult.length === 1 ? web : base;
      const weights = new Map<number, number>();
      for (const [q, w] of source) {
        for (const [m, v] of mult) {
          const quantity = Math.max(1, Math.round(q * m));
          weights.set(quantity, (weights.get(quantity) ?? 0) + w * v);
        }
      }
      const entries = [...weights.entries()].sort((a, b) => a[0] - b[0]);
      tables.push(buildAlias(entries.map((e) => e[1])));
      values.push(Int32Array.from(entries, (e) => e[0]));
    }
  }
  return {tables, values};
}

/** Invoices by hour of day (the shop works 7:00 to 20:00, busiest around noon and mid-afternoon). */
const HOURS = valueTable([
  [6, 0.1],
  [7, 0.8],
  [8, 16],
  [9, 60],
  [10, 90],
  [11, 105],
  [12, 145],
  [13, 135],
  [14, 125],
  [15, 140],
  [16, 100],
  [17, 52],
  [18, 15],
  [19, 7],
  [20, 1.5]
]);
const CLOCK = Array.from({length: 1440}, (_, i) => ascii(`${Math.floor(i / 60)}:${PAD2[i % 60]}`));
const POSTAGE = valueTable([
  [1800, 70],
  [1500, 8],
  [2800, 8],
  [4000, 10],
  [546, 4]
]);

const ANONYMOUS_SHARE = 0.21;
const CANCEL_RATE = 0.1;
const ZERO_PRICE_RATE = 0.002;
const MANUAL_RATE = 0.0008;

// Order kinds.
const PURCHASE = 0;
const CANCELLATION = 1;
const WEB = 2;
const CRUK = 3;
const DISCOUNT = 4;
const BANK_CHARGE = 5;
const BANK_REFUND = 6;
const AMAZON_FEE = 7;

const POST = ascii("POST,POSTAGE,");
const DOT = ascii("DOT,DOTCOM POSTAGE,1");
const MANUAL = ascii("M,Manual,");
const SPECIAL: Record<number, Uint8Array> = {
  [CRUK]: ascii("CRUK,CRUK Commission,-1"),
  [DISCOUNT]: ascii("D,Discount,-1"),
  [BANK_CHARGE]: ascii("BANK CHARGES,Bank Charges,1"),
  [BANK_REFUND]: ascii("BANK CHARGES,Bank Charges,-1"),
  [AMAZON_FEE]: ascii("AMAZONFEE,AMAZON FEE,-1")
};

function* generateInvoices(o: Settings): Generator<string> {
  yield INVOICE_HEADER + "\n";
  if (o.lines === 0) return;
  const slots = o.slots;

  const catalogue = buildCatalogue(createRandom(deriveSeed(o.seed, 2)));
  const quantities = quantityTables();
  const random = createRandom(deriveSeed(o.seed, 1));
  // Baskets grow with the lines each customer can afford: about six lines per customer (the default) gives
  // small baskets and one or two invoices each; forty lines per customer gives UCI-like baskets of ten or so.
  const identified = o.lines - Math.round(o.lines * ANONYMOUS_SHARE);
  const perCustomer = identified / o.customers;
  const invoicesPerCustomer = 1 + Math.log(1 + perCustomer / 4);
  const basketScale = perCustomer / invoicesPerCustomer / BASKET_MEAN;
  const medians = TYPE_BASKET.map((m) => m * basketScale);
  const basket = (type: number) => Math.min(300, Math.max(1, Math.round(lognormal(random, medians[type], 0.8))));
  const repeatLines = medians.map((m) => 0.9 * Math.max(1, m * Math.exp(0.32)) + 0.1 * 1.6);
  const countries = buildAlias(INVOICE_COUNTRIES.map((c) => c[1]));
  const customers = buildCustomers(o.customers, slots, random, countries, {identified, basket, repeatLines});
  // 5-digit ids from 12346 like the real export (more digits only past 87,654 customers).
  const ids = permutation(random, Math.max(5942, customers.count));
  for (let c = 0; c < customers.count; c++) customers.id[c] = 12346 + ids(c);
  const cruk = customers.count > 1 ? 1 : 0;
  customers.country[cruk] = UK;

  const {first, repeat, anonymous} = budgets(o.lines, ANONYMOUS_SHARE, slots, customers);
  const starts = bucket(customers.start, slots.count);
  const ends = bucket(customers.end, slots.count);
  const active = new ActiveSet(customers.level);
  // What each customer bought last, so that a cancellation takes back something real.
  const lastProduct = new Int32Array(customers.count).fill(-1);
  const lastQuantity = new Int32Array(customers.count);

  const days = slots.label.map(ascii);
  const countryTail = INVOICE_COUNTRIES.map(([name]) => ascii(`,${name}\n`));
  const anonymousTail = INVOICE_COUNTRIES.map(([name]) => ascii(`,,${name}\n`));
  const postage = POSTAGE.values.map((cents) => ascii(String(cents / 100)));
  const rng = createRandom(deriveSeed(o.seed, 3));
  // The catalogue's texts, then the fields shared by all lines of an invoice, sit in the output buffer's
  // reserved region, from where each line copies them: `,InvoiceDate,` at MID, and at TAIL the line's end
  // `,CustomerID,Country\n` directly followed by the next line's start `InvoiceNo,`, so that one copy ends a
  // line and starts the next.
  const text = catalogue.text;
  const MID = text.used;
  const TAIL = MID + 64;
  const out = new Bytes(CHUNK + 65536, TAIL + 128);
  out.buf.set(text.bytes.subarray(0, text.used));
  let midLength = 0;
  let tailLength = 0;
  let headLength = 0;
  let invoiceNumber = 0;
  let cancelled = false;
  let kinds = new Uint8Array(1024);
  let owners = new Int32Array(1024);
  let sizes = new Int32Array(1024);
  let times = new Int32Array(1024);
  let count = 0;
  let invoice = FIRST_INVOICE;

  const push = (kind: number, owner: number, size: number) => {
    if (count === kinds.length) {
      const grow = <A extends Uint8Array | Int32Array>(a: A, b: A) => (b.set(a), b);
      kinds = grow(kinds, new Uint8Array(count * 2));
      owners = grow(owners, new Int32Array(count * 2));
      sizes = grow(sizes, new Int32Array(count * 2));
    }
    kinds[count] = kind;
    owners[count] = owner;
    sizes[count++] = size;
    return size;
  };
  const amount = (median: number, sigma: number) =>
    out.text(String(Math.max(1, Math.round(100 * lognormal(rng, median, sigma))) / 100));
  /** Writes the invoice's tail and head to the reserved region and starts its first line. */
  const open = (c: number, web: boolean, country: number) => {
    const mark = out.pos;
    out.pos = TAIL;
    if (web) {
      out.put(anonymousTail[country]);
    } else {
      out.byte(44);
      out.uint(customers.id[c]);
      out.put(countryTail[country]);
    }
    tailLength = out.pos - TAIL;
    if (cancelled) out.byte(67); // C
    out.uint(invoiceNumber);
    out.byte(44);
    headLength = out.pos - TAIL - tailLength;
    out.pos = mark;
    out.room(256);
    out.repeat(TAIL + tailLength, headLength);
  };
  /** Ends a line; unless it is the invoice's last, starts the next one. */
  const close = (last: boolean) => {
    out.repeat(TAIL, last ? tailLength : tailLength + headLength);
    out.room(256);
  };
  const mid = () => out.repeat(MID, midLength);
  /** A product line's fields from StockCode to UnitPrice; `price` 1 is the list price, 2 the web shop's. */
  const product = (p: number, quantity: number, price: number) => {
    out.repeat(text.start[3 * p], text.length[3 * p]);
    out.int(quantity);
    mid();
    if (price === 0) out.byte(48);
    else out.repeat(text.start[3 * p + price], text.length[3 * p + price]);
  };
  const quantity = (p: number, column: number) => {
    const table = 4 * catalogue.band[p] + column;
    return quantities.values[table][sampleAlias(quantities.tables[table], rng())];
  };

  const purchase = (c: number, size: number, web: boolean) => {
    const country = web
      ? ANONYMOUS_COUNTRIES.values[sampleAlias(ANONYMOUS_COUNTRIES.table, rng())]
      : customers.country[c];
    open(c, web, country);
    const column = web ? 3 : customers.spend[c];
    let line = 0;
    if (!web && country !== UK && rng() < (size > 1 ? 0.6 : 0.15)) {
      // Foreign customers pay postage, usually on the first line.
      out.put(POST);
      out.uint(1 + Math.floor(rng() * rng() * 3));
      mid();
      out.put(postage[sampleAlias(POSTAGE.table, rng())]);
      close(++line === size);
    }
    const dotcom = web && size >= 3 && rng() < 0.35 ? size - 1 : -1;
    let lastP = -1;
    let lastQ = 0;
    while (line < size) {
      const u = rng();
      if (line === dotcom) {
        out.put(DOT);
        mid();
        amount(90, 0.8);
      } else if (u < MANUAL_RATE) {
        out.put(MANUAL);
        out.uint(1 + Math.floor(rng() * 3));
        mid();
        amount(2, 1.3);
      } else {
        const p = sampleAlias(catalogue.popularity, rng());
        const q = quantity(p, column);
        product(p, q, u > 1 - ZERO_PRICE_RATE ? 0 : web ? 2 : 1);
        lastP = p;
        lastQ = q;
      }
      close(++line === size);
    }
    if (!web && lastP >= 0) {
      lastProduct[c] = lastP;
      lastQuantity[c] = lastQ;
    }
  };

  const cancellation = (c: number, size: number) => {
    open(c, false, customers.country[c]);
    for (let line = 0; line < size; line++) {
      if (line === 0 && rng() < 0.12) {
        out.put(MANUAL);
        out.int(-1);
        mid();
        amount(8, 1.2);
      } else {
        let p = lastProduct[c];
        let q = lastQuantity[c];
        if (line > 0 || p < 0) {
          p = sampleAlias(catalogue.popularity, rng());
          q = quantity(p, 3);
        } else if (q > 1 && rng() < 0.4) {
          q = 1 + Math.floor(rng() * q);
        }
        product(p, -q, 1);
      }
      close(line === size - 1);
    }
  };

  const special = (kind: number, c: number) => {
    open(c, c < 0, c < 0 ? UK : customers.country[c]);
    out.put(SPECIAL[kind]);
    mid();
    if (kind === CRUK) amount(300, 0.8);
    else if (kind === DISCOUNT) amount(25, 0.7);
    else if (kind === BANK_CHARGE) out.uint(15);
    else if (kind === BANK_REFUND) amount(150, 0.9);
    else amount(6500, 0.5);
    close(true);
  };

  for (let t = 0; t < slots.count; t++) {
    if (t > 0) for (let k = ends.offset[t - 1]; k < ends.offset[t]; k++) active.remove(ends.order[k]);
    for (let k = starts.offset[t]; k < starts.offset[t + 1]; k++) active.add(starts.order[k]);
    active.update();
    count = 0;

    shuffle(starts.order, rng, starts.offset[t], starts.offset[t + 1]);
    let budget = first[t];
    for (let k = starts.offset[t]; k < starts.offset[t + 1] && budget > 0; k++) {
      const c = starts.order[k];
      budget -= push(PURCHASE, c, Math.min(customers.firstLines[c], budget));
    }
    budget += repeat[t];
    while (budget > 0) {
      const u = rng();
      // Now and then a special line: charity commission, a discount, a bank charge.
      if (u < 0.001) {
        budget -= push(CRUK, cruk, 1);
        continue;
      }
      const c = active.sample(rng());
      if (u < 0.0025 && customers.start[c] < t) budget -= push(DISCOUNT, c, 1);
      else if (u < 0.003) budget -= push(BANK_CHARGE, c, 1);
      else if (u < 0.003 + CANCEL_RATE && customers.start[c] < t) {
        const size = rng() < 0.7 ? 1 : 2 + Math.floor(rng() * rng() * 5);
        budget -= push(CANCELLATION, c, Math.min(budget, size));
      } else {
        budget -= push(PURCHASE, c, Math.min(budget, basket(customers.type[c])));
      }
    }
    budget = anonymous[t];
    while (budget > 0) {
      const u = rng();
      if (u < 0.005) budget -= push(AMAZON_FEE, -1, 1);
      else if (u < 0.009) budget -= push(BANK_REFUND, -1, 1);
      else {
        // Web-shop invoices: often a single item, sometimes a long basket.
        const size = rng() < 0.45 ? 1 : Math.min(300, Math.max(1, Math.round(lognormal(rng, 10, 1.1))));
        budget -= push(WEB, -1, Math.min(budget, size));
      }
    }

    // Invoices are numbered in time order: shuffle the orders, then give them sorted times of day.
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const kind = kinds[i];
      kinds[i] = kinds[j];
      kinds[j] = kind;
      const owner = owners[i];
      owners[i] = owners[j];
      owners[j] = owner;
      const size = sizes[i];
      sizes[i] = sizes[j];
      sizes[j] = size;
    }
    if (times.length < count) times = new Int32Array(Math.max(count, times.length * 2));
    for (let i = 0; i < count; i++) {
      times[i] = HOURS.values[sampleAlias(HOURS.table, rng())] * 60 + Math.floor(rng() * 60);
    }
    const sorted = times.subarray(0, count).sort();
    const day = days[t];

    for (let i = 0; i < count; i++) {
      const kind = kinds[i];
      cancelled = kind !== PURCHASE && kind !== WEB && kind !== BANK_CHARGE;
      invoiceNumber = invoice++;
      const mark = out.pos;
      out.pos = MID;
      out.byte(44);
      out.put(day);
      out.put(CLOCK[sorted[i]]);
      out.byte(44);
      midLength = out.pos - MID;
      out.pos = mark;
      if (kind === PURCHASE || kind === WEB) purchase(owners[i], sizes[i], kind === WEB);
      else if (kind === CANCELLATION) cancellation(owners[i], sizes[i]);
      else special(kind, owners[i]);
      if (out.written >= CHUNK) yield out.take();
    }
  }
  if (out.written > 0) yield out.take();
}
