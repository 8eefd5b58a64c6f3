// Determinism against the order of the input: shuffling the lines of a real export must leave every customer's
// figures exactly as they were and give the same clustering (reported as the adjusted Rand index between the
// two runs).
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, describe, test, type TestContext} from "node:test";
import {gunzipSync} from "node:zlib";
import {adjustedRandIndex} from "../data-loaders/adjusted-rand-index.ts";
import {runSegmentation} from "../data-loaders/pipeline.ts";
import {createRandom} from "../data-loaders/random.ts";
import type {CustomerRecord} from "../data-loaders/types.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";

const shared = new URL("../../shared/", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "input-order-"));
after(() => rmSync(scratch, {recursive: true, force: true}));

/** The file with its data lines in a seeded random order; the header stays first. */
function shuffledCopy(source: string, name: string, seed: number): string {
  const bytes = readFileSync(source);
  const text = (source.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const [header, ...lines] = text.split(newline).filter((line) => line !== "");
  const random = createRandom(seed);
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  const file = join(scratch, name);
  writeFileSync(file, [header, ...lines].join(newline) + newline);
  return file;
}

async function compareOrders(t: TestContext, source: string, settings: Partial<Settings>) {
  const base = {...defaultSettings, ...settings};
  const original = await runSegmentation({...base, input: source});
  const shuffled = await runSegmentation({...base, input: shuffledCopy(source, "shuffled.csv", 20261126)});
  assert.equal(shuffled.summary.input.lines, original.summary.input.lines);
  assert.deepEqual(shuffled.summary.input.revenue, original.summary.input.revenue);
  const byId = new Map(shuffled.customers.records().map((customer) => [customer.id, customer]));
  assert.equal(byId.size, original.customers.length);
  for (const customer of original.customers.records()) {
    const other = byId.get(customer.id);
    assert.ok(other, `customer ${customer.id} is missing after the shuffle`);
    assert.deepEqual(figures(other), figures(customer), `figures of ${customer.id}`);
  }
  const ari = adjustedRandIndex(
    original.customers.records().map((customer) => customer.cluster),
    original.customers.records().map((customer) => byId.get(customer.id)!.cluster)
  );
  t.diagnostic(`adjusted Rand index between the original and the shuffled order: ${ari.toFixed(4)}`);
  const inertiaChange = Math.abs(shuffled.summary.inertia - original.summary.inertia) / original.summary.inertia;
  t.diagnostic(`relative change of the total inertia: ${inertiaChange.toExponential(2)}`);
  // Clustering sees customers in the order of their ids, so the partition is not merely close: it is the same.
  assert.equal(ari, 1);
  assert.equal(shuffled.summary.inertia, original.summary.inertia);
}

function figures({country, recencyDays, frequency, revenue, units, reason}: CustomerRecord) {
  return {country, recencyDays, frequency, revenue, units, reason};
}

describe("the order of the input lines", () => {
  test("runSegmentation(shuffled seed export, {k: 6}) gives every customer the same figures and the same clusters", (t) =>
    compareOrders(t, join(shared, "seed/transactions-weekly.csv"), {k: 6}));

  test("runSegmentation(shuffled UCI Online Retail) gives every customer the same figures and the same clusters", (t) =>
    compareOrders(t, join(shared, "datasets/online-retail.csv.gz"), {}));
});
