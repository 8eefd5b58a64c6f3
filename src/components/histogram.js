import * as Plot from "@observablehq/plot";
import {formatCompact, formatInteger} from "./format.js";
import {segmentColor, segmentNames} from "./segments.js";

export const featureLabels = {recency_days: "Days since last purchase", frequency: "Orders", revenue: "Revenue"};

/**
 * A pre-binned feature histogram (data/histograms.json), stacked by segment. log1p histograms are drawn in log1p
 * space, where the clusters were found, with ticks labelled in original units.
 */
export function FeatureHistogram(histogram, {width, height = 220, segments, title, caption} = {}) {
  const {feature, scale, thresholds, counts} = histogram;
  const name = segmentNames(segments);
  const rows = [];
  for (let bin = 0; bin < thresholds.length - 1; bin++) {
    let y = 0;
    for (const {cluster, counts: values} of counts) {
      const count = values[bin];
      if (!count) continue;
      rows.push({cluster, x1: thresholds[bin], x2: thresholds[bin + 1], y1: y, y2: (y += count), count});
    }
  }
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const log = scale === "log1p";
  const unit = (x) => (log ? Math.expm1(x) : x);
  return Plot.plot({
    width,
    height,
    title,
    caption,
    ariaLabel: `Histogram of ${featureLabels[feature].toLowerCase()}${log ? " on a log scale" : ""}, stacked by segment`,
    ariaDescription: `${formatInteger(total)} customers in ${thresholds.length - 1} bins from ${formatCompact(unit(thresholds[0]))} to ${formatCompact(unit(thresholds.at(-1)))}.`,
    x: log
      ? {
          label: `${featureLabels[feature]} (log scale) →`,
          ticks: logTicks(thresholds[0], thresholds.at(-1), {max: Math.floor(width / 55)}).map(Math.log1p),
          tickFormat: (x) => formatCompact(Math.round(unit(x)))
        }
      : {label: `${featureLabels[feature]} →`, tickFormat: formatCompact},
    y: {label: "↑ Customers", grid: true},
    color: segmentColor(segments),
    marks: [
      Plot.rect(rows, {
        x1: "x1",
        x2: "x2",
        y1: "y1",
        y2: "y2",
        fill: "cluster",
        insetLeft: 0.5,
        insetRight: 0.5,
        channels: {
          Segment: (d) => name(d.cluster),
          From: (d) => unit(d.x1),
          To: (d) => unit(d.x2),
          Customers: "count"
        },
        tip: {
          format: {
            fill: false,
            x1: false,
            x2: false,
            y1: false,
            y2: false,
            From: formatTick,
            To: formatTick,
            Customers: formatInteger
          }
        }
      }),
      Plot.ruleY([0])
    ]
  });
}

function formatTick(value) {
  // Bin edges of log1p histograms map back to fractional values; whole numbers read better where they are whole.
  return Number.isInteger(value) ? formatInteger(value) : value.toFixed(2);
}

/**
 * Tick values for a log1p axis whose domain is [lo, hi] in log1p space: 0, 1, 3, 10, 30… when they fit, else
 * 0, 1, 10, 100…, else every other power of ten, so that at most `max` labels share the axis.
 */
export function logTicks(lo, hi, {max = 8} = {}) {
  const within = (value) => Math.log1p(value) >= lo - 1e-9 && Math.log1p(value) <= hi + 1e-9;
  const powers = [];
  for (let power = 1; power <= 1e15; power *= 10) powers.push(power);
  const candidates = [
    [0, ...powers.flatMap((p) => [p, 3 * p])],
    [0, ...powers],
    [0, ...powers.filter((_, i) => i % 2 === 0)],
    [0, ...powers.filter((_, i) => i % 3 === 0)]
  ].map((values) => values.filter(within));
  return candidates.find((values) => values.length <= Math.max(3, max)) ?? candidates.at(-1);
}
