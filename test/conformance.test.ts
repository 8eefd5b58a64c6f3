// Conformance on the real data in ../shared: the seed's weekly export against the notebook's published output,
// and UCI Online Retail against its well-known cleaning figures. Runs the CLI exactly as a user would.
import assert from "node:assert/strict";
import {execFile} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, describe, test} from "node:test";
import {promisify} from "node:util";
import {csvParse} from "d3";
import type {Summary} from "../data-loaders/types.ts";

const run = promisify(execFile);
const shared = new URL("../../shared/", import.meta.url).pathname;
const weekly = join(shared, "seed/transactions-weekly.csv");
const reference = join(shared, "seed/reference-customers.csv");
const onlineRetail = join(shared, "datasets/online-retail.csv.gz");

const scratch = mkdtempSync(join(tmpdir(), "conformance-"));
after(() => rmSync(scratch, {recursive: true, force: true}));

async function segment(
  args: string[]
): Promise<{summary: Summary; customers: Record<string, string>[]; csv: string; stderr: string}> {
  const out = mkdtempSync(join(scratch, "segment-"));
  const {stderr} = await run(process.execPath, ["scripts/run.mjs", "scripts/segment.ts", ...args, "--out", out], {
    maxBuffer: 1 << 26
  });
  const csv = readFileSync(join(out, "customers.csv"), "utf8");
  return {summary: JSON.parse(readFileSync(join(out, "summary.json"), "utf8")), customers: csvParse(csv), csv, stderr};
}

function assertReconciles(summary: Summary) {
  const excluded = Object.values(summary.input.excluded);
  assert.equal(summary.input.used + excluded.reduce((total, entry) => total + entry.lines, 0), summary.input.lines);
  const excludedRevenue = excluded.reduce((total, entry) => total + entry.revenue, 0);
  assert.ok(
    Math.abs(excludedRevenue - summary.input.revenue.excluded) < 0.01,
    `ledger revenue ${excludedRevenue} vs ${summary.input.revenue.excluded}`
  );
}

