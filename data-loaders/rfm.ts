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

// A customer's sums in `computeRfm`: 32 bytes (five doubles were 40), the days in 32 bits. Doubles at 4 * customer,
// days at 8 * customer in the same memory.
const REVENUE = 0;
const UNITS = 1;
const FREQUENCY = 2;
const LAST_ACTIVITY = 6;
const LAST_PURCHASE = 7;
const NO_DAY = -2147483648;
/** Entries whose customers are looked up together. */
const block = 512;

/** Example line numbers the ledger keeps per reason. */
const maxExamples = 5;

/**
 * Applies the window and sums each customer's orders. Entries outside the window go to the ledger, with their
 * lines and revenue, so that read = used + excluded still holds.
 *
 * Every sum runs in entry order, so that the doubles are the same whatever the book's internals.
 */
export function computeRfm(book: OrderBook, ledger: ExclusionLedger, options: RfmOptions): RfmTable {
  const referenceDay = options.referenceDate === null ? book.maxDay + 1 : isoDay(options.referenceDate);
  const startDay = options.window === "all" ? -Infinity : referenceDay - options.window;
  const customers = book.customers;
  const size = book.size;
  const {day: days, customer: customerOf, revenue: revenueOf, units: unitsOf, purchase} = book;
  const inside = (day: number) => day < referenceDay && day >= startDay;
  // One record per customer: entries come in no order of customer, and a customer's numbers side by side cost one
  // cache miss an entry instead of one per column. By customer rather than by slot, an entry's record is found
  // without first looking up its slot, a cache miss of its own.
  const memory = new ArrayBuffer(32 * customers);
  const sums = new Float64Array(memory);
  const lastDays = new Int32Array(memory);
  for (let at = 0; at < lastDays.length; at += 8) lastDays[at + LAST_ACTIVITY] = lastDays[at + LAST_PURCHASE] = NO_DAY;
  const byRows = options.frequency === "rows";
  const after = new ExcludedEntries("after_reference_date");
  const before = new ExcludedEntries("outside_window");
  const purchaseRows = byRows ? book.purchaseRows : null;
  let touched = 0;
  for (let from = 0; from < size; from += block) {
    const to = Math.min(size, from + block);
    // First each record of a block of entries is read once: the reads are independent, so their cache misses
    // overlap instead of each waiting in turn (customers come in no order).
    for (let e = from; e < to; e++) if (inside(days[e])) touched += sums[4 * customerOf[e] + FREQUENCY];
    // Then the sums, in entry order.
    for (let e = from; e < to; e++) {
      const day = days[e];
      if (!inside(day)) {
        (day >= referenceDay ? after : before).add(book, e);
        continue;
      }
      const at = 4 * customerOf[e];
      const dayAt = 2 * at;
      sums[at + REVENUE] += revenueOf[e];
      sums[at + UNITS] += unitsOf[e];
      if (day > lastDays[dayAt + LAST_ACTIVITY]) lastDays[dayAt + LAST_ACTIVITY] = day;
      if (purchase[e]) {
        sums[at + FREQUENCY] += purchaseRows === null ? 1 : purchaseRows[e];
        if (day > lastDays[dayAt + LAST_PURCHASE]) lastDays[dayAt + LAST_PURCHASE] = day;
      }
    }
  }
  // Keeps the reads above from being optimized away; frequencies are finite.
  if (Number.isNaN(touched)) throw new Error(`computeRfm: a frequency sum is NaN`);
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
  for (let slot = 0; slot < n; slot++) {
    const at = 4 * customer[slot];
    // A customer with only returns in the window has no purchase to count from; their last activity stands in.
    const lastPurchase = lastDays[2 * at + LAST_PURCHASE];
    recencyDays[slot] = referenceDay - (lastPurchase !== NO_DAY ? lastPurchase : lastDays[2 * at + LAST_ACTIVITY]);
    frequency[slot] = sums[at + FREQUENCY];
    revenue[slot] = roundMoney(sums[at + REVENUE]);
    units[slot] = sums[at + UNITS];
  }
  return {
    referenceDay,
    startDay: options.window === "all" ? book.minDay : startDay,
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
 * outcome: lines and revenue summed in entry order from zero (as the ledger would, skipping what is not finite),
 * and the first lines of the first entries as examples (entries are numbered in the order of their first line).
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
    const revenue = book.revenue[e];
    if (Number.isFinite(revenue)) this.revenue += revenue;
  }

  /** `excluded(e)` says which entries were added, for sums that overflow: the ledger then sees them one by one. */
  tally(book: OrderBook, ledger: ExclusionLedger, excluded: (e: number) => boolean): void {
    if (this.first.length === 0) return;
    const reason = this.reason;
    if (!Number.isFinite(this.revenue)) {
      for (let e = 0; e < book.size; e++) {
        if (excluded(e)) ledger.exclude(reason, book.firstLine(e), book.revenue[e], book.rows[e]);
      }
      return;
    }
    const [head, ...rest] = this.first;
    ledger.exclude(reason, book.firstLine(head), this.revenue, this.lines);
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
