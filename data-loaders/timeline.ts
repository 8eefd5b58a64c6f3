import {civilFromDay, dayFromCivil, isoFromDay} from "./dates.ts";
import {roundMoney} from "./ledger.ts";
import type {OrderBook} from "./order-book.ts";
import type {PeriodPoint} from "./types.ts";

/**
 * Revenue, units and orders per calendar month and segment, over the window. Months read naturally in a report
 * and stay few even for long exports.
 *
 * Sums run in entry order, in typed arrays of month × segment: a keyed map of points per entry cost most of a
 * second on millions of entries.
 */
export function monthlyTimeline(
  book: OrderBook,
  slotOfEntry: Int32Array,
  clusterOfSlot: ArrayLike<number>
): PeriodPoint[] {
  let firstDay = Infinity;
  let lastDay = -Infinity;
  let clusters = 0;
  for (let e = 0; e < book.size; e++) {
    if (slotOfEntry[e] < 0) continue;
    const day = book.day[e];
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
  }
  if (firstDay > lastDay) return [];
  for (let slot = 0; slot < clusterOfSlot.length; slot++) clusters = Math.max(clusters, clusterOfSlot[slot] + 1);
  const months = monthStarts(firstDay, lastDay);
  const monthOfDay = new Int32Array(lastDay - firstDay + 1);
  for (let m = 0; m < months.length; m++) {
    const to = m + 1 < months.length ? months[m + 1] : lastDay + 1;
    monthOfDay.fill(m, Math.max(0, months[m] - firstDay), to - firstDay);
  }
  // Column 0 holds customers without a cluster, column c + 1 cluster c: the order the points are listed in.
  const width = clusters + 1;
  const revenue = new Float64Array(months.length * width);
  const units = new Float64Array(months.length * width);
  const orders = new Float64Array(months.length * width);
  const seen = new Uint8Array(months.length * width);
  const {day, purchase} = book;
  const bookRevenue = book.revenue;
  const bookUnits = book.units;
  for (let e = 0; e < book.size; e++) {
    const slot = slotOfEntry[e];
    if (slot < 0) continue;
    const cluster = clusterOfSlot[slot];
    const at = monthOfDay[day[e] - firstDay] * width + (cluster >= 0 ? cluster + 1 : 0);
    seen[at] = 1;
    revenue[at] += bookRevenue[e];
    units[at] += bookUnits[e];
    if (purchase[e]) orders[at]++;
  }
  const points: PeriodPoint[] = [];
  for (let m = 0; m < months.length; m++) {
    const period = isoFromDay(months[m]);
    for (let column = 0; column < width; column++) {
      const at = m * width + column;
      if (!seen[at]) continue;
      points.push({
        period,
        cluster: column === 0 ? null : column - 1,
        revenue: roundMoney(revenue[at]),
        units: Math.round(units[at] * 1000) / 1000,
        orders: orders[at]
      });
    }
  }
  return points;
}

/** The first day of each calendar month from the one holding `firstDay` to the one holding `lastDay`. */
function monthStarts(firstDay: number, lastDay: number): number[] {
  let {year, month} = civilFromDay(firstDay);
  const starts: number[] = [];
  for (let start = dayFromCivil(year, month, 1); start <= lastDay; start = dayFromCivil(year, month, 1)) {
    starts.push(start);
    if (++month > 12) {
      month = 1;
      year++;
    }
  }
  return starts;
}
