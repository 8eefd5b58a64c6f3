import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {gzipSync} from "node:zlib";
import fc from "fast-check";
import {SegmentError} from "../data-loaders/errors.ts";
import {elbow, type ElbowRequest, type ElbowRunner} from "../data-loaders/diagnostics.ts";
import {
  elbowThreadFrom,
  progressStartingThreads,
  runSegmentation,
  withSignal,
  type HelperThread,
  type Segmentation
} from "../data-loaders/pipeline.ts";
import type {BookSize} from "../data-loaders/read-transactions.ts";
import {generateTransactions} from "../data-loaders/synthetic.ts";
import {sumsThreadFrom, type CustomerSumsTask} from "../data-loaders/rfm.ts";
import {describeThreadFrom, type SegmentColumns} from "../data-loaders/segment-description.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";
import {rejection} from "./segment-error-of.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "pipeline-"));
after(() => rmSync(dir, {recursive: true, force: true}));

let files = 0;
function tempFile(content: string | Buffer, name = `file-${++files}.csv`): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const settings = (patch: Partial<Settings>): Settings => ({...defaultSettings, k: 2, ...patch});

function customerTable(result: Segmentation) {
  return result.customers.records().map(({id, country, recencyDays, frequency, revenue, units, reason}) => ({
    id,
    country,
    recencyDays,
    frequency,
    revenue,
    units,
    reason
  }));
}

/** The invariants every run must keep, whatever its input. */
function checkInvariants(result: Segmentation) {
  const {summary} = result;
  const customers = result.customers.records();
  const excluded = Object.values(summary.input.excluded);
  assert.equal(summary.input.lines, summary.input.used + excluded.reduce((total, e) => total + e.lines, 0));
  const excludedRevenue = excluded.reduce((total, e) => total + e.revenue, 0);
  assert.ok(Math.abs(summary.input.revenue.excluded - excludedRevenue) < 0.005 * (excluded.length + 1));
  assert.equal(summary.customers, customers.length);
  assert.equal(summary.clustered, customers.filter((c) => c.cluster !== null).length);
  const unclustered: Record<string, number> = {};
  for (const c of customers) if (c.reason) unclustered[c.reason] = (unclustered[c.reason] ?? 0) + 1;
  assert.deepEqual(summary.unclustered, unclustered);
  for (const c of customers) {
    assert.equal(c.cluster === null, c.reason !== null);
    if (c.reason === "negative_revenue") assert.ok(c.revenue < 0 && c.frequency > 0);
    if (c.reason === "no_purchase") assert.equal(c.frequency, 0);
    if (c.cluster !== null) assert.ok(c.revenue >= 0 && c.frequency > 0 && c.cluster < summary.k);
  }
  const ids = customers.map((c) => c.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal(
    summary.orders,
    customers.reduce((total, c) => total + c.frequency, 0)
  );
  assert.ok(
    Math.abs(summary.revenue - customers.reduce((total, c) => total + c.revenue, 0)) < 0.005 * customers.length + 1e-9
  );
  assert.equal(
    summary.segments.reduce((total, s) => total + s.size, 0),
    summary.clustered
  );
  for (const segment of summary.segments)
    assert.equal(segment.size, customers.filter((c) => c.cluster === segment.cluster).length);
  assert.equal(
    summary.countries.reduce((total, c) => total + c.customers, 0),
    summary.customers
  );
  const timelineRevenue = result.timeline.reduce((total, p) => total + p.revenue, 0);
  assert.ok(Math.abs(timelineRevenue - summary.revenue) < 0.005 * result.timeline.length + 1e-9);
  const names = summary.segments.map((s) => s.name);
  assert.equal(new Set(names).size, names.length);
}

/** All ways to split the points into k non-empty groups (points are few), with the least total within-group SSE. */
function bestPartition(points: number[][], k: number): {groups: number[]; sse: number} {
  let best = {groups: [] as number[], sse: Infinity};
  const groups = new Array<number>(points.length).fill(0);
  const visit = (i: number, used: number) => {
    if (i === points.length) {
      if (used !== k) return;
      let sse = 0;
      for (let g = 0; g < k; g++) {
        const members = points.filter((_, j) => groups[j] === g);
        const mean = members[0].map((_, d) => members.reduce((total, p) => total + p[d], 0) / members.length);
        sse += members.reduce((total, p) => total + p.reduce((s, v, d) => s + (v - mean[d]) ** 2, 0), 0);
      }
      if (sse < best.sse) best = {groups: [...groups], sse};
      return;
    }
    for (let g = 0; g < Math.min(used + 1, k); g++) {
      groups[i] = g;
      visit(i + 1, Math.max(used, g + 1));
    }
  };
  visit(0, 0);
  return best;
}

const samePartition = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < a.length; j++) if ((a[i] === a[j]) !== (b[i] === b[j])) return false;
  return true;
};

