import {dayFromCivil} from "./dates.ts";
import type {ExclusionLedger, ExclusionReason} from "./ledger.ts";
import {roundMoney} from "./ledger.ts";
import type {OrderBook} from "./order-book.ts";
import {stringOrder} from "./fast-string-order.ts";
import type {FrequencyRule} from "./row-sink.ts";
import type {DayNumber} from "./types.ts";

export interface RfmOptions {
  /** Days before the reference date that count; `all` keeps everything. */
  window: number | "all";
  /** ISO date recency is counted to; by default the day after the latest transaction. */
  referenceDate: string | null;
  frequency: FrequencyRule;
}

/** Customers' recency, frequency and revenue over the window, in column arrays (one slot per customer kept). */
export interface RfmTable {
  referenceDay: DayNumber;
  /** First day inside the window. */
  startDay: DayNumber;
  /** Index into the order book's customers; slots are in the order of the customers' ids (as `<` orders them). */
  customer: Int32Array;
  recencyDays: Float64Array;
  frequency: Float64Array;
  revenue: Float64Array;
  units: Float64Array;
  /** Per order-book customer: their slot, or -1 when none of their entries is in the window. */
  slotOfCustomer: Int32Array;
}

/**
 * True when `day` is inside the table's window: every entry of such a day is used, as its customer has a slot. Worked
 * out per entry rather than kept in a column of slots: that would be 4 bytes for every entry, 33 MB for a 10M-line
 * file.
 */
export function inWindow(rfm: RfmTable, day: number): boolean {
  return day >= rfm.startDay && day < rfm.referenceDay;
}

// A customer's sums: 32 bytes (five doubles were 40), the days in 32 bits. Doubles at 4 * customer, days at
// 8 * customer in the same memory. One record per customer: entries come in no order of customer, and a customer's
// numbers side by side cost one cache miss an entry instead of one per column. By customer rather than by slot, an
// entry's record is found without first looking up its slot, a cache miss of its own.
const REVENUE = 0;
const UNITS = 1;
const FREQUENCY = 2;
const LAST_ACTIVITY = 6;
const LAST_PURCHASE = 7;
const NO_DAY = -2147483648;
const sumBytes = 32;
/** Entries whose customers are looked up together. */
const block = 512;
/**
 * Customers are shared between threads in runs of 64 (2 KB of sums): two threads never write the same cache line,
 * and each has about half of any stretch of the customers.
 */
const runBits = 6;

/** Example line numbers the ledger keeps per reason. */
const maxExamples = 5;

/** The order book's columns that the sums read: plain typed arrays, which a thread can be handed. */
export interface EntryColumns {
  size: number;
  customer: Int32Array;
  day: Int32Array;
  /** In `1 / revenueScale` of the currency (`OrderBook.revenue`): summed so, and divided once. */
  revenue: Int32Array | Float64Array;
  units: Int16Array | Int32Array | Float64Array;
  /** Null while every entry is a purchase. */
  purchase: Uint8Array | null;
  /** What a purchase entry adds to its customer's frequency; null: 1 (frequency counts orders). */
  purchaseRows: Uint8Array | Uint16Array | Int32Array | null;
}

/** One thread's share of the customers' sums, in memory all threads write to (`sumBytes` a customer). */
export interface CustomerSumsTask {
  columns: EntryColumns;
  startDay: number;
  referenceDay: DayNumber;
  customers: number;
  sums: ArrayBufferLike;
  /** The task sums the customers whose run of 64 is `part` modulo `parts`. */
  part: number;
  parts: number;
}

/** Where the thread that has the book tallies the entries outside the window. */
interface ExcludedBy {
  book: OrderBook;
  after: ExcludedEntries;
  before: ExcludedEntries;
}

/**
 * Sums a thread's customers from the book's entries (`task`), and tallies the entries outside the window in
 * `excluded` (by one thread only). Runs on another thread as it runs on this one: a pure function of the columns,
 * writing only the sums of its own customers.
 */
