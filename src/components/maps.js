import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import * as topojson from "topojson-client";
import {formatCompact, formatInteger, formatMoney, formatPercent, formatPoints} from "./format.js";
import {revenueColor} from "./countries.js";

const shapesCache = new WeakMap();

/** GeoJSON features of world-atlas's countries object (data/world.json), converted once per topology. */
export function countryShapes(world) {
  let shapes = shapesCache.get(world);
  if (!shapes) shapesCache.set(world, (shapes = topojson.feature(world, world.objects.countries).features));
  return shapes;
}

/**
 * Joins countries to shapes on the ISO numeric code. `unmapped` are the countries with nothing to draw: values that
 * are not countries (EU, Channel Islands, Unspecified) or countries world-atlas has no shape for.
 */
export function joinShapes(shapes, countries) {
  const byId = new Map(shapes.filter((f) => f.id !== undefined).map((f) => [f.id, f]));
  const mapped = [];
  const unmapped = [];
  for (const country of countries) {
    const feature = country.numeric === null ? undefined : byId.get(country.numeric);
    if (feature) mapped.push({country, feature});
    else unmapped.push(country);
  }
  return {mapped, unmapped};
}

const inset = 10;
const mainlandCache = new WeakMap();

/**
 * A country's main landmass, to frame maps by: France's shape includes French Guiana and Réunion, the
 * Netherlands' Caribbean islands, and framing those would show half the world for a European customer base.
 */
function mainland(feature) {
  let main = mainlandCache.get(feature);
  if (!main) {
    main = feature;
    if (feature.geometry?.type === "MultiPolygon") {
      const areas = feature.geometry.coordinates.map((polygon) => d3.geoArea({type: "Polygon", coordinates: polygon}));
      const largest = d3.max(areas);
      const coordinates = feature.geometry.coordinates.filter((_, i) => areas[i] >= 0.25 * largest);
      main = {type: "Feature", properties: feature.properties, geometry: {type: "MultiPolygon", coordinates}};
    }
    mainlandCache.set(feature, main);
  }
  return main;
}
const boundsCache = new WeakMap();

function boundsOf(feature) {
  let bounds = boundsCache.get(feature);
  if (!bounds) boundsCache.set(feature, (bounds = d3.geoBounds(feature)));
  return bounds;
}

/**
 * Where a map looks: at the countries with at least 1 % of the customers (like the seed's dashboard, which showed
 * the region rather than the world), so that a few distant one-customer countries do not shrink the main markets
 * to specks. Countries left outside the view are listed in the caption. Returns the projection (equal-earth, fitted
 * to the width), the height it needs (capped), and the path generator to measure shapes with.
 */
export function mapFrame(world, countries, {width, maxRatio = 0.62} = {}) {
  const shapes = countryShapes(world);
  const {mapped, unmapped} = joinShapes(shapes, countries);
  const total = d3.sum(mapped, (d) => d.country.customers);
  const main = mapped.filter((d) => d.country.customers >= 0.01 * total);
  const focus = main.length ? main : mapped;
  const domain = focus.length ? neighbourhood(focus) : {type: "Sphere"};
  const projection = d3.geoEqualEarth().fitWidth(width - 2 * inset, domain);
  const [[, y0], [, y1]] = d3.geoPath(projection).bounds(domain);
  const height = Math.round(Math.max(width * 0.3, Math.min(width * maxRatio, y1 - y0 + 2 * inset)));
  projection.fitExtent(
    [
      [inset, inset],
      [width - inset, height - inset]
    ],
    domain
  );
  const path = d3.geoPath(projection);
  const visible = (feature) => {
    const [[x0, y0], [x1, y1]] = path.bounds(feature);
    return x1 >= 0 && x0 <= width && y1 >= 0 && y0 <= height;
  };
  const outside = mapped.filter((d) => !visible(d.feature));
  return {shapes: backdropShapes(shapes, focus), mapped, unmapped, outside, projection, path, height};
}

/**
 * The main countries' bounding box, padded so that their neighbours (and some context) are in view too: a
 * European base shows Europe, not just the three countries most customers live in.
 */
