// The Changes page's views of data/site/migration.json: a flow chart from the earlier run's segments to the current
// ones, the transition matrix as a table, and the largest movements in words.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {formatCompact, formatInteger, formatMoney} from "./format.js";
import {colorOf, unclusteredColor} from "./segments.js";

/** Arrivals and departures are neither a segment nor "not clustered": a colour of their own, on both themes. */
const outsideColor = "#6f6f6f";

function nodeColor(segments, node) {
  if (node.kind === "new" || node.kind === "gone") return outsideColor;
  return node.cluster === null ? unclusteredColor : colorOf(segments, node.cluster);
}

/** A swatch in a node's colour and its label, as text. */
export function NodeLabel(segments, node) {
  return html`<span class="segment-label"
    ><span class="segment-swatch" style=${{background: nodeColor(segments, node)}}></span>${node.label}</span
  >`;
}

/**
 * Sankey-style flow chart: the earlier run's segments (and the new arrivals) on the left, the current segments
 * (and the customers gone) on the right, bands as wide as the customers or revenue that flowed. Bands take the
 * colour of where the customers came from, so a coloured band ending at another colour is a movement.
 */
export function MigrationFlow(report, {width, segments, value = "customers", title, caption} = {}) {
  const measure =
    value === "revenue" ? {label: "revenue", format: formatMoney} : {label: "customers", format: formatInteger};
  // Revenue can be negative for customers not clustered; a band cannot, so flows are drawn by their magnitude.
  const size = (d) => Math.abs(d[value]);
  const flows = report.flows.filter((flow) => size(flow) > 0);
  const total = Math.max(
    flows.reduce((sum, flow) => sum + size(flow), 0),
    1e-9
  );
  const gap = total * 0.025;
  const height = Math.max(320, 28 * Math.max(report.from.length, report.to.length) + 160);
  const nodeWidth = 0.018;

  const layout = (side) => {
    const placed = new Map();
    let y = 0;
    for (const node of report[side]) {
      const span = flows.filter((flow) => flow[side] === node.key).reduce((sum, flow) => sum + size(flow), 0);
      if (span === 0) continue;
      placed.set(node.key, {node, y1: y, y2: y + span, next: y});
      y += span + gap;
    }
    return placed;
  };
  const left = layout("from");
  const right = layout("to");
  const extent = Math.max(...[...left.values(), ...right.values()].map((p) => p.y2));
  const order = (side) => new Map([...(side === "from" ? left : right).keys()].map((key, i) => [key, i]));
  const leftOrder = order("from");
  const rightOrder = order("to");

  // Each band leaves its source in the order of the targets and enters its target in the order of the sources,
  // so that bands do not cross within a node.
  const bySource = [...flows].sort(
    (a, b) => leftOrder.get(a.from) - leftOrder.get(b.from) || rightOrder.get(a.to) - rightOrder.get(b.to)
  );
  const start = new Map();
  for (const flow of bySource) {
    const p = left.get(flow.from);
    start.set(flow, [p.next, (p.next += size(flow))]);
  }
  const byTarget = [...flows].sort(
    (a, b) => rightOrder.get(a.to) - rightOrder.get(b.to) || leftOrder.get(a.from) - leftOrder.get(b.from)
  );
  const points = [];
  byTarget.forEach((flow, band) => {
    const p = right.get(flow.to);
    const [a1, a2] = start.get(flow);
    const [b1, b2] = [p.next, (p.next += size(flow))];
    const source = left.get(flow.from).node;
    const target = p.node;
    const tip = `${source.label} → ${target.label}: ${formatInteger(flow.customers)} customers, revenue ${formatMoney(flow.revenue)}`;
    for (let i = 0; i <= 24; i++) {
      const t = i / 24;
      const s = t * t * (3 - 2 * t);
      points.push({
        band,
        x: nodeWidth + t * (1 - 2 * nodeWidth),
        y1: a1 + (b1 - a1) * s,
        y2: a2 + (b2 - a2) * s,
        fill: nodeColor(segments, source),
        tip
      });
    }
  });

  const nodes = [
    ...[...left.values()].map((p) => ({...p, x1: 0, x2: nodeWidth, side: "from"})),
    ...[...right.values()].map((p) => ({...p, x1: 1 - nodeWidth, x2: 1, side: "to"}))
  ].map((p) => ({...p, fill: nodeColor(segments, p.node), text: `${p.node.label} · ${measure.format(p.node[value])}`}));
  // Labels of small neighbouring nodes would overlap: each is pushed down to a line's distance from the one above.
  const line = (extent * 15) / (height - 36);
  for (const side of ["from", "to"]) {
    const column = nodes.filter((d) => d.side === side);
    let previous = -Infinity;
    for (const d of column) previous = d.labelY = Math.max((d.y1 + d.y2) / 2, previous + line);
    // …and back up from the bottom edge when the last ones were pushed past it.
    let next = extent + line / 2;
    for (const d of column.reverse()) next = d.labelY = Math.min(d.labelY, next - line);
  }
  const moved = report.movements.slice(0, 3);

  return Plot.plot({
    width,
    height,
    marginLeft: Math.min(230, width * 0.26),
    marginRight: Math.min(230, width * 0.26),
    marginTop: 28,
    marginBottom: 8,
    title,
    caption,
    ariaLabel: `Flow of ${measure.label} from the earlier run's segments to the current segments`,
    ariaDescription:
      `${formatInteger(report.previousCustomers)} customers before, ${formatInteger(report.currentCustomers)} now: ` +
      `${formatInteger(report.stayed)} stayed in the same kind of segment, ${formatInteger(report.moved)} moved, ` +
      `${formatInteger(report.new)} are new and ${formatInteger(report.gone)} are gone.` +
      (moved.length
        ? ` Largest movements: ${moved.map((m) => `${formatInteger(m.customers)} from ${m.fromLabel} to ${m.toLabel}`).join("; ")}.`
        : ""),
    x: {domain: [0, 1], axis: null},
    y: {domain: [0, extent], reverse: true, axis: null},
    marks: [
      Plot.areaY(points, {
        x: "x",
        y1: "y1",
        y2: "y2",
        z: "band",
        fill: "fill",
        fillOpacity: 0.45,
        curve: "linear",
        title: "tip"
      }),
      Plot.rect(nodes, {x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "fill", title: "text"}),
      Plot.text(
        nodes.filter((d) => d.side === "from"),
        {x: "x1", y: "labelY", text: "text", textAnchor: "end", dx: -6, fill: "currentColor"}
      ),
      Plot.text(
        nodes.filter((d) => d.side === "to"),
        {x: "x2", y: "labelY", text: "text", textAnchor: "start", dx: 6, fill: "currentColor"}
      ),
      Plot.text(["Earlier run"], {x: 0, frameAnchor: "top", dy: -20, textAnchor: "start", fontWeight: "bold"}),
      Plot.text(["This run"], {x: 1, frameAnchor: "top", dy: -20, textAnchor: "end", fontWeight: "bold"})
    ]
  });
}