describe("runSegmentation on invoices.csv", () => {
  test("runSegmentation(invoices.csv) accounts for every line: used + excluded by reason", async () => {
    const {summary} = await runSegmentation(settings({input: fixture("invoices.csv")}));
    const file = fixture("invoices.csv");
    assert.deepEqual(summary.input, {
      file,
      format: "invoice",
      delimiter: ",",
      compressed: false,
      bytes: readFileSync(file).length,
      sha256: createHash("sha256").update(readFileSync(file)).digest("hex"),
      lines: 20,
      used: 11,
      excluded: {
        blank_line: {lines: 1, revenue: 0, examples: [15]},
        malformed_line: {lines: 1, revenue: 0, examples: [14]},
        missing_customer_id: {lines: 1, revenue: 3.95, examples: [6]},
        unparsable_date: {lines: 1, revenue: 15.3, examples: [16]},
        unparsable_quantity: {lines: 1, revenue: 0, examples: [13]},
        cancellation: {lines: 1, revenue: -27.5, examples: [5]},
        non_positive_quantity: {lines: 1, revenue: 0, examples: [11]},
        non_positive_price: {lines: 1, revenue: 0, examples: [12]},
        outside_window: {lines: 1, revenue: 6.25, examples: [22]}
      },
      revenue: {used: 393.82, excluded: -2},
      firstDate: "2010-01-15",
      lastDate: "2011-03-02"
    });
  });

  test("runSegmentation(invoices.csv) computes each customer's recency, frequency and revenue", async () => {
    const result = await runSegmentation(settings({input: fixture("invoices.csv")}));
    assert.deepEqual(customerTable(result), [
      {id: "12347", country: "Iceland", recencyDays: 2, frequency: 3, revenue: 123.7, units: 29, reason: null},
      {id: "12348", country: "Finland", recencyDays: 17, frequency: 2, revenue: 45, units: 12, reason: null},
      {id: "12349", country: "Italy", recencyDays: 1, frequency: 1, revenue: 50.88, units: 48, reason: null},
      {id: "14527", country: "United Kingdom", recencyDays: 2, frequency: 2, revenue: 127.5, units: 22, reason: null},
      {id: "17850", country: "United Kingdom", recencyDays: 92, frequency: 2, revenue: 46.74, units: 18, reason: null}
    ]);
    const {summary} = result;
    assert.equal(summary.referenceDate, "2011-03-03");
    assert.deepEqual(summary.window, {days: 365, start: "2010-03-03", end: "2011-03-02"});
    assert.deepEqual(
      [summary.customers, summary.clustered, summary.orders, summary.revenue, summary.k],
      [5, 5, 10, 393.82, 2]
    );
    assert.deepEqual(summary.unclustered, {});
    assert.equal(summary.kSelection, "set in the settings");
    assert.deepEqual(summary.tool.name, "customer-segments");
    checkInvariants(result);
  });

  test("runSegmentation(file, {collectGarbage}) calls it once, after reading, with the same result", async () => {
    const events: string[] = [];
    const result = await runSegmentation(settings({input: fixture("invoices.csv")}), {
      onStage: (stage) => events.push(stage),
      collectGarbage: () => events.push("collect")
    });
    assert.deepEqual(events, ["read", "collect", "rfm", "cluster", "describe"]);
    const plain = await runSegmentation(settings({input: fixture("invoices.csv")}));
    assert.deepEqual(result, plain);
  });

  test("runSegmentation(invoices.csv, {k: 2}) finds the best 2-way split of the customers' log1p features", async () => {
    const result = await runSegmentation(settings({input: fixture("invoices.csv")}));
    const points = result.customers
      .records()
      .map((c) => [Math.log1p(c.recencyDays), Math.log1p(c.frequency), Math.log1p(c.revenue)]);
    const best = bestPartition(points, 2);
    const clusters = result.customers.records().map((c) => c.cluster!);
    assert.ok(samePartition(clusters, best.groups), `${clusters} is not the optimal split ${best.groups}`);
    assert.ok(Math.abs(result.summary.inertia - best.sse) < 1e-5);
    // Canonical order: cluster 0 has the higher mean log revenue.
    const meanLogRevenue = (cluster: number) => {
      const members = points.filter((_, i) => clusters[i] === cluster);
      return members.reduce((total, p) => total + p[2], 0) / members.length;
    };
    assert.ok(meanLogRevenue(0) > meanLogRevenue(1));
    for (const segment of result.summary.segments) {
      const members = result.customers.records().filter((c) => c.cluster === segment.cluster);
      assert.equal(segment.size, members.length);
      assert.equal(segment.share, members.length / 5);
      assert.ok(Math.abs(segment.revenue - members.reduce((total, c) => total + c.revenue, 0)) < 1e-9);
      assert.equal(
        segment.orders,
        members.reduce((total, c) => total + c.frequency, 0)
      );
    }
  });

  test("runSegmentation(invoices.csv) reports the elbow for k = 1..5 and silhouettes for k = 2..5", async () => {
    const {summary} = await runSegmentation(settings({input: fixture("invoices.csv")}));
    assert.deepEqual(
      summary.diagnostics.inertia.map((d) => d.k),
      [1, 2, 3, 4, 5]
    );
    assert.deepEqual(
      summary.diagnostics.silhouette.map((d) => d.k),
      [2, 3, 4, 5]
    );
    assert.equal(summary.diagnostics.sample, 5);
    assert.equal(summary.diagnostics.inertia[4].inertia, 0);
    assert.equal(summary.diagnostics.inertia[1].inertia, summary.inertia);
  });

  test("runSegmentation(invoices.csv) summarises countries by revenue", async () => {
    const {summary} = await runSegmentation(settings({input: fixture("invoices.csv")}));
    assert.deepEqual(
      summary.countries.map(({code, customers, revenue, orders, raw}) => ({code, customers, revenue, orders, raw})),
      [
        {code: "GB", customers: 2, revenue: 174.24, orders: 4, raw: ["United Kingdom"]},
        {code: "IS", customers: 1, revenue: 123.7, orders: 3, raw: ["Iceland"]},
        {code: "IT", customers: 1, revenue: 50.88, orders: 1, raw: ["Italy"]},
        {code: "FI", customers: 1, revenue: 45, orders: 2, raw: ["Finland"]}
      ]
    );
  });

  test("runSegmentation(invoices.csv) timeline sums revenue and orders per month", async () => {
    const {timeline} = await runSegmentation(settings({input: fixture("invoices.csv")}));
    const byMonth = new Map<string, {revenue: number; orders: number}>();
    for (const p of timeline) {
      const month = byMonth.get(p.period) ?? {revenue: 0, orders: 0};
      month.revenue += p.revenue;
      month.orders += p.orders;
      byMonth.set(p.period, month);
    }
    const rounded = [...byMonth].map(([period, {revenue, orders}]) => [
      period,
      Math.round(revenue * 100) / 100,
      orders
    ]);
    assert.deepEqual(rounded, [
      ["2010-12-01", 211.24, 5],
      ["2011-01-01", 15, 1],
      ["2011-02-01", 30, 1],
      ["2011-03-01", 137.58, 3]
    ]);
  });

  test("runSegmentation reads a gzip copy to the same result", async () => {
    const plain = await runSegmentation(settings({input: fixture("invoices.csv")}));
    const gzFile = tempFile(gzipSync(readFileSync(fixture("invoices.csv"))), "invoices.csv.gz");
    const gz = await runSegmentation(settings({input: gzFile}));
    assert.equal(gz.summary.input.compressed, true);
    assert.equal(gz.summary.input.bytes, readFileSync(gzFile).length);
    const strip = (r: Segmentation) => ({
      ...r,
      summary: {
        ...r.summary,
        settings: {},
        input: {...r.summary.input, file: "", compressed: false, bytes: 0, sha256: ""}
      }
    });
    assert.deepEqual(strip(gz), strip(plain));
  });

  test("runSegmentation reads a CRLF copy with a BOM to the same result", async () => {
    const text = readFileSync(fixture("invoices.csv"), "utf8").replaceAll("\n", "\r\n");
    const file = tempFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const plain = await runSegmentation(settings({input: fixture("invoices.csv")}));
    const crlf = await runSegmentation(settings({input: file}));
    assert.deepEqual(crlf.customers, plain.customers);
    assert.deepEqual(crlf.summary.input.excluded, plain.summary.input.excluded);
    assert.deepEqual(crlf.summary.segments, plain.summary.segments);
  });

  test("runSegmentation with nonProduct exclude drops postage lines", async () => {
    const result = await runSegmentation(settings({input: fixture("invoices.csv"), nonProduct: "exclude"}));
    assert.deepEqual(result.summary.input.excluded.non_product_code, {lines: 1, revenue: 54, examples: [8]});
    const customer = result.customers.records().find((c) => c.id === "12347")!;
    assert.deepEqual([customer.frequency, customer.revenue], [2, 69.7]);
    assert.equal(result.summary.input.used, 10);
    checkInvariants(result);
  });

  test("runSegmentation with window all keeps the old line", async () => {
    const result = await runSegmentation(settings({input: fixture("invoices.csv"), window: "all"}));
    assert.equal(result.summary.input.excluded.outside_window, undefined);
    assert.equal(result.summary.window.start, "2010-01-15");
    const customer = result.customers.records().find((c) => c.id === "12349")!;
    assert.deepEqual([customer.frequency, customer.revenue], [2, 57.13]);
    checkInvariants(result);
  });

  test("runSegmentation with a reference date tallies later lines as after_reference_date", async () => {
    const result = await runSegmentation(settings({input: fixture("invoices.csv"), referenceDate: "2011-03-01"}));
    assert.equal(result.summary.referenceDate, "2011-03-01");
    assert.deepEqual(result.summary.input.excluded.after_reference_date, {
      lines: 3,
      revenue: 137.58,
      examples: [19, 20, 21]
    });
    assert.equal(
      result.customers.records().find((c) => c.id === "12349"),
      undefined
    );
    assert.equal(result.customers.records().find((c) => c.id === "12348")!.recencyDays, 15);
    checkInvariants(result);
  });

  test("runSegmentation is a pure function of the file and the settings", async () => {
    const a = await runSegmentation(settings({input: fixture("invoices.csv"), k: "auto"}));
    const b = await runSegmentation(settings({input: fixture("invoices.csv"), k: "auto"}));
    assert.deepEqual(b, a);
    assert.match(a.summary.kSelection, /^chosen automatically/);
  });

  test("runSegmentation reports its stages in order", async () => {
    const stages: string[] = [];
    await runSegmentation(settings({input: fixture("invoices.csv")}), {onStage: (stage) => stages.push(stage)});
    assert.deepEqual(stages, ["read", "rfm", "cluster", "describe"]);
  });
});

