import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import {formatCompact, formatInteger, formatMoney, formatPercent} from "./format.js";
import {segmentColor, segmentNames, textOn} from "./segments.js";

// Blues without their near-white end, which would glare on the dark theme and vanish on the light one.
export const revenueInterpolate = (t) => d3.interpolateBlues(0.15 + 0.85 * t);

/** The sequential scale for revenue, shared by the treemap and the map so that a colour means one amount. */
export function revenueColor(countries) {
  const positive = countries.filter((c) => c.revenue > 0).map((c) => c.revenue);
  return {
    type: "log",
    interpolate: revenueInterpolate,
    domain: d3.extent(positive),
    label: "Revenue",
    tickFormat: "~s"
  };
}

/** Revenue per country as a treemap: area is revenue. Countries with no positive revenue have no area. */
export function RevenueTreemap(countries, {width, height = 360, title, caption} = {}) {
  const positive = countries.filter((c) => c.revenue > 0);
  const root = d3.treemap().size([width, height]).paddingInner(1).round(true)(
    d3
      .hierarchy({children: positive})
      .sum((d) => d.revenue ?? 0)
      .sort((a, b) => b.value - a.value)
  );
  const leaves = root.leaves();
  const color = revenueColor(countries);
  const scale = d3.scaleLog(color.domain, [0, 1]);
  const total = d3.sum(positive, (c) => c.revenue);
  // Label only the cells a label fits in (about 6.5 px per character at the default 10 px font).
  const big = leaves.filter((d) => d.x1 - d.x0 > 6.5 * Math.max(d.data.name.length, 6) + 10 && d.y1 - d.y0 > 34);
  return Plot.plot({
    width,
    height,
    margin: 0,
    title,
    caption,
    ariaLabel: "Treemap of revenue per country",
    ariaDescription: positive
      .slice(0, 10)
      .map((c) => `${c.name}: ${formatCompact(c.revenue)} (${formatPercent(c.revenue / total)})`)
      .join("; "),
    x: {type: "identity", axis: null},
    y: {type: "identity", axis: null},
    color,
    marks: [
      Plot.rect(leaves, {
        x1: "x0",
        x2: "x1",
        y1: "y0",
        y2: "y1",
        fill: (d) => d.data.revenue,
        channels: {
          Country: (d) => d.data.name,
          Revenue: (d) => d.data.revenue,
          Share: (d) => d.data.revenue / total,
          Customers: (d) => d.data.customers
        },
        tip: {
          format: {
            x1: false,
            x2: false,
            y1: false,
            y2: false,
            fill: false,
            Country: true,
            Revenue: formatMoney,
            Share: formatPercent,
            Customers: formatInteger
          }
        }
      }),
      Plot.text(big, {
        x: (d) => d.x0 + 5,
        y: (d) => d.y0 + 5,
        text: (d) => `${d.data.name}\n${formatCompact(d.data.revenue)}`,
        textAnchor: "start",
        lineAnchor: "top",
        fill: {value: (d) => textOn(revenueInterpolate(scale(d.data.revenue))), scale: null},
        pointerEvents: "none"
      })
    ]
  });
}

/**
 * Countries ranked by revenue, each bar stacked by segment (clustered customers' revenue). The `limit` largest
 * countries get a bar each; the rest share one, so the chart stays readable with hundreds of countries.
 */
export function RevenueBySegment(countries, {width, segments, limit = 25, title, caption} = {}) {
  const name = segmentNames(segments);
  const {rows, order, label} = rankedRows(countries, limit, (c) =>
    c.segments.map((s) => ({cluster: s.cluster, value: s.revenue}))
  );
  return Plot.plot({
    width,
    height: 40 + 22 * order.length,
    marginTop: 8,
    marginLeft: 150,
    title,
    caption,
    ariaLabel: "Revenue per country, stacked by segment",
    ariaDescription: countries
      .slice(0, 10)
      .map((c) => `${c.name}: ${formatCompact(c.revenue)}`)
      .join("; "),
    x: {label: "Revenue →", grid: true, tickFormat: formatCompact},
    y: {label: null, domain: order, tickFormat: label},
    color: {...segmentColor(segments), legend: true},
    marks: [
      Plot.barX(rows, {
        x: "value",
        y: "key",
        fill: "cluster",
        channels: {Country: (d) => label(d.key), Segment: (d) => name(d.cluster)},
        tip: {format: {Country: true, Segment: true, x: formatMoney, y: false, fill: false}}
      }),
      Plot.ruleX([0])
    ]
  });
}

