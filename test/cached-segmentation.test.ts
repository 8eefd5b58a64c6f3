import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {
  cachedOverview,
  cachedSegmentation,
  defaultCacheDir,
  openCachedOutputFile,
  segmentationKey
} from "../data-loaders/cached-segmentation.ts";
import {readCustomerColumns} from "../data-loaders/customer-columns-file.ts";
import {formatCustomersCsv} from "../data-loaders/customers-csv.ts";
import {SegmentError} from "../data-loaders/errors.ts";
import {runSegmentation} from "../data-loaders/pipeline.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";

const fixture = fileURLToPath(new URL("fixtures/invoices.csv", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "cached-segmentation-"));
after(() => rmSync(root, {recursive: true, force: true}));

let runs = 0;
/** A fresh cache folder and a private copy of the input for each test. */
function workspace(): {cacheDir: string; input: string} {
  const base = join(root, `run-${++runs}`);
  mkdirSync(base);
  const input = join(base, "invoices.csv");
  copyFileSync(fixture, input);
  return {cacheDir: join(base, "cache"), input};
}

const settings = (patch: Partial<Settings>): Settings => ({...defaultSettings, k: 2, restarts: 3, ...patch});

describe("cachedSegmentation", () => {
  test("cachedSegmentation computes once, then serves the same result from the cache", async () => {
    const {cacheDir, input} = workspace();
    const first = await cachedSegmentation(settings({input}), {cacheDir});
    assert.equal(first.cached, false);
    assert.match(first.key, /^[0-9a-f]{32}$/);
    const second = await cachedSegmentation(settings({input}), {cacheDir});
    assert.equal(second.cached, true);
    assert.equal(second.key, first.key);
    const {cached: _a, ...fresh} = first;
    const {cached: _b, ...served} = second;
    assert.deepEqual(served, fresh);
    const direct = await runSegmentation(settings({input}));
    const {key: _key, ...result} = served;
    assert.deepEqual(result.customers.records(), direct.customers.records());
    assert.deepEqual(JSON.parse(JSON.stringify(result)), JSON.parse(JSON.stringify(direct)));
  });

  test("cachedSegmentation writes result.json and the output files under the key", async () => {
    const {cacheDir, input} = workspace();
    const result = await cachedSegmentation(settings({input}), {cacheDir});
    assert.deepEqual(readdirSync(cacheDir), [result.key]);
    const entry = join(cacheDir, result.key);
    assert.deepEqual(readdirSync(entry).sort(), [
      "customers.columns",
      "customers.csv",
      "result.json",
      "summary.json",
      "timeline.json"
    ]);
    // result.json holds all but the customers, which come back from their column file bit for bit.
    const stored = JSON.parse(readFileSync(join(entry, "result.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(stored).sort(), ["migration", "summary", "timeline"]);
    const columns = readCustomerColumns(readFileSync(join(entry, "customers.columns")), "customers.columns");
    assert.deepEqual(columns.columns, result.customers.columns);
    assert.equal(
      readFileSync(join(entry, "customers.csv"), "utf8"),
      formatCustomersCsv(result.customers, result.summary.segments)
    );
    assert.deepEqual(JSON.parse(readFileSync(join(entry, "summary.json"), "utf8")), result.summary);
    assert.deepEqual(JSON.parse(readFileSync(join(entry, "timeline.json"), "utf8")), result.timeline);
  });

  test("cachedSegmentation computes again under a new key when the settings change, and drops the old entry", async () => {
    const {cacheDir, input} = workspace();
    const a = await cachedSegmentation(settings({input}), {cacheDir});
    const b = await cachedSegmentation(settings({input, k: 3}), {cacheDir});
    assert.notEqual(b.key, a.key);
    assert.equal(b.cached, false);
    assert.equal(b.summary.k, 3);
    assert.deepEqual(readdirSync(cacheDir), [b.key]);
  });

  test("cachedSegmentation never serves a result computed from older bytes of the input", async () => {
    const {cacheDir, input} = workspace();
    const a = await cachedSegmentation(settings({input}), {cacheDir});
    const text = readFileSync(input, "utf8").replace(
      "536402,21232,STRAWBERRY CERAMIC TRINKET BOX,48",
      "536402,21232,STRAWBERRY CERAMIC TRINKET BOX,50"
    );
    writeFileSync(input, text);
    const b = await cachedSegmentation(settings({input}), {cacheDir});
    assert.notEqual(b.key, a.key);
    assert.equal(b.cached, false);
    assert.equal(b.customers.records().find((c) => c.id === "12349")!.revenue, 53);
  });

  test("cachedSegmentation recomputes a partial entry that has no result.json", async () => {
    const {cacheDir, input} = workspace();
    const {key} = await segmentationKey(settings({input}));
    mkdirSync(join(cacheDir, key), {recursive: true});
    writeFileSync(join(cacheDir, key, "summary.json"), "{");
    const result = await cachedSegmentation(settings({input}), {cacheDir});
    assert.equal(result.cached, false);
    assert.ok(existsSync(join(cacheDir, key, "result.json")));
    assert.equal((await cachedSegmentation(settings({input}), {cacheDir})).cached, true);
  });

  test("cachedSegmentation recomputes an entry whose customer column file is cut short", async () => {
    const {cacheDir, input} = workspace();
    const first = await cachedSegmentation(settings({input}), {cacheDir});
    const file = join(cacheDir, first.key, "customers.columns");
    writeFileSync(file, readFileSync(file).subarray(0, 100));
    const again = await cachedSegmentation(settings({input}), {cacheDir});
    assert.equal(again.cached, false);
    assert.deepEqual(again.customers.columns, first.customers.columns);
    assert.equal((await cachedSegmentation(settings({input}), {cacheDir})).cached, true);
  });

  test("cachedOverview(settings) is the cached segmentation without its customers, computed once on a miss", async () => {
    const {cacheDir, input} = workspace();
    const missed = await cachedOverview(settings({input}), {cacheDir});
    assert.equal(missed.cached, false);
    assert.ok(!("customers" in missed));
    const full = await cachedSegmentation(settings({input}), {cacheDir});
    assert.equal(full.cached, true);
    const hit = await cachedOverview(settings({input}), {cacheDir});
    assert.equal(hit.cached, true);
    assert.ok(!("customers" in hit));
    const {customers: _customers, ...rest} = full;
    assert.deepEqual(hit, rest);
  });

  test("openCachedOutputFile(settings, name) opens the entry's output file, the entry computed on a miss", async () => {
    const {cacheDir, input} = workspace();
    const file = await openCachedOutputFile(settings({input}), "customers.csv", {cacheDir});
    const text = (await file.readFile()).toString("utf8");
    await file.close();
    const result = await cachedSegmentation(settings({input}), {cacheDir});
    assert.equal(result.cached, true);
    assert.equal(text, formatCustomersCsv(result.customers, result.summary.segments));
    assert.equal(text, readFileSync(join(cacheDir, result.key, "customers.csv"), "utf8"));
    // A file gone from an entry is made again with the entry.
    rmSync(join(cacheDir, result.key, "customers.csv"));
    const again = await openCachedOutputFile(settings({input}), "customers.csv", {cacheDir});
    assert.equal((await again.readFile()).toString("utf8"), text);
    await again.close();
    await assert.rejects(
      openCachedOutputFile(settings({input}), "migration.csv", {cacheDir}),
      /openCachedOutputFile: the segmentation has no migration\.csv/
    );
    await assert.rejects(
      openCachedOutputFile(settings({input}), "customers.columns", {cacheDir}),
      /openCachedOutputFile: invalid name "customers\.columns"; expected one of customers\.csv,/
    );
  });

  test("openCachedOutputFile(settings, name, {key}) opens that entry's file, and fails once the entry is gone", async () => {
    const {cacheDir, input} = workspace();
    const first = await cachedSegmentation(settings({input}), {cacheDir});
    const firstCsv = readFileSync(join(cacheDir, first.key, "customers.csv"), "utf8");
    // The input changes after the segmentation was read: the file still matches that segmentation.
    const lines = readFileSync(input, "utf8").trimEnd().split("\n");
    writeFileSync(input, lines.slice(0, -3).join("\n") + "\n");
    const read = async (options: {key?: string}) => {
      const file = await openCachedOutputFile(settings({input}), "customers.csv", {cacheDir, ...options});
      const text = (await file.readFile()).toString("utf8");
      await file.close();
      return text;
    };
    assert.equal(await read({key: first.key}), firstCsv);
    // A file removed from the entry is made again from the entry itself, not from the changed input.
    rmSync(join(cacheDir, first.key, "customers.csv"));
    assert.equal(await read({key: first.key}), firstCsv);
    const current = await read({});
    assert.notEqual(current, firstCsv);
    // Computing the current entry dropped the first one: its file would now mix two segmentations.
    assert.equal(existsSync(join(cacheDir, first.key)), false);
    await assert.rejects(read({key: first.key}), new RegExp(`the cache entry ${first.key} is gone`));
  });

  test("cachedSegmentation throws a cache entry's read error other than a missing or damaged file", async () => {
    const {cacheDir, input} = workspace();
    const first = await cachedSegmentation(settings({input}), {cacheDir});
    const file = join(cacheDir, first.key, "customers.columns");
    // A folder where the file was: reading it fails with EISDIR, which recomputing would not cure.
    rmSync(file);
    mkdirSync(file);
    await assert.rejects(cachedSegmentation(settings({input}), {cacheDir}), {code: "EISDIR"});
  });

  test("cachedSegmentation passes the pipeline's errors through and caches nothing", async () => {
    const {cacheDir, input} = workspace();
    writeFileSync(input, "");
    await assert.rejects(cachedSegmentation(settings({input}), {cacheDir}), SegmentError);
    assert.equal(existsSync(cacheDir) ? readdirSync(cacheDir).length : 0, 0);
  });

  test("cachedSegmentation reports the pipeline's stages on a miss only", async () => {
    const {cacheDir, input} = workspace();
    const stages: string[] = [];
    await cachedSegmentation(settings({input}), {cacheDir, onStage: (stage) => stages.push(stage)});
    assert.deepEqual(stages, ["read", "rfm", "cluster", "describe"]);
    await cachedSegmentation(settings({input}), {cacheDir, onStage: (stage) => stages.push(stage)});
    assert.equal(stages.length, 4);
  });

  test("defaultCacheDir is .segment-cache", () => {
    assert.equal(defaultCacheDir, ".segment-cache");
  });
});

describe("segmentationKey", () => {
  test("segmentationKey is stable for one input and settings and carries the input's SHA-256", async () => {
    const {input} = workspace();
    const a = await segmentationKey(settings({input}));
    const b = await segmentationKey(settings({input}));
    assert.deepEqual(a, b);
    assert.equal(a.inputSha256, createHash("sha256").update(readFileSync(input)).digest("hex"));
  });

  test("segmentationKey changes with any setting and with the input's bytes", async () => {
    const {input} = workspace();
    const base = (await segmentationKey(settings({input}))).key;
    for (const patch of [
      {seed: 1},
      {window: "all" as const},
      {cancellations: "net" as const},
      {segments: {"recent-high-high": {name: "VIP"}}}
    ])
      assert.notEqual((await segmentationKey(settings({input, ...patch}))).key, base, JSON.stringify(patch));
    writeFileSync(input, readFileSync(input, "utf8") + "\n");
    assert.notEqual((await segmentationKey(settings({input}))).key, base);
  });

  test("segmentationKey of a missing input throws SegmentError 'no such file'", async () => {
    const input = join(root, "missing.csv");
    await assert.rejects(
      segmentationKey(settings({input})),
      (error: unknown) =>
        error instanceof SegmentError && /no such file/.test(error.message) && error.details.file === input
    );
  });
});