describe("runSegmentation on weekly.csv and mapped.tsv", () => {
  test("runSegmentation(weekly.csv) keeps a customer with negative revenue, unclustered as negative_revenue", async () => {
    const result = await runSegmentation(settings({input: fixture("weekly.csv")}));
    assert.deepEqual(customerTable(result), [
      {id: "DE1", country: "DE", recencyDays: 71, frequency: 1, revenue: 1000.5, units: 10, reason: null},
      {id: "DE2", country: "DE", recencyDays: 141, frequency: 1, revenue: 5.5, units: 1, reason: null},
      {id: "FR3", country: "FR", recencyDays: 1, frequency: 1, revenue: 12, units: 1, reason: null},
      {id: "KR702234", country: "KR", recencyDays: 106, frequency: 3, revenue: 858.08, units: 3, reason: null},
      {
        id: "US702234",
        country: "US",
        recencyDays: 120,
        frequency: 2,
        revenue: -50,
        units: -1,
        reason: "negative_revenue"
      }
    ]);
    const us = result.customers.records().find((c) => c.id === "US702234")!;
    assert.equal(us.cluster, null);
    const {summary} = result;
    assert.deepEqual(summary.unclustered, {negative_revenue: 1});
    assert.deepEqual([summary.customers, summary.clustered, summary.orders], [5, 4, 8]);
    assert.deepEqual(
      [summary.input.format, summary.input.delimiter, summary.input.lines, summary.input.used],
      ["weekly", ";", 9, 8]
    );
    assert.deepEqual(summary.input.revenue, {used: 1826.08, excluded: 1});
    assert.deepEqual(summary.input.excluded, {unparsable_date: {lines: 1, revenue: 1, examples: [10]}});
    assert.equal(summary.referenceDate, "2019-05-21");
    assert.deepEqual([summary.input.firstDate, summary.input.lastDate], ["2018-12-31", "2019-05-20"]);
    assert.deepEqual(
      summary.countries.map(({code, customers, clustered, revenue}) => [code, customers, clustered, revenue]),
      [
        ["DE", 2, 2, 1006],
        ["KR", 1, 1, 858.08],
        ["FR", 1, 1, 12],
        ["US", 1, 0, -50]
      ]
    );
    checkInvariants(result);
  });

  test("runSegmentation(mapped.tsv) keeps a returns-only customer, unclustered as no_purchase", async () => {
    const result = await runSegmentation(
      settings({
        input: fixture("mapped.tsv"),
        map: {customer: "Client", date: "Day", amount: "Total", country: "Land"},
        dateFormat: "DD.MM.YYYY",
        decimal: ","
      })
    );
    assert.deepEqual(customerTable(result), [
      {id: "A", country: "France", recencyDays: 11, frequency: 2, revenue: 30, units: 0, reason: null},
      {id: "B", country: "Germany", recencyDays: 13, frequency: 0, revenue: -5, units: 0, reason: "no_purchase"},
      {id: "C", country: "Germany", recencyDays: 6, frequency: 2, revenue: 150, units: 0, reason: null},
      {id: "D", country: "", recencyDays: 1, frequency: 1, revenue: 7.5, units: 0, reason: null}
    ]);
    const {summary} = result;
    assert.deepEqual(summary.unclustered, {no_purchase: 1});
    assert.equal(summary.input.format, "mapped");
    assert.equal(summary.input.delimiter, "\t");
    assert.deepEqual(summary.input.excluded, {unparsable_date: {lines: 1, revenue: 1, examples: [8]}});
    assert.deepEqual(
      summary.countries.map(({code, customers, revenue}) => [code, customers, revenue]),
      [
        ["DE", 2, 145],
        ["FR", 1, 30],
        ["ZZ", 1, 7.5]
      ]
    );
    checkInvariants(result);
  });
});

