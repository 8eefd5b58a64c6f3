import * as Plot from "@observablehq/plot";
import {formatCompact, formatInteger, formatMoney} from "./format.js";
import {logTicks} from "./histogram.js";
import {segmentColor, segmentNames} from "./segments.js";

const axes = {
  frequency: {label: "Orders", format: formatInteger},
  recencyDays: {label: "Days since last purchase", format: formatInteger},
  revenue: {label: "Revenue", format: formatMoney}
};

/**
 * Customers on two features, coloured by segment. Both axes are log1p (a symlog scale with constant 1), the space
 * k-means worked in, so the clusters look as the algorithm saw them; ticks read in original units.
 */
export function ClusterScatter(
  rows,
  {width, height = 440, x = "frequency", y = "revenue", segments, title, caption} = {}
) {
  if (!axes[x] || !axes[y])
    throw new Error(
      `unknown scatter axis: ${JSON.stringify(axes[x] ? y : x)}; expected frequency, recencyDays or revenue`
    );
  const name = segmentNames(segments);
  return Plot.plot({
    width,
    height,
    title,
    caption,
    ariaLabel: `Scatter plot of ${axes[y].label.toLowerCase()} against ${axes[x].label.toLowerCase()}, coloured by segment, log scales`,
    ariaDescription: segments
      .map(
        (s) =>
          `${s.name}: median ${formatInteger(s.median.frequency)} orders, ${formatInteger(s.median.recency_days)} days since purchase, revenue ${formatMoney(s.median.revenue)}`
      )
      .join("; "),
    grid: true,
    x: {
      type: "symlog",
      ticks: symlogTicks(rows, x, width / 60),
      tickFormat: formatCompact,
      label: `${axes[x].label} (log scale) →`
    },
    y: {
      type: "symlog",
      ticks: symlogTicks(rows, y, height / 40),
      tickFormat: formatCompact,
      label: `↑ ${axes[y].label} (log scale)`
    },
    color: {...segmentColor(segments), legend: true},
    marks: [
      Plot.dot(rows, {
        x,
        y,
        fill: "cluster",
        r: 2.5,
        fillOpacity: 0.6,
        channels: {Customer: "id", Country: "country", Segment: (d) => name(d.cluster)},
        tip: {format: {Customer: true, Country: true, Segment: true, fill: false, x: axes[x].format, y: axes[y].format}}
      })
    ]
  });
}

function symlogTicks(rows, key, max) {
  let hi = 0;
  for (const row of rows) if (row[key] > hi) hi = row[key];
  return logTicks(0, Math.log1p(hi), {max: Math.floor(max)});
}
