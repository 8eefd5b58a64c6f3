import assert from "node:assert/strict";
import {test} from "node:test";
import {tarArchive} from "../data-loaders/site-archive.ts";
import {siteFiles} from "../data-loaders/site-files.ts";
import {fixture} from "./site-fixture.ts";

test("the site's data files are the same bytes for the same segmentation", () => {
  const first = tarArchive(siteFiles(fixture()));
  const second = tarArchive(siteFiles(fixture()));
  assert.deepEqual(first, second);
});

test("every page's file is there, one per country, every .json valid JSON", () => {
  const result = fixture();
  const files = siteFiles(result);
  const names = files.map((file) => file.name);
  assert.equal(new Set(names).size, names.length);
  for (const name of [
    "summary.json",
    "timeline.json",
    "countries.json",
    "quality.json",
    "histograms.json",
    "scatter.json",
    "customer-table.json",
    "migration.json",
    "migration.csv"
  ]) {
    assert.ok(names.includes(name), `missing ${name}`);
  }
  assert.deepEqual(
    names.filter((name) => name.startsWith("countries/")),
    result.summary.countries.map((country) => `countries/${country.slug}.json`)
  );
  for (const file of files) if (file.name.endsWith(".json")) JSON.parse(String(file.content));
  assert.deepEqual(JSON.parse(String(files.find((f) => f.name === "summary.json")!.content)), result.summary);
});
