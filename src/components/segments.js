// One colour per segment, the same on every chart and table. Clusters come in a canonical order, so cluster i gets
// the i-th colour of a colour-blind-safe palette.
import * as d3 from "d3";
import {html} from "htl";

// Okabe–Ito without its black, which would vanish on the dark theme.
const okabeIto = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];
// Beyond seven segments no palette stays fully colour-blind safe; Tableau's ten at least stay distinct in print.
const tableau10 = d3.schemeTableau10;

/** The colour for "not clustered" revenue (customers with negative totals or returns only). */
export const unclusteredColor = "#999999";

export function segmentPalette(k) {
  if (k <= okabeIto.length) return okabeIto.slice(0, k);
  if (k <= tableau10.length) return tableau10.slice(0, k);
  return d3.quantize(d3.interpolateRainbow, k + 1).slice(0, k);
}

/** Plot color scale options keyed by cluster id, labelled with segment names. */
export function segmentColor(segments, {unclustered = false} = {}) {
  const name = segmentNames(segments);
  const domain = segments.map((segment) => segment.cluster);
  const range = segmentPalette(segments.length);
  return {
    type: "ordinal",
    domain: unclustered ? [...domain, -1] : domain,
    range: unclustered ? [...range, unclusteredColor] : range,
    tickFormat: name
  };
}

/** cluster → name; -1 and null read "not clustered". */
export function segmentNames(segments) {
  const names = new Map(segments.map((segment) => [segment.cluster, segment.name]));
  return (cluster) => names.get(cluster) ?? "not clustered";
}

export function colorOf(segments, cluster) {
  const i = segments.findIndex((segment) => segment.cluster === cluster);
  return i < 0 ? unclusteredColor : segmentPalette(segments.length)[i];
}

/** A colour swatch and the segment's name, as text. */
export function SegmentLabel(segments, cluster) {
  return html`<span class="segment-label"
    ><span class="segment-swatch" style=${{background: colorOf(segments, cluster)}}></span
    >${segmentNames(segments)(cluster)}</span
  >`;
}

/** Black or white, whichever reads better on the given fill. */
export function textOn(fill) {
  const {r, g, b} = d3.rgb(fill);
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return luminance > 0.5 ? "black" : "white";
}
