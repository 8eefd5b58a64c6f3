import assert from "node:assert/strict";
import {test} from "node:test";
import fc from "fast-check";
import {customersCsvBytes, customersCsvHeader, formatCustomersCsv} from "../data-loaders/customers-csv.ts";
import {SegmentedCustomers} from "../data-loaders/segmented-customers.ts";
import {
  allocate,
  countryIndex,
  customerTable,
  scatterSample,
  segmentCsvEntries
} from "../data-loaders/site-customers.ts";
import {fixture} from "./site-fixture.ts";

test("allocation gives every group its floor, never more than it has, and exactly the total", () => {
  fc.assert(
    fc.property(
      fc.array(fc.nat(500), {minLength: 1, maxLength: 12}),
      fc.nat(3000),
      fc.nat(100),
      (sizes, size, floor) => {
        const quotas = allocate(sizes, size, floor);
        const total = sizes.reduce((a, b) => a + b, 0);
        assert.equal(
          quotas.reduce((a, b) => a + b, 0),
          Math.min(size, total)
        );
        quotas.forEach((q, i) => assert.ok(q >= 0 && q <= sizes[i]));
        const floors = sizes.map((n) => Math.min(n, floor));
        if (floors.reduce((a, b) => a + b, 0) <= size) quotas.forEach((q, i) => assert.ok(q >= floors[i]));
      }
    )
  );
});

test("the scatter sample is seeded, stratified and made of clustered customers", () => {
  const {summary, customers: table, records: customers} = fixture();
  const sample = scatterSample(table, summary.countries, {size: 100, seed: 3, minPerSegment: 20});
  assert.deepEqual(sample, scatterSample(table, summary.countries, {size: 100, seed: 3, minPerSegment: 20}));
  assert.notDeepEqual(
    sample.columns.id,
    scatterSample(table, summary.countries, {size: 100, seed: 4, minPerSegment: 20}).columns.id
  );
  assert.equal(sample.sampled, 100);
  assert.equal(sample.total, customers.filter((c) => c.cluster !== null).length);
  assert.ok(sample.columns.cluster.every((c) => c !== null));
  const per = [0, 1, 2].map((k) => sample.columns.cluster.filter((c) => c === k).length);
  assert.ok(
    per.every((n) => n >= 20),
    `per segment: ${per}`
  );
  assert.equal(new Set(sample.columns.id).size, 100);
  // Customers keep the input's (id) order.
  assert.deepEqual([...sample.columns.id].sort(), sample.columns.id);
  // Small inputs are shown whole.
  assert.equal(scatterSample(table, summary.countries, {size: 10_000}).sampled, sample.total);
});

test("the table keeps the customers with the highest revenue and says when it is truncated", () => {
  const {summary, customers: all, records: customers} = fixture();
  const table = customerTable(all, summary.countries, {limit: 10});
  assert.equal(table.truncated, true);
  assert.equal(table.shown, 10);
  assert.equal(table.total, customers.length);
  const top = [...customers].sort((a, b) => b.revenue - a.revenue || (a.id < b.id ? -1 : 1)).slice(0, 10);
  assert.deepEqual(
    table.columns.id,
    top.map((c) => c.id)
  );
  assert.equal(
    table.countries[table.columns.country[0]].code,
    summary.countries.find((c) => c.raw.includes(top[0].country))!.code
  );
  const whole = customerTable(all, summary.countries);
  assert.equal(whole.truncated, false);
  assert.equal(whole.shown, customers.length);
  assert.throws(() => customerTable(all, summary.countries, {limit: 0}), /invalid table limit: 0/);
});

test("country lookups name an unknown country value", () => {
  const {summary} = fixture();
  const {indexOf} = countryIndex(summary.countries);
  assert.throws(() => indexOf("Nowhere", "Z9"), /customer "Z9" has country "Nowhere"/);
});