function neighbourhood(focus) {
  const features = {type: "FeatureCollection", features: focus.map((d) => mainland(d.feature))};
  const [[west, south], [east, north]] = d3.geoBounds(features);
  if (west > east) return features; // across the antimeridian: frame the shapes themselves
  const padX = Math.max(8, 0.15 * (east - west));
  const padY = Math.max(5, 0.15 * (north - south));
  return d3
    .geoGraticule()
    .extent([
      [Math.max(-180, west - padX), Math.max(-85, south - padY)],
      [Math.min(180, east + padX), Math.min(85, north + padY)]
    ])
    .outline();
}

/**
 * The grey world behind the data, less the countries far outside the view: projecting all shapes for every small
 * map is most of the Countries page's rendering time.
 */
function backdropShapes(shapes, focus) {
  if (!focus.length) return shapes;
  const [[west, south], [east, north]] = d3.geoBounds({
    type: "FeatureCollection",
    features: focus.map((d) => mainland(d.feature))
  });
  if (west > east || east - west > 240) return shapes; // across the antimeridian, or the whole world anyway
  const margin = 40;
  return shapes.filter((shape) => {
    const [[w, s], [e, n]] = boundsOf(shape);
    return w > e || (w <= east + margin && e >= west - margin && s <= north + margin && n >= south - margin);
  });
}

/**
 * Labels for the first shapes large enough to hold one, skipping any that would overlap one already placed or
 * stick out of the map. Labels sit at the centroid of the main landmass (France's is not in the Atlantic).
 */
