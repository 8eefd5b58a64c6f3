import * as Plot from "@observablehq/plot";
import {formatCompact, formatInteger, formatMoney} from "./format.js";
import {segmentColor, segmentNames} from "./segments.js";

const measures = {
  revenue: {label: "Revenue", format: formatMoney},
  units: {label: "Units", format: formatInteger},
  orders: {label: "Orders", format: formatInteger}
};

/**
 * Monthly revenue, units or orders (data/timeline.json), stacked by segment. Lines of customers that were not
 * clustered are grey, so that the bars add up to the whole.
 */
export function Timeline(timeline, {width, height = 260, value = "revenue", segments, title, caption} = {}) {
  const measure = measures[value];
  if (!measure)
    throw new Error(`unknown timeline measure: ${JSON.stringify(value)}; expected revenue, units or orders`);
  const name = segmentNames(segments);
  const rows = timeline.map((d) => ({...d, date: new Date(d.period), cluster: d.cluster ?? -1}));
  const months = new Set(timeline.map((d) => d.period)).size;
  const total = rows.reduce((sum, d) => sum + d[value], 0);
  return Plot.plot({
    width,
    height,
    title,
    caption,
    ariaLabel: `${measure.label} per month, stacked by segment`,
    ariaDescription: `${months} months, ${formatCompact(total)} ${measure.label.toLowerCase()} in total.`,
    x: {label: null, type: "utc"},
    y: {label: `↑ ${measure.label}`, grid: true, tickFormat: formatCompact},
    color: {...segmentColor(segments, {unclustered: rows.some((d) => d.cluster === -1)}), legend: true},
    marks: [
      Plot.rectY(rows, {
        x: "date",
        interval: "month",
        y: value,
        fill: "cluster",
        insetLeft: 1,
        insetRight: 1,
        channels: {Segment: (d) => name(d.cluster), Month: (d) => d.period.slice(0, 7)},
        tip: {format: {fill: false, x: false, Month: true, Segment: true, y: measure.format}}
      }),
      Plot.ruleY([0])
    ]
  });
}