/**
 * Each country's segment mix as 100 % bars, below the whole base's mix. Countries too small to compare are pooled
 * in one bar: their individual mixes are mostly noise.
 */
export function SegmentMix(comparison, {width, segments, limit = 40, title, caption} = {}) {
  const name = segmentNames(segments);
  const {base, countries, rules} = comparison;
  const compared = countries.filter((c) => c.verdict !== "too-small");
  const small = countries.filter((c) => c.verdict === "too-small");
  const shown = compared.slice(0, limit);
  const pooled = [...compared.slice(limit), ...small];
  const bars = [
    {key: "\u0000base", label: "Whole base", mix: base.map((s) => ({cluster: s.cluster, value: s.customers}))},
    ...shown.map((c) => ({
      key: c.code,
      label: c.name,
      mix: c.mix.map((s) => ({cluster: s.cluster, value: s.customers}))
    }))
  ];
  if (pooled.length) {
    bars.push({
      key: "\u0000pooled",
      label: `${pooled.length} other ${pooled.length === 1 ? "country" : "countries"}`,
      mix: base.map((s) => ({
        cluster: s.cluster,
        value: d3.sum(pooled, (c) => c.mix.find((m) => m.cluster === s.cluster)?.customers ?? 0)
      }))
    });
  }
  const labels = new Map(bars.map((b) => [b.key, b.label]));
  const rows = bars.flatMap((b) => {
    const total = d3.sum(b.mix, (m) => m.value);
    return b.mix.map((m) => ({key: b.key, cluster: m.cluster, customers: m.value, share: total ? m.value / total : 0}));
  });
  return Plot.plot({
    width,
    height: 40 + 22 * bars.length,
    marginTop: 8,
    marginLeft: 150,
    title,
    caption,
    ariaLabel: "Segment mix of each country, as shares of its customers",
    ariaDescription:
      `Whole base: ${base.map((s) => `${name(s.cluster)} ${formatPercent(s.share)}`).join(", ")}. ` +
      `${compared.length} countries have at least ${rules.minCustomers} clustered customers; ${small.length} have fewer.`,
    x: {percent: true, label: "Share of the country's customers (%) →", domain: [0, 100]},
    y: {label: null, domain: bars.map((b) => b.key), tickFormat: (key) => labels.get(key)},
    color: {...segmentColor(segments), legend: true},
    marks: [
      Plot.barX(
        rows,
        Plot.stackX({
          x: "share",
          y: "key",
          fill: "cluster",
          channels: {Country: (d) => labels.get(d.key), Segment: (d) => name(d.cluster), Customers: "customers"},
          tip: {
            format: {
              Country: true,
              Segment: true,
              x: (v) => formatPercent(v),
              Customers: formatInteger,
              y: false,
              fill: false
            }
          }
        })
      )
    ]
  });
}

function rankedRows(countries, limit, parts) {
  const shown = countries.slice(0, limit);
  const rest = countries.slice(limit);
  const labels = new Map(shown.map((c) => [c.code, c.name]));
  const rows = shown.flatMap((c) => parts(c).map((p) => ({key: c.code, ...p})));
  const order = shown.map((c) => c.code);
  if (rest.length) {
    const key = "\u0000rest";
    labels.set(key, `${rest.length} other ${rest.length === 1 ? "country" : "countries"}`);
    const totals = d3.rollup(
      rest.flatMap(parts),
      (v) => d3.sum(v, (p) => p.value),
      (p) => p.cluster
    );
    for (const [cluster, value] of totals) rows.push({key, cluster, value});
    order.push(key);
  }
  return {rows, order, label: (key) => labels.get(key)};
}