/**
 * The transition matrix: earlier segments in rows, current segments in columns, customers and revenue in each
 * cell. Cells where customers stayed in the same kind of segment are marked.
 */
export function MigrationMatrix(report, {segments} = {}) {
  const cell = new Map(report.flows.map((flow) => [`${flow.from}\u0000${flow.to}`, flow]));
  return html`<div class="table-scroll">
    <table class="migration-matrix">
      <thead>
        <tr>
          <th scope="col">Earlier run ↓ · this run →</th>
          ${report.to.map((node) => html`<th scope="col" class="number">${NodeLabel(segments, node)}</th>`)}
          <th scope="col" class="number">Total</th>
        </tr>
      </thead>
      <tbody>
        ${report.from.map(
          (row) =>
            html`<tr>
              <th scope="row">${NodeLabel(segments, row)}</th>
              ${report.to.map((column) => {
                const flow = cell.get(`${row.key}\u0000${column.key}`);
                if (!flow) return html`<td class="number muted">–</td>`;
                return html`<td class=${flow.stayed ? "number stayed" : "number"}>
                  <strong>${formatInteger(flow.customers)}</strong><br /><span class="muted"
                    >${formatCompact(flow.revenue)}</span
                  >
                </td>`;
              })}
              <td class="number">
                <strong>${formatInteger(row.customers)}</strong><br /><span class="muted"
                  >${formatCompact(row.revenue)}</span
                >
              </td>
            </tr>`
        )}
      </tbody>
    </table>
  </div>`;
}

/** The largest movements in words, largest first, with their direction in the segments' order of value. */
export function MovementList(report) {
  if (!report.movements.length) return html`<p>No retained customer changed segment.</p>`;
  const arrow = {down: "↘ to a lower-value segment", up: "↗ to a higher-value segment", other: ""};
  return html`<ol class="movements">
    ${report.movements.map(
      (m) =>
        html`<li>
          <strong>${formatInteger(m.customers)}</strong>
          ${m.customers === 1 ? "customer who was" : "customers who were"}
          <strong>${m.fromLabel}</strong> ${m.customers === 1 ? "is" : "are"} now <strong>${m.toLabel}</strong>
          (revenue now
          ${formatMoney(m.revenue)})${arrow[m.direction] ? html` <span class="muted">${arrow[m.direction]}</span>` : ""}.
        </li>`
    )}
  </ol>`;
}
