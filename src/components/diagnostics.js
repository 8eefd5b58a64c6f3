import * as Plot from "@observablehq/plot";

/** Inertia for k = 1…n: the elbow chart, with the chosen k marked. */
export function ElbowChart(diagnostics, {width, height = 260, k, title, caption} = {}) {
  return KChart(diagnostics.inertia, {
    width,
    height,
    k,
    title,
    caption,
    y: "inertia",
    label: "Inertia (within-cluster sum of squares)",
    format: (v) => v.toFixed(1)
  });
}

/** Mean silhouette for k = 2…n (higher is better separated), with the chosen k marked. */
export function SilhouetteChart(diagnostics, {width, height = 260, k, title, caption} = {}) {
  return KChart(diagnostics.silhouette, {
    width,
    height,
    k,
    title,
    caption,
    y: "silhouette",
    label: "Mean silhouette",
    format: (v) => v.toFixed(3)
  });
}

function KChart(points, {width, height, k, title, caption, y, label, format}) {
  const chosen = points.find((d) => d.k === k);
  const best = points.length ? points.reduce((a, b) => (b[y] > a[y] ? b : a)) : null;
  return Plot.plot({
    width,
    height,
    title,
    caption,
    ariaLabel: `${label} for k = ${points[0]?.k ?? "–"} to ${points.at(-1)?.k ?? "–"}`,
    ariaDescription:
      points.map((d) => `k = ${d.k}: ${format(d[y])}`).join("; ") +
      (chosen ? `. The chosen k is ${k} (${format(chosen[y])}).` : `. The chosen k is ${k}.`) +
      (y === "silhouette" && best ? ` The highest silhouette is at k = ${best.k}.` : ""),
    x: {label: "k (number of segments) →", ticks: points.map((d) => d.k), tickFormat: "d"},
    y: {label: `↑ ${label}`, grid: true, zero: y === "inertia", nice: true},
    marks: [
      Plot.ruleX([k], {stroke: "var(--theme-foreground-focus)", strokeDasharray: "4,3"}),
      Plot.line(points, {x: "k", y, stroke: "currentColor"}),
      Plot.dot(points, {x: "k", y, r: 3, fill: "currentColor", tip: {format: {x: true, y: format}}}),
      Plot.dot(chosen ? [chosen] : [], {x: "k", y, r: 5, fill: "var(--theme-foreground-focus)"}),
      Plot.text([k], {
        x: (d) => d,
        frameAnchor: "top",
        text: () => `chosen k = ${k}`,
        dx: 5,
        dy: 2,
        textAnchor: "start",
        lineAnchor: "top",
        fill: "var(--theme-foreground-focus)"
      })
    ]
  });
}
