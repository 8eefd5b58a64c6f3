// The pieces of a country's page (data/countries/<slug>.json): its segment mix against the base, and the
// relationship that mix calls for.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {formatInteger, formatMoney, formatPercent, formatPoints} from "./format.js";
import {referenceName} from "./answer.js";
import {SegmentLabel, segmentColor, segmentNames} from "./segments.js";

/** Bars: the country's share of customers per segment; ticks: the share among the other countries' customers. */
export function MixComparison(detail, {width, segments, title, caption} = {}) {
  const name = segmentNames(segments);
  const clusters = segments.map((s) => s.cluster);
  const reference = detail.reference === "others" ? "Other countries" : "Whole base";
  return Plot.plot({
    width,
    height: 50 + 34 * clusters.length,
    marginTop: 8,
    marginLeft: 190,
    marginRight: 70,
    title,
    caption,
    ariaLabel: `Segment mix of ${detail.name} against ${referenceName(detail)}`,
    ariaDescription: detail.mix
      .map(
        (m) =>
          `${name(m.cluster)}: ${formatPercent(m.share)} of its customers, ${referenceName(detail)} ${formatPercent(m.reference)}`
      )
      .join("; "),
    x: {percent: true, label: "Share of customers (%) →", grid: true},
    y: {label: null, domain: clusters, tickFormat: name},
    color: segmentColor(segments),
    marks: [
      Plot.barX(detail.mix, {
        x: "share",
        y: "cluster",
        fill: "cluster",
        channels: {
          Segment: (d) => name(d.cluster),
          Customers: "customers",
          [reference]: "reference",
          Difference: "difference"
        },
        tip: {
          format: {
            Segment: true,
            x: (v) => formatPercent(v),
            Customers: formatInteger,
            [reference]: (v) => formatPercent(v),
            Difference: (v) => formatPoints(v),
            y: false,
            fill: false
          }
        }
      }),
      Plot.tickX(detail.mix, {x: "reference", y: "cluster", stroke: "currentColor", strokeWidth: 2.5}),
      Plot.text(detail.mix, {
        x: (d) => Math.max(d.share, d.reference),
        y: "cluster",
        text: (d) => formatPoints(d.difference),
        dx: 8,
        textAnchor: "start",
        fill: "currentColor"
      }),
      Plot.ruleX([0])
    ]
  });
}

/**
 * What to build in this country, from its mix: the relationships of its over-represented segments; otherwise those
 * of the common plan, led by its largest segment. Every text is data, so it is inserted as text.
 */
export function RelationshipAdvice(detail, segments) {
  const byCluster = new Map(segments.map((s) => [s.cluster, s]));
  const mix = new Map(detail.mix.map((m) => [m.cluster, m]));
  const item = (cluster, why) => {
    const segment = byCluster.get(cluster);
    return html`<li>
      ${SegmentLabel(segments, cluster)} <span class="muted">(${why})</span>: ${segment?.relationship ?? ""}
    </li>`;
  };
  if (detail.clustered === 0)
    return html`<p>No customer of this country could be clustered, so there is no mix to act on.</p>`;
  const largest = mix.get(detail.largest);
  const topRevenue = detail.topRevenue === null ? null : mix.get(detail.topRevenue);
  const lead =
    detail.verdict === "too-small"
      ? html`<p>
          With ${formatInteger(detail.clustered)} clustered ${detail.clustered === 1 ? "customer" : "customers"} (fewer
          than ${detail.rules.minCustomers}), this country is too small to say whether it differs from the others:
          follow the common plan, segment by segment. Its largest segment is:
        </p>`
      : detail.over.length
        ? html`<p>These segments are over-represented here, so their relationships come first:</p>`
        : html`<p>
            Its mix is close to that of ${referenceName(detail)} (total variation distance ${detail.tvd.toFixed(2)}):
            the common plan fits. Lead with its largest segment:
          </p>`;
  const items =
    detail.verdict !== "too-small" && detail.over.length
      ? detail.over.map((cluster) =>
          item(
            cluster,
            `${formatPercent(mix.get(cluster).share)} of customers here, ${formatPoints(mix.get(cluster).difference)} against ${referenceName(detail)}`
          )
        )
      : [item(detail.largest, `${formatPercent(largest.share)} of customers here`)];
  const money =
    topRevenue && topRevenue.cluster !== detail.largest && !detail.over.includes(topRevenue.cluster)
      ? html`<p>Most of the revenue, though, comes from another segment; protect it:</p>
          <ul>
            ${item(topRevenue.cluster, `${formatPercent(topRevenue.revenueShare)} of revenue here`)}
          </ul>`
      : null;
  return html`<div>
    ${lead}
    <ul>
      ${items}
    </ul>
    ${money}
  </div>`;
}

/** A small table of a segment's top customers in the country. */
export function TopCustomers(customers) {
  if (!customers.length) return html`<p class="muted">No customer in this segment here.</p>`;
  return html`<table class="compact">
    <thead>
      <tr>
        <th>Customer</th>
        <th class="number">Days since purchase</th>
        <th class="number">Orders</th>
        <th class="number">Revenue</th>
      </tr>
    </thead>
    <tbody>
      ${customers.map(
        (c) =>
          html`<tr>
            <td>${c.id}</td>
            <td class="number">${formatInteger(c.recencyDays)}</td>
            <td class="number">${formatInteger(c.frequency)}</td>
            <td class="number">${formatMoney(c.revenue)}</td>
          </tr>`
      )}
    </tbody>
  </table>`;
}
