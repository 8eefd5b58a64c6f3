import {dayFromCivil} from "./dates.ts";
import type {ExclusionLedger} from "./ledger.ts";
import {roundMoney} from "./ledger.ts";
import type {OrderBook} from "./order-book.ts";
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
  /** Index into the order book's customers. */
  customer: Int32Array;
  recencyDays: Float64Array;
  frequency: Float64Array;
  revenue: Float64Array;
  units: Float64Array;
  /** Per order-book entry: the RFM slot of its customer, or -1 when the entry is outside the window. */
  slotOfEntry: Int32Array;
}

/**
 * Applies the window and sums each customer's orders. Entries outside the window go to the ledger, with their
 * lines and revenue, so that read = used + excluded still holds.
 */
export function computeRfm(book: OrderBook, ledger: ExclusionLedger, options: RfmOptions): RfmTable {
  const referenceDay = options.referenceDate === null ? book.maxDay + 1 : isoDay(options.referenceDate);
  const startDay = options.window === "all" ? -Infinity : referenceDay - options.window;
  const slotOfCustomer = new Int32Array(book.customers).fill(-1);
  const slotOfEntry = new Int32Array(book.size).fill(-1);
  const lastPurchase: number[] = [];
  const lastActivity: number[] = [];
  const frequency: number[] = [];
  const revenue: number[] = [];
  const units: number[] = [];
  const customer: number[] = [];
  const byRows = options.frequency === "rows";
  for (let e = 0; e < book.size; e++) {
    const day = book.day[e];
    if (day >= referenceDay) {
      ledger.exclude("after_reference_date", book.firstLine[e], book.revenue[e], book.rows[e]);
      continue;
    }
    if (day < startDay) {
      ledger.exclude("outside_window", book.firstLine[e], book.revenue[e], book.rows[e]);
      continue;
    }
    const c = book.customer[e];
    let slot = slotOfCustomer[c];
    if (slot < 0) {
      slot = slotOfCustomer[c] = customer.length;
      customer.push(c);
      lastPurchase.push(-Infinity);
      lastActivity.push(-Infinity);
      frequency.push(0);
      revenue.push(0);
      units.push(0);
    }
    slotOfEntry[e] = slot;
    revenue[slot] += book.revenue[e];
    units[slot] += book.units[e];
    if (day > lastActivity[slot]) lastActivity[slot] = day;
    if (book.purchase[e]) {
      frequency[slot] += byRows ? book.purchaseRows[e] : 1;
      if (day > lastPurchase[slot]) lastPurchase[slot] = day;
    }
  }
  const n = customer.length;
  const recencyDays = new Float64Array(n);
  for (let slot = 0; slot < n; slot++) {
    // A customer with only returns in the window has no purchase to count from; their last activity stands in.
    const last = lastPurchase[slot] > -Infinity ? lastPurchase[slot] : lastActivity[slot];
    recencyDays[slot] = referenceDay - last;
  }
  return {
    referenceDay,
    startDay: options.window === "all" ? book.minDay : startDay,
    customer: Int32Array.from(customer),
    recencyDays,
    frequency: Float64Array.from(frequency),
    revenue: Float64Array.from(revenue, roundMoney),
    units: Float64Array.from(units),
    slotOfEntry
  };
}

function isoDay(iso: string): DayNumber {
  const [year, month, day] = iso.split("-").map(Number);
  return dayFromCivil(year, month, day);
}