describe("runSegmentation failures", () => {
  test("runSegmentation(missing file) throws SegmentError naming the file", async () => {
    const file = join(dir, "nope.csv");
    const error = await rejection(runSegmentation(settings({input: file})));
    assert.equal(error.details.file, file);
    assert.match(error.message, /no such file/);
  });

  test("runSegmentation(empty file) throws SegmentError 'the file is empty' at line 1", async () => {
    const file = tempFile("");
    const error = await rejection(runSegmentation(settings({input: file})));
    assert.match(error.message, /the file is empty/);
    assert.equal(error.details.file, file);
    assert.equal(error.details.line, 1);
  });

  test("runSegmentation of a file missing a required column throws SegmentError naming the column", async () => {
    const text = readFileSync(fixture("invoices.csv"), "utf8").replace("UnitPrice", "Cost");
    const file = tempFile(text);
    const error = await rejection(runSegmentation(settings({input: file, format: "invoice"})));
    assert.match(error.message, /missing required column for the unit price/);
    assert.equal(error.details.file, file);
    assert.equal(error.details.line, 1);
    assert.match(error.details.found ?? "", /"Cost"/);
    assert.equal(error.details.expected, 'a column named "UnitPrice" or "Price"');
  });

  test("runSegmentation with no line in the window throws SegmentError", async () => {
    const error = await rejection(
      runSegmentation(settings({input: fixture("invoices.csv"), referenceDate: "2009-01-01"}))
    );
    assert.match(error.message, /no transaction falls inside the analysis window/);
    assert.match(error.details.found ?? "", /dates from 2010-01-15 to 2011-03-02/);
  });

  test("runSegmentation with an unterminated quote at EOF throws SegmentError with line and column", async () => {
    const text =
      readFileSync(fixture("invoices.csv"), "utf8") + '\n536404,22086,"PAPER CHAIN,2,3/2/2011 12:00,1,12350,Italy\n';
    const file = tempFile(text);
    const error = await rejection(runSegmentation(settings({input: file})));
    assert.match(error.message, /unterminated quoted field/);
    assert.equal(error.details.line, 23);
    assert.equal(error.details.column, 3);
  });

  test("runSegmentation of a header-only file throws SegmentError at line 2", async () => {
    const file = tempFile("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
    const error = await rejection(runSegmentation(settings({input: file})));
    assert.match(error.message, /header but no data lines/);
    assert.equal(error.details.line, 2);
  });

  test("runSegmentation of a file where no line can be used throws SegmentError listing the reasons", async () => {
    const file = tempFile(
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n" +
        "C1,A,x,-1,12/1/2010 8:26,1,17850,France\n" +
        "2,A,x,1,12/1/2010 8:26,1,,France\n"
    );
    const error = await rejection(runSegmentation(settings({input: file})));
    assert.match(error.message, /no line of the file can be used/);
    assert.equal(error.details.found, "1 missing customer id, 1 cancellation");
  });

  test("runSegmentation with k above the distinct customers throws SegmentError", async () => {
    const error = await rejection(runSegmentation(settings({input: fixture("invoices.csv"), k: 6})));
    assert.match(error.message, /invalid k: 6 exceeds the 5 customers/);
  });

  test("runSegmentation where no customer can be clustered throws SegmentError", async () => {
    const file = tempFile("c,d,a\nx,2023-01-01,-5\ny,2023-01-02,-6\n");
    const error = await rejection(
      runSegmentation(settings({input: file, map: {customer: "c", date: "d", amount: "a"}}))
    );
    assert.match(error.message, /no customer can be clustered/);
  });
});

describe("runSegmentation reconciliation", () => {
  const header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
  const numberText = fc.oneof(
    fc.integer({min: -5, max: 30}).map((n) => ({text: String(n), value: n})),
    fc.integer({min: -500, max: 5000}).map((c) => ({text: (c / 100).toFixed(2), value: c / 100})),
    fc.constantFrom({text: "x", value: NaN}, {text: "1,5", value: NaN}, {text: "", value: NaN})
  );
  const line = fc.record({
    cancelled: fc.boolean(),
    invoice: fc.integer({min: 1, max: 12}),
    code: fc.constantFrom("85123A", "POST", "22633", "m"),
    description: fc.constantFrom("PLAIN", '"WITH, COMMA"', '"TWO\nLINES"', '"A ""QUOTE"""'),
    quantity: numberText,
    price: numberText,
    day: fc.integer({min: 1, max: 28}),
    month: fc.constantFrom(10, 11, 12, 13),
    customer: fc.constantFrom("1", "2", "3", "4", ""),
    country: fc.constantFrom("France", "EIRE", "Unspecified"),
    shape: fc.constantFrom("ok", "ok", "ok", "ok", "ok", "blank", "extra")
  });

  test("runSegmentation: lines = used + Σ excluded and revenue read = used + excluded, for any invoice file", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, {maxLength: 25}),
        fc.constantFrom<Settings["cancellations"]>("exclude", "net"),
        fc.constantFrom<Settings["nonProduct"]>("keep", "exclude"),
        fc.constantFrom<Settings["window"]>("all", 30, 60),
        fc.constantFrom(null, "2010-12-29", "2010-12-20"),
        async (lines, cancellations, nonProduct, window, referenceDate) => {
          // Three customers that always count, so that the file can be clustered.
          const rows = [
            "100,A,x,1,12/15/2010 9:00,10,F1,France",
            "101,A,x,5,12/16/2010 9:00,30,F2,France",
            "102,A,x,2,12/17/2010 9:00,90,F3,France",
            "103,A,x,2,12/18/2010 9:00,90,F3,France"
          ];
          let revenueRead = 10 + 150 + 180 + 180;
          for (const l of lines) {
            if (l.shape === "blank") {
              rows.push("");
              continue;
            }
            const fields = [
              `${l.cancelled ? "C" : ""}${l.invoice}`,
              l.code,
              l.description,
              l.quantity.text,
              `${l.month}/${l.day}/2010 10:00`,
              l.price.text,
              l.customer,
              l.country
            ];
            if (l.shape === "extra") fields.push("extra");
            else if (Number.isFinite(l.quantity.value) && Number.isFinite(l.price.value))
              revenueRead += l.quantity.value * l.price.value;
            rows.push(fields.join(","));
          }
          const file = tempFile(`${header}\n${rows.join("\n")}\n`);
          const result = await runSegmentation(
            settings({input: file, cancellations, nonProduct, window, referenceDate, restarts: 2})
          );
          const {input} = result.summary;
          assert.equal(input.lines, rows.length);
          checkInvariants(result);
          assert.ok(
            Math.abs(input.revenue.used + input.revenue.excluded - revenueRead) < 0.011,
            `read ${revenueRead}, used ${input.revenue.used} + excluded ${input.revenue.excluded}`
          );
        }
      ),
      {numRuns: 25}
    );
  });
});