export function sumCustomers(task: CustomerSumsTask, excluded: ExcludedBy | null = null): void {
  const {columns, startDay, referenceDay, customers, part, parts} = task;
  const {size, day: days, customer: customerOf, revenue: revenueOf, units: unitsOf, purchase, purchaseRows} = columns;
  const sums = new Float64Array(task.sums, 0, 4 * customers);
  const lastDays = new Int32Array(task.sums, 0, 8 * customers);
  for (let run = part; run << runBits < customers; run += parts) {
    const end = Math.min(customers, (run + 1) << runBits);
    for (let c = run << runBits; c < end; c++)
      lastDays[8 * c + LAST_ACTIVITY] = lastDays[8 * c + LAST_PURCHASE] = NO_DAY;
  }
  let touched = 0;
  for (let from = 0; from < size; from += block) {
    const to = Math.min(size, from + block);
    // First each record of a block of entries is read once: the reads are independent, so their cache misses
    // overlap instead of each waiting in turn (customers come in no order).
    for (let e = from; e < to; e++) {
      const day = days[e];
      const c = customerOf[e];
      if (day < referenceDay && day >= startDay && (c >> runBits) % parts === part) touched += sums[4 * c + FREQUENCY];
    }
    // Then the sums, in entry order.
    for (let e = from; e < to; e++) {
      const day = days[e];
      const c = customerOf[e];
      if (day >= referenceDay || day < startDay) {
        if (excluded !== null) (day >= referenceDay ? excluded.after : excluded.before).add(excluded.book, e);
        continue;
      }
      if ((c >> runBits) % parts !== part) continue;
      const at = 4 * c;
      const dayAt = 2 * at;
      sums[at + REVENUE] += revenueOf[e];
      sums[at + UNITS] += unitsOf[e];
      if (day > lastDays[dayAt + LAST_ACTIVITY]) lastDays[dayAt + LAST_ACTIVITY] = day;
      if (purchase === null || purchase[e]) {
        sums[at + FREQUENCY] += purchaseRows === null ? 1 : purchaseRows[e];
        if (day > lastDays[dayAt + LAST_PURCHASE]) lastDays[dayAt + LAST_PURCHASE] = day;
      }
    }
  }
  // Keeps the reads above from being optimized away; frequencies are finite.
  if (Number.isNaN(touched)) throw new Error(`sumCustomers: a frequency sum is NaN`);
}

/**
 * Runs a `CustomerSumsTask` on another thread; resolves once its sums are written. The thread stops, and the promise
 * rejects, once `signal` aborts.
 */
export type SumsRunner = (task: CustomerSumsTask, signal?: AbortSignal) => Promise<void>;

/** Entries from which `computeRfmOnThreads` sums half the customers on another thread. */
export const sumsThreadFrom = 1_000_000;

/**
 * Applies the window and sums each customer's orders. Entries outside the window go to the ledger, with their
 * lines and revenue, so that read = used + excluded still holds.
 *
 * Every sum runs in entry order, so that the doubles are the same whatever the book's internals.
 */
export function computeRfm(book: OrderBook, ledger: ExclusionLedger, options: RfmOptions): RfmTable {
  const window = windowOf(book, options);
  const sums = new ArrayBuffer(sumBytes * book.customers);
  const excluded = excludedBy(book);
  sumCustomers(sumsTask(book, options, window, sums, 0, 1), excluded);
  return rfmFromSums(book, ledger, window, sums, excluded);
}

/**
 * `computeRfm`, with half the customers summed on another thread by `runOnThread` for a book of `from` entries or
 * more (the sums of a 10M-line file are 8M cache misses; below, the thread's start-up costs more than it saves).
 * Each customer is still summed by one thread in entry order, so the table is the same to the bit.
 */
export async function computeRfmOnThreads(
  book: OrderBook,
  ledger: ExclusionLedger,
  options: RfmOptions,
  runOnThread: SumsRunner,
  {from = sumsThreadFrom}: {from?: number} = {}
): Promise<RfmTable> {
  if (book.size < from) return computeRfm(book, ledger, options);
  const window = windowOf(book, options);
  const sums = new SharedArrayBuffer(sumBytes * book.customers);
  const other = runOnThread(sumsTask(book, options, window, sums, 1, 2));
  // Settled as soon as it fails, so that a failure while this thread sums is never an unhandled rejection.
  other.catch(() => {});
  const excluded = excludedBy(book);
  sumCustomers(sumsTask(book, options, window, sums, 0, 2), excluded);
  await other;
  return rfmFromSums(book, ledger, window, sums, excluded);
}

interface Window {
  referenceDay: DayNumber;
  /** -Infinity for `window: all`. */
  startDay: number;
}

function excludedBy(book: OrderBook): ExcludedBy {
  return {book, after: new ExcludedEntries("after_reference_date"), before: new ExcludedEntries("outside_window")};
}

function windowOf(book: OrderBook, options: RfmOptions): Window {
  const referenceDay = options.referenceDate === null ? book.maxDay + 1 : isoDay(options.referenceDate);
  return {referenceDay, startDay: options.window === "all" ? -Infinity : referenceDay - options.window};
}

function sumsTask(
  book: OrderBook,
  options: RfmOptions,
  {referenceDay, startDay}: Window,
  sums: ArrayBufferLike,
  part: number,
  parts: number
): CustomerSumsTask {
  const size = book.size;
  const columns: EntryColumns = {
    size,
    customer: book.customer.subarray(0, size),
    day: book.day.subarray(0, size),
    revenue: book.revenue.subarray(0, size),
    units: book.units.subarray(0, size),
    purchase: book.onlyPurchases ? null : book.purchase.subarray(0, size),
    purchaseRows: options.frequency === "rows" ? book.purchaseRows.subarray(0, size) : null
  };
  return {columns, startDay, referenceDay, customers: book.customers, sums, part, parts};
}