describe("seed weekly export (../shared/seed/transactions-weekly.csv)", () => {
  let result: Awaited<ReturnType<typeof segment>>;

  test("npm run segment -- --input transactions-weekly.csv --k 6 finds 5,836 customers", async () => {
    result = await segment(["--input", weekly, "--k", "6"]);
    assert.equal(result.summary.customers, 5836);
    assert.equal(result.customers.length, 5836);
    assert.equal(result.summary.input.format, "weekly");
    assert.equal(result.summary.input.lines, 33342);
    assert.equal(result.summary.referenceDate, "2020-01-07");
    assertReconciles(result.summary);
  });

  test("customers.csv has the contract's header and is sorted by customer_id", () => {
    assert.equal(
      result.csv.slice(0, result.csv.indexOf("\n")),
      "customer_id,country,recency_days,frequency,revenue,cluster,segment"
    );
    const ids = result.customers.map((row) => row.customer_id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    );
    assert.equal(new Set(ids).size, ids.length);
  });

  test("features equal the notebook's for all 5,832 reference customers (its revenue is 100× the true value)", () => {
    const ours = new Map(result.customers.map((row) => [row.customer_id, row]));
    const rows = csvParse(readFileSync(reference, "utf8"));
    assert.equal(rows.length, 5832);
    const mismatches: string[] = [];
    for (const row of rows) {
      const mine = ours.get(row["id+"]!);
      if (!mine) {
        mismatches.push(`${row["id+"]} missing`);
        continue;
      }
      if (Number(mine.recency_days) !== Number(row.days_since_purchase))
        mismatches.push(`${row["id+"]} recency ${mine.recency_days} vs ${row.days_since_purchase}`);
      if (Number(mine.frequency) !== Number(row.frequency))
        mismatches.push(`${row["id+"]} frequency ${mine.frequency} vs ${row.frequency}`);
      if (Math.abs(Number(mine.revenue) - Number(row.revenue) / 100) > 0.01)
        mismatches.push(`${row["id+"]} revenue ${mine.revenue} vs ${Number(row.revenue) / 100}`);
    }
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  test("the 4 customers with negative totals are kept, unclustered, with a counted reason", () => {
    const unclustered = result.customers.filter((row) => row.cluster === "");
    assert.deepEqual(unclustered.map((row) => row.customer_id).sort(), [
      "CN2984406",
      "ID4157328",
      "IN2190348",
      "IN2404812"
    ]);
    assert.ok(unclustered.every((row) => Number(row.revenue) < 0 && row.segment === ""));
    assert.deepEqual(result.summary.unclustered, {negative_revenue: 4});
    assert.equal(result.summary.clustered, 5832);
  });

  test("k = 6 reaches an inertia of at most 6250.1 (scikit-learn, n_init = 10: 6250.05)", () => {
    assert.equal(result.summary.k, 6);
    assert.ok(result.summary.inertia <= 6250.1, `inertia ${result.summary.inertia}`);
    const k6 = result.summary.diagnostics.inertia.find((entry) => entry.k === 6);
    assert.equal(k6?.inertia, result.summary.inertia);
  });

  test("summary.json has diagnostics for k = 1..10, segments with unique names and 17 countries", () => {
    const {summary} = result;
    assert.deepEqual(
      summary.diagnostics.inertia.map((entry) => entry.k),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    );
    assert.deepEqual(
      summary.diagnostics.silhouette.map((entry) => entry.k),
      [2, 3, 4, 5, 6, 7, 8, 9, 10]
    );
    const inertias = summary.diagnostics.inertia.map((entry) => entry.inertia);
    for (let i = 1; i < inertias.length; i++)
      assert.ok(inertias[i] < inertias[i - 1], `inertia does not fall from k = ${i} to ${i + 1}`);
    assert.equal(summary.segments.length, 6);
    assert.equal(new Set(summary.segments.map((segment) => segment.name)).size, 6);
    assert.equal(
      summary.segments.reduce((total, segment) => total + segment.size, 0),
      5832
    );
    assert.equal(summary.countries.length, 17);
    assert.equal(
      summary.countries.reduce((total, country) => total + country.customers, 0),
      5836
    );
    for (const segment of result.summary.segments) {
      const members = result.customers.filter((row) => row.cluster === String(segment.cluster));
      assert.equal(members.length, segment.size);
      assert.ok(members.every((row) => row.segment === segment.name));
    }
  });

  test("the same input and settings give byte-identical outputs", async () => {
    const again = await segment(["--input", weekly, "--k", "6"]);
    assert.equal(again.csv, result.csv);
    assert.deepEqual(again.summary, result.summary);
  });
});

describe("UCI Online Retail (../shared/datasets/online-retail.csv.gz)", () => {
  test("--window all: 4,338 customers, all clustered, revenue used 8,911,407.90, 135,080 lines without a customer id", async () => {
    const {summary, customers} = await segment(["--input", onlineRetail, "--window", "all"]);
    assert.equal(summary.input.format, "invoice");
    assert.equal(summary.input.compressed, true);
    assert.equal(summary.input.lines, 541909);
    assert.equal(summary.customers, 4338);
    assert.equal(summary.clustered, 4338);
    assert.equal(customers.length, 4338);
    assert.equal(summary.input.revenue.used, 8911407.9);
    assert.equal(summary.input.excluded.missing_customer_id.lines, 135080);
    assert.ok(summary.input.excluded.cancellation.lines > 0);
    assert.equal(summary.input.excluded.outside_window, undefined);
    assertReconciles(summary);
    // Frequency is distinct invoices: 17850's purchases span 34 invoices in the raw file.
    assert.equal(customers.find((row) => row.customer_id === "17850")?.frequency, "34");
  });

  test("the default 365-day window cuts 2010-12-01..09 and counts those lines as outside the window", async () => {
    const {summary} = await segment(["--input", onlineRetail]);
    assert.equal(summary.window.start, "2010-12-10");
    assert.equal(summary.window.end, "2011-12-09");
    assert.ok(summary.customers < 4338);
    assert.ok(summary.input.excluded.outside_window.lines > 0);
    assert.equal(summary.countries.length, 36);
    assertReconciles(summary);
  });
});