describe("runSegmentation on two threads", () => {
  test("runSegmentation(settings, {runElbow}) runs the elbow through the hook from elbowThreadFrom customers, with the same result", async () => {
    // Weekly lines of about 70,000 customers over one year: past the threshold once the window applies.
    const text = [...generateTransactions({format: "weekly", lines: 240_000, customers: 70_000, days: 300})].join("");
    const file = tempFile(text);
    const requests: ElbowRequest[] = [];
    const runElbow = async (request: ElbowRequest) => {
      requests.push(request);
      return elbow(structuredClone(request));
    };
    const options = settings({input: file, k: 4});
    const alone = await runSegmentation(options);
    const together = await runSegmentation(options, {runElbow});
    assert.ok(alone.summary.clustered >= elbowThreadFrom, `${alone.summary.clustered} clustered customers`);
    assert.equal(requests.length, 1);
    assert.deepEqual(together, alone);
    // With k: auto the fit waits for the silhouettes anyway: no thread.
    await runSegmentation(settings({input: file, k: "auto", kRange: [2, 3]}), {runElbow});
    assert.equal(requests.length, 1);
    // A thread that fails fails the run as itself, not as a problem of the input.
    const failing = () => Promise.reject(new Error("the elbow thread stopped early, with exit code 1"));
    await assert.rejects(runSegmentation(options, {runElbow: failing}), (error: Error) => {
      assert.ok(!(error instanceof SegmentError));
      assert.match(error.message, /elbow thread stopped early/);
      return true;
    });
    // A run that fails while the elbow works aborts the hook's signal, so that a thread stops rather than finish.
    let signalOfRun: AbortSignal | undefined;
    const waiting: ElbowRunner = (_request, signal) => {
      signalOfRun = signal;
      return new Promise(() => {});
    };
    const failAtDescribe = (stage: string) => {
      if (stage === "describe") throw new Error("describing failed");
    };
    await assert.rejects(runSegmentation(options, {runElbow: waiting, onStage: failAtDescribe}), /describing failed/);
    assert.equal(signalOfRun?.aborted, true);
    assert.match(String(signalOfRun?.reason), /describing failed/);
    // The sums and describe threads get the run's signal too.
    const signals: (AbortSignal | undefined)[] = [];
    const controller = new AbortController();
    const hooks = withSignal(
      {
        runElbow: async (_request, signal) => (signals.push(signal), elbow(structuredClone(requests[0]))),
        sumOnThread: async (_task, signal) => void signals.push(signal),
        describeOnThread: async (_input, _transfer, signal) => (signals.push(signal), [])
      },
      controller.signal
    );
    await hooks.runElbow!(requests[0]);
    await hooks.sumOnThread!({} as CustomerSumsTask);
    await hooks.describeOnThread!({} as SegmentColumns, []);
    assert.deepEqual(signals, [controller.signal, controller.signal, controller.signal]);
    assert.deepEqual(withSignal({}, controller.signal), {
      runElbow: undefined,
      sumOnThread: undefined,
      describeOnThread: undefined
    });
    // Below the threshold the hook is left alone.
    const small = tempFile(text.slice(0, text.indexOf("\n", 200_000) + 1));
    const fewer = await runSegmentation(settings({input: small, k: 4}), {runElbow});
    assert.ok(fewer.summary.clustered < elbowThreadFrom, `${fewer.summary.clustered} clustered customers`);
    assert.equal(requests.length, 1);
  });
});

