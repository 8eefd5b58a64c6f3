import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {test} from "node:test";
import {geoArea} from "d3";
import {feature} from "topojson-client";
import {mergeSameId, simplifyLine, simplifyTopology, type Topology} from "../data-loaders/site-geo.ts";

const atlas = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("world-atlas/countries-50m.json"), "utf8")
) as Topology;

function features(topology: Topology) {
  return (feature(topology as never, topology.objects.countries as never) as unknown as {features: GeoJSON.Feature[]})
    .features;
}

test("Douglas–Peucker keeps the ends, drops what is within tolerance, and keeps rings polygons", () => {
  const line = [
    [0, 0],
    [1, 0.01],
    [2, 0],
    [3, 5],
    [4, 0]
  ];
  assert.deepEqual(simplifyLine(line, 0.1), [0, 2, 3, 4]);
  assert.deepEqual(simplifyLine(line, 10), [0, 4]);
  const ring = [
    [0, 0],
    [0.001, 0.001],
    [0.002, 0],
    [0.001, -0.001],
    [0, 0]
  ];
  assert.ok(simplifyLine(ring, 1).length >= 4, "a closed ring keeps at least four points");
});

test("the simplified atlas is lighter and every country keeps its area and its inside", () => {
  const simplified = simplifyTopology(atlas, {tolerance: 0.04, objects: ["countries"]});
  const points = (t: Topology) => t.arcs.reduce((sum, arc) => sum + arc.length, 0);
  assert.ok(points(simplified) < 0.5 * points(atlas), `${points(simplified)} of ${points(atlas)} points`);
  assert.deepEqual(Object.keys(simplified.objects), ["countries"]);
  const before = features(atlas);
  const after = features(simplified);
  after.forEach((f, i) => {
    const a = geoArea(f);
    const b = geoArea(before[i]);
    // An inside-out ring covers nearly the whole sphere (4π): that must never happen.
    assert.ok(a < 2 * Math.PI, `${f.properties?.name} turned inside out`);
    if (b > 1e-4) assert.ok(Math.abs(a - b) / b < 0.1, `${f.properties?.name}: area ${a} vs ${b}`);
  });
  assert.throws(
    () => simplifyTopology(atlas, {objects: ["oceans"]}),
    /no object "oceans" in the topology; it has countries, land/
  );
  assert.throws(() => simplifyTopology(atlas, {tolerance: -1}), /invalid tolerance: -1/);
});

test("shapes that share an id become one country (Australia and Ashmore and Cartier Islands)", () => {
  const merged = mergeSameId(atlas, "countries");
  const geometries = (
    merged.objects.countries as {geometries: {id?: string; type: string; properties: {name: string}}[]}
  ).geometries;
  const australia = geometries.filter((g) => g.id === "036");
  assert.equal(australia.length, 1);
  assert.equal(australia[0].properties.name, "Australia");
  assert.equal(australia[0].type, "MultiPolygon");
  const ids = geometries.filter((g) => g.id !== undefined).map((g) => g.id);
  assert.equal(new Set(ids).size, ids.length);
  const area = geoArea(features(merged).find((f) => f.id === "036")!);
  const parts = features(atlas)
    .filter((f) => f.id === "036")
    .reduce((sum, f) => sum + geoArea(f), 0);
  assert.ok(Math.abs(area - parts) < 1e-9);
});