function labelled(items, path, {width, height, max = 8, minArea = 500, text}) {
  const placed = [];
  for (const item of items) {
    if (placed.length >= max) break;
    if (path.area(item.feature) < minArea) continue;
    const [x, y] = path.centroid(mainland(item.feature));
    const lines = text(item).split("\n");
    const w = 6 * Math.max(...lines.map((line) => line.length));
    const h = 13 * lines.length;
    const box = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
    if (box[0] < 0 || box[1] < 0 || box[2] > width || box[3] > height) continue;
    if (placed.some(({box: b}) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    placed.push({item, box});
  }
  return placed.map((p) => p.item);
}

// Shapes smaller than this on screen (Singapore, Malta, Bahrain) also get a dot, or nobody would see them.
const tinyArea = 30; // px²

function backdrop(shapes) {
  return Plot.geo(shapes, {
    fill: "var(--theme-foreground-faintest)",
    stroke: "var(--theme-background)",
    strokeWidth: 0.5,
    clip: "frame"
  });
}

function outsideNote(outside) {
  return outside.length ? ` Outside this view: ${outside.map((d) => d.country.name).join(", ")}.` : "";
}

/** A choropleth of revenue per country, on the same colour scale as the treemap. */
export function RevenueMap(world, countries, {width, title, caption = ""} = {}) {
  const {shapes, mapped, unmapped, outside, projection, path, height} = mapFrame(world, countries, {width});
  const positive = mapped.filter((d) => d.country.revenue > 0);
  const labels = labelled(positive, path, {
    width,
    height,
    text: (d) => `${d.country.name}\n${formatCompact(d.country.revenue)}`
  });
  const tiny = positive.filter((d) => path.area(d.feature) < tinyArea);
  return Plot.plot({
    width,
    height,
    title,
    caption: caption + outsideNote(outside),
    ariaLabel: "Map of revenue per country",
    ariaDescription:
      positive.map((d) => `${d.country.name}: ${formatCompact(d.country.revenue)}`).join("; ") +
      (unmapped.length ? `. Not on the map: ${unmapped.map((c) => c.name).join(", ")}.` : "."),
    projection,
    color: {...revenueColor(countries), legend: true},
    marks: [
      backdrop(shapes),
      Plot.geo(positive, {
        geometry: "feature",
        fill: (d) => d.country.revenue,
        stroke: "var(--theme-background)",
        strokeWidth: 0.5,
        clip: "frame"
      }),
      // Tips point at the main landmass's centroid, as labels do.
      Plot.tip(
        positive,
        Plot.pointer(
          Plot.centroid({
            geometry: (d) => mainland(d.feature),
            channels: {
              Country: (d) => d.country.name,
              Revenue: (d) => d.country.revenue,
              Customers: (d) => d.country.customers
            },
            format: {Country: true, Revenue: formatMoney, Customers: formatInteger, x: false, y: false}
          })
        )
      ),
      tinyCountryDots(tiny, {fill: (d) => d.country.revenue, r: 4}),
      countryLabels(labels, {text: (d) => `${d.country.name}\n${formatCompact(d.country.revenue)}`, fontSize: 11})
    ]
  });
}

/** The largest share of any segment in a country large enough to compare: one colour scale for all segment maps. */
export function sharedMaximum(comparison) {
  const compared = comparison.countries.filter((c) => c.verdict !== "too-small");
  return d3.max(compared, (c) => d3.max(c.mix, (m) => m.share)) || 1;
}

/**
 * One segment's share of each country's customers (the seed's six maps). Countries too small to compare are faded:
 * their shares are mostly noise.
 */
export function SegmentShareMap(world, comparison, {cluster, width, max, title, caption = ""} = {}) {
  const {shapes, mapped, projection, path, height} = mapFrame(world, comparison.countries, {
    width,
    maxRatio: 0.55
  });
  const withShare = mapped
    .filter((d) => d.country.clustered > 0)
    .map((d) => ({
      ...d,
      mix: d.country.mix.find((m) => m.cluster === cluster),
      small: d.country.verdict === "too-small"
    }));
  const base = comparison.base.find((s) => s.cluster === cluster);
  const upper = max ?? sharedMaximum(comparison);
  const tiny = withShare.filter((d) => path.area(d.feature) < tinyArea);
  const text = (d) => `${d.country.name}\n${formatPercent(d.mix.share, 0)}`;
  const labels = labelled(
    withShare.filter((d) => !d.small).sort((a, b) => b.mix.share - a.mix.share),
    path,
    {width, height, max: 3, minArea: 400, text}
  );
  return Plot.plot({
    width,
    height,
    title,
    caption,
    ariaLabel: `Map of each country's share of customers in one segment`,
    ariaDescription:
      `Whole base: ${formatPercent(base?.share ?? 0)}. ` +
      withShare
        .map((d) => `${d.country.name}: ${formatPercent(d.mix.share)}${d.small ? " (too few customers)" : ""}`)
        .join("; "),
    projection,
    color: {
      type: "linear",
      scheme: "YlGnBu",
      domain: [0, upper],
      clamp: true,
      legend: true,
      label: "Share of the country's customers",
      tickFormat: (v) => formatPercent(v, 0)
    },
    marks: [
      backdrop(shapes),
      Plot.geo(withShare, {
        geometry: "feature",
        fill: (d) => d.mix.share,
        fillOpacity: {value: (d) => (d.small ? 0.35 : 1), scale: null},
        stroke: "var(--theme-background)",
        strokeWidth: 0.5,
        clip: "frame"
      }),
      Plot.tip(
        withShare,
        Plot.pointer(
          Plot.centroid({
            geometry: (d) => mainland(d.feature),
            channels: {
              Country: (d) => d.country.name,
              Share: (d) => d.mix.share,
              "Vs other countries": (d) => d.mix.difference,
              Customers: (d) => d.mix.customers
            },
            format: {
              Country: true,
              Share: (v) => formatPercent(v),
              "Vs other countries": (v) => formatPoints(v),
              Customers: formatInteger,
              x: false,
              y: false
            }
          })
        )
      ),
      tinyCountryDots(tiny, {fill: (d) => d.mix.share, r: 3.5}),
      countryLabels(labels, {text, fontSize: 10})
    ]
  });
}

/** Countries too small to see on the map, as dots at their centroids. */
function tinyCountryDots(data, {fill, r}) {
  return Plot.dot(
    data,
    Plot.centroid({
      geometry: (d) => mainland(d.feature),
      fill,
      r,
      stroke: "currentColor",
      strokeWidth: 0.75,
      clip: "frame"
    })
  );
}

/** Labels at country centroids, haloed in the page's background so that they read over any fill. */
function countryLabels(data, {text, fontSize}) {
  return Plot.text(
    data,
    Plot.centroid({
      geometry: (d) => mainland(d.feature),
      text,
      fill: "currentColor",
      stroke: "var(--theme-background)",
      strokeWidth: 3,
      fontSize,
      clip: "frame",
      pointerEvents: "none"
    })
  );
}