describe("progressStartingThreads(settings, hooks)", () => {
  const threadHooks = {
    runElbow: async () => ({}) as never,
    sumOnThread: async () => {},
    describeOnThread: async () => []
  };

  test("progressStartingThreads(settings, hooks) starts each thread once, when the book reaches its stage's threshold", () => {
    const started: HelperThread[][] = [];
    const seen: [number, BookSize][] = [];
    const progress = progressStartingThreads(settings({k: 4}), {
      ...threadHooks,
      onProgress: (lines, book) => void seen.push([lines, book]),
      prestartThreads: (threads) => void started.push(threads)
    })!;
    // A file of a few thousand customers, as UCI Online Retail's: no stage will ask for a thread.
    const few = {size: 200_000, customers: 4_000};
    progress(1_000_000, few);
    progress(2_000_000, {size: sumsThreadFrom - 1, customers: elbowThreadFrom - 1});
    assert.deepEqual(started, []);
    progress(3_000_000, {size: sumsThreadFrom, customers: elbowThreadFrom});
    progress(4_000_000, {size: 2 * sumsThreadFrom, customers: describeThreadFrom - 1});
    progress(5_000_000, {size: 3 * sumsThreadFrom, customers: describeThreadFrom});
    progress(6_000_000, {size: 4 * sumsThreadFrom, customers: 2 * describeThreadFrom});
    assert.deepEqual(started, [["sums", "elbow"], ["describe"]]);
    assert.deepEqual(
      seen.map(([lines]) => lines),
      [1, 2, 3, 4, 5, 6].map((millions) => millions * 1_000_000),
      "progress still reported"
    );
    assert.equal(seen[0][1], few);
  });

  test("progressStartingThreads(settings, hooks) leaves out the elbow with k auto, and threads without hooks", () => {
    const started: HelperThread[][] = [];
    const prestartThreads = (threads: HelperThread[]) => void started.push(threads);
    const large = {size: sumsThreadFrom, customers: describeThreadFrom};
    progressStartingThreads(settings({k: "auto"}), {...threadHooks, prestartThreads})!(1_000_000, large);
    progressStartingThreads(settings({k: 4}), {sumOnThread: threadHooks.sumOnThread, prestartThreads})!(
      1_000_000,
      large
    );
    assert.deepEqual(started, [["sums", "describe"], ["sums"]]);
  });

  test("progressStartingThreads(settings, hooks) is onProgress itself without prestartThreads", () => {
    const onProgress = () => {};
    assert.equal(progressStartingThreads(settings({}), {...threadHooks, onProgress}), onProgress);
    assert.equal(progressStartingThreads(settings({}), threadHooks), undefined);
  });
});
