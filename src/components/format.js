// Number formats shared by every page, so that the same quantity reads the same everywhere.
import * as d3 from "d3";

export const formatInteger = d3.format(",d");
export const formatMoney = d3.format(",.2f");

/** 56.4M, 1.23k; SI's G reads as "giga" to most people, so billions are B. */
export function formatCompact(value) {
  return d3.format(".3~s")(value).replace("G", "B");
}

/** The pipeline writes shares as "9.8 %": the same here, with a space that never breaks the line. */
export function formatPercent(value, digits = 1) {
  return `${(100 * value).toFixed(digits)}\u00a0%`;
}

/** A signed difference in percentage points, for shares against the base. */
export function formatPoints(value, digits = 1) {
  const points = (100 * value).toFixed(digits);
  return `${value > 0 ? "+" : value < 0 ? "−" : "±"}${points.replace("-", "")}\u00a0pp`;
}

export function formatBytes(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  const text = d3.format(".3~s")(bytes);
  return `${text.slice(0, -1)} ${text.slice(-1)}B`;
}

/** A p-value as people quote it: "< 0.001" rather than 3.02e-128. */
export function formatP(p) {
  return p < 0.001 ? "< 0.001" : `= ${p.toFixed(3)}`;
}