test("the per-segment lists partition the clustered rows of customers.csv", () => {
  const {summary, customers: table} = fixture();
  const whole = formatCustomersCsv(table, summary.segments).trimEnd().split("\n").slice(1);
  const entries = segmentCsvEntries(customersCsvBytes(table, summary.segments), summary.segments);
  assert.deepEqual(
    entries.map((e) => e.name),
    ["0.csv", "1.csv", "2.csv"]
  );
  const rows = entries.flatMap((entry) => {
    const lines = Buffer.from(entry.content).toString("utf8").trimEnd().split("\n");
    assert.equal(lines[0], customersCsvHeader);
    return lines.slice(1);
  });
  assert.deepEqual(rows.sort(), whole.filter((line) => !line.endsWith(",,")).sort());
});

/** Customers whose ids and countries need quotes now and then: commas, quotes, line breaks, CR, non-ASCII. */
const awkwardCustomers = fc
  .array(
    fc.record({
      id: fc.oneof(
        fc.stringMatching(/^[A-Z0-9]{1,8}$/),
        fc.string({unit: fc.constantFrom("a", ",", '"', "\n", "\r", "é", "😀", " "), minLength: 1, maxLength: 6})
      ),
      country: fc.constantFrom("KR", "Korea, Republic of", 'The "Island"', "Côte d’Ivoire", "Line\nbreak"),
      recencyDays: fc.nat(400),
      frequency: fc.integer({min: 1, max: 60}),
      revenue: fc.integer({min: -10_000, max: 10_000_000}).map((cents) => cents / 100),
      cluster: fc.option(fc.nat(4), {nil: null})
    }),
    {maxLength: 40}
  )
  .map((records) =>
    SegmentedCustomers.fromRecords(
      records.map((record) => ({
        ...record,
        units: 1,
        reason: record.cluster === null ? "negative_revenue" : null
      }))
    )
  );

test("segmentCsvEntries(csv, segments) cuts each segment's customers.csv out of the whole one", () => {
  // Segments 0–4, one of them (3) without customers at times; their names need quotes too.
  const segments = [0, 1, 2, 3, 4].map((cluster) => ({
    ...fixture().summary.segments[0],
    cluster,
    name: `S${cluster}, "q"`
  }));
  fc.assert(
    fc.property(awkwardCustomers, (customers) => {
      const csv = customersCsvBytes(customers, segments);
      const entries = segmentCsvEntries(csv, segments);
      assert.deepEqual(
        entries.map((entry) => entry.name),
        segments.map((segment) => `${segment.cluster}.csv`)
      );
      segments.forEach((segment, s) => {
        const members: number[] = [];
        for (let i = 0; i < customers.length; i++)
          if (customers.columns.cluster[i] === segment.cluster) members.push(i);
        assert.deepEqual(
          Buffer.from(entries[s].content),
          customersCsvBytes(customers.reordered(members), segments),
          `segment ${segment.cluster}`
        );
      });
    }),
    {numRuns: 300}
  );
});

test("segmentCsvEntries names what is wrong with a customers.csv it cannot cut", () => {
  const {summary, customers} = fixture();
  const {segments} = summary;
  const csv = customersCsvBytes(customers, segments);
  assert.throws(() => segmentCsvEntries(csv.subarray(1), segments), /does not start with its header/);
  assert.throws(
    () => segmentCsvEntries(csv.subarray(0, csv.length - 1), segments),
    new RegExp(`row ${customers.length} of customers.csv does not end with a line break`)
  );
  const rows = csv.toString("utf8").split("\n");
  const otherCluster = rows.map((row, i) => (i === 2 ? row.replace(/,\d+,([^,]*)$/, ",7,$1") : row)).join("\n");
  assert.throws(
    () => segmentCsvEntries(Buffer.from(otherCluster), segments),
    /row 2 of customers.csv has cluster 7, which has no segment/
  );
  const notNumber = rows.map((row, i) => (i === 3 ? row.replace(/,\d+,([^,]*)$/, ",x,$1") : row)).join("\n");
  assert.throws(
    () => segmentCsvEntries(Buffer.from(notNumber), segments),
    /row 3 of customers.csv has a cluster that is not a whole number/
  );
});
