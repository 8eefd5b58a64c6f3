import * as Plot from "@observablehq/plot";
import {formatPercent} from "./format.js";
import {colorOf, segmentColor, segmentNames, textOn} from "./segments.js";

/** Each segment's share of customers and of revenue, as two 100 % bars: where the customers are vs where the money is. */
export function SegmentShares(segments, {width, title, caption} = {}) {
  const name = segmentNames(segments);
  const rows = segments.flatMap((segment) => [
    {measure: "Customers", cluster: segment.cluster, value: segment.share},
    {measure: "Revenue", cluster: segment.cluster, value: segment.revenueShare}
  ]);
  const largest = [...segments].sort((a, b) => b.revenueShare - a.revenueShare)[0];
  return Plot.plot({
    width,
    height: 110,
    marginTop: 8,
    marginLeft: 80,
    title,
    caption,
    ariaLabel: "Share of customers and of revenue by segment",
    ariaDescription:
      segments
        .map((s) => `${s.name}: ${formatPercent(s.share)} of customers, ${formatPercent(s.revenueShare)} of revenue`)
        .join("; ") + (largest ? `. ${largest.name} brings the most revenue.` : ""),
    x: {percent: true, label: "Share (%)", domain: [0, 100]},
    y: {label: null, domain: ["Customers", "Revenue"]},
    color: {...segmentColor(segments), legend: true},
    marks: [
      Plot.barX(
        rows,
        Plot.stackX({
          x: "value",
          y: "measure",
          fill: "cluster",
          channels: {Segment: (d) => name(d.cluster)},
          tip: {format: {fill: false, x: (v) => formatPercent(v), y: true, Segment: true}}
        })
      ),
      Plot.text(
        rows,
        Plot.stackX({
          x: "value",
          y: "measure",
          z: "cluster",
          text: (d) => (d.value >= 0.06 ? formatPercent(d.value, 0) : null),
          fill: {value: (d) => textOn(colorOf(segments, d.cluster)), scale: null}
        })
      )
    ]
  });
}
