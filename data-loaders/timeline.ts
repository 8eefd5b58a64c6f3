import {civilFromDay, dayFromCivil, isoFromDay} from "./dates.ts";
import {roundMoney} from "./ledger.ts";
import type {OrderBook} from "./order-book.ts";
import type {PeriodPoint} from "./types.ts";

/**
 * Revenue, units and orders per calendar month and segment, over the window. Months read naturally in a report
 * and stay few even for long exports.
 */
export function monthlyTimeline(
  book: OrderBook,
  slotOfEntry: Int32Array,
  clusterOfSlot: ArrayLike<number>
): PeriodPoint[] {
  const points = new Map<string, PeriodPoint>();
  for (let e = 0; e < book.size; e++) {
    const slot = slotOfEntry[e];
    if (slot < 0) continue;
    const {year, month} = civilFromDay(book.day[e]);
    const cluster = clusterOfSlot[slot] >= 0 ? clusterOfSlot[slot] : null;
    const key = `${year}-${month}-${cluster}`;
    let point = points.get(key);
    if (!point)
      points.set(
        key,
        (point = {period: isoFromDay(dayFromCivil(year, month, 1)), cluster, revenue: 0, units: 0, orders: 0})
      );
    point.revenue += book.revenue[e];
    point.units += book.units[e];
    if (book.purchase[e]) point.orders++;
  }
  return [...points.values()]
    .map((point) => ({...point, revenue: roundMoney(point.revenue), units: Math.round(point.units * 1000) / 1000}))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : (a.cluster ?? -1) - (b.cluster ?? -1)));
}