/** The table from the customers' sums, and the entries outside the window tallied in the ledger. */
function rfmFromSums(
  book: OrderBook,
  ledger: ExclusionLedger,
  {referenceDay, startDay}: Window,
  memory: ArrayBufferLike,
  {after, before}: ExcludedBy
): RfmTable {
  const customers = book.customers;
  const sums = new Float64Array(memory, 0, 4 * customers);
  const lastDays = new Int32Array(memory, 0, 8 * customers);
  const days = book.day;
  const scale = book.revenueScale;
  // Slots are numbered in the order of the customers' ids, the order everything downstream lists them in: the
  // customers with an entry in the window (every such entry sets its customer's last activity) are sorted once.
  // In typed arrays: a million pushes onto an array cost a tenth of a second.
  let n = 0;
  for (let c = 0; c < customers; c++) if (lastDays[8 * c + LAST_ACTIVITY] !== NO_DAY) n++;
  const kept = new Int32Array(n);
  for (let c = 0, slot = 0; c < customers; c++) if (lastDays[8 * c + LAST_ACTIVITY] !== NO_DAY) kept[slot++] = c;
  const ids = book.customerIds;
  const keptIds = new Array<string>(n);
  for (let slot = 0; slot < n; slot++) keptIds[slot] = ids[kept[slot]];
  const byId = stringOrder(keptIds);
  const customer = new Int32Array(n);
  const slotOfCustomer = new Int32Array(customers).fill(-1);
  for (let slot = 0; slot < n; slot++) {
    customer[slot] = kept[byId[slot]];
    slotOfCustomer[customer[slot]] = slot;
  }
  after.tally(book, ledger, (e) => days[e] >= referenceDay);
  before.tally(book, ledger, (e) => days[e] < startDay && days[e] < referenceDay);
  const recencyDays = new Float64Array(n);
  const frequency = new Float64Array(n);
  const revenue = new Float64Array(n);
  const units = new Float64Array(n);
  // In the customers' order, where their sums lie one after another, each written to its slot: writes to scattered
  // places do not wait for memory as reads from them do (in the slots' order, 1.1M customers took 126–137 ms, in
  // theirs 60–69 ms).
  for (let c = 0; c < customers; c++) {
    const slot = slotOfCustomer[c];
    if (slot < 0) continue;
    const at = 4 * c;
    // A customer with only returns in the window has no purchase to count from; their last activity stands in.
    const lastPurchase = lastDays[2 * at + LAST_PURCHASE];
    recencyDays[slot] = referenceDay - (lastPurchase !== NO_DAY ? lastPurchase : lastDays[2 * at + LAST_ACTIVITY]);
    frequency[slot] = sums[at + FREQUENCY];
    revenue[slot] = roundMoney(sums[at + REVENUE] / scale);
    units[slot] = sums[at + UNITS];
  }
  return {
    referenceDay,
    startDay: startDay === -Infinity ? book.minDay : startDay,
    customer,
    recencyDays,
    frequency,
    revenue,
    units,
    slotOfCustomer
  };
}

/**
 * The entries excluded under one reason, tallied in one ledger call instead of one per entry, with the same
 * outcome: lines and revenue summed in entry order from zero (as the ledger would, skipping what is not finite;
 * revenue in the book's scale, so that whole cents sum exactly), and the first lines of the first entries as
 * examples (entries are numbered in the order of their first line).
 */
class ExcludedEntries {
  private lines = 0;
  private revenue = 0;
  /** The first few excluded entries. */
  private readonly first: number[] = [];

  constructor(private readonly reason: ExclusionReason) {}

  add(book: OrderBook, e: number): void {
    if (this.first.length < maxExamples) this.first.push(e);
    this.lines += book.rows[e];
    // In the book's scale: divided once, when tallied.
    const revenue = book.revenue[e];
    if (Number.isFinite(revenue)) this.revenue += revenue;
  }

  /** `excluded(e)` says which entries were added, for sums that overflow: the ledger then sees them one by one. */
  tally(book: OrderBook, ledger: ExclusionLedger, excluded: (e: number) => boolean): void {
    if (this.first.length === 0) return;
    const reason = this.reason;
    if (!Number.isFinite(this.revenue)) {
      for (let e = 0; e < book.size; e++) {
        if (excluded(e)) ledger.exclude(reason, book.firstLine(e), book.revenueOf(e), book.rows[e]);
      }
      return;
    }
    const [head, ...rest] = this.first;
    ledger.exclude(reason, book.firstLine(head), this.revenue / book.revenueScale, this.lines);
    if (rest.length > 0)
      ledger.addExamples(
        reason,
        rest.map((e) => book.firstLine(e))
      );
  }
}

function isoDay(iso: string): DayNumber {
  const [year, month, day] = iso.split("-").map(Number);
  return dayFromCivil(year, month, day);
}
