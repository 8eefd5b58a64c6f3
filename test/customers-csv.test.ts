import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {readCsv} from "../data-loaders/csv-reader.ts";
import {
  csvField,
  customersCsvBytes,
  customersCsvChunks,
  customersCsvHeader,
  formatCustomersCsv,
  plainNumber
} from "../data-loaders/customers-csv.ts";
import {outputBytes, writeOutputFile} from "../data-loaders/write-outputs.ts";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {SegmentedCustomers} from "../data-loaders/segmented-customers.ts";
import type {CustomerRecord, SegmentSummary} from "../data-loaders/types.ts";

function customer(patch: Partial<CustomerRecord>): CustomerRecord {
  return {
    id: "17850",
    country: "United Kingdom",
    recencyDays: 92,
    frequency: 2,
    revenue: 46.74,
    units: 18,
    cluster: 0,
    reason: null,
    ...patch
  };
}

function segment(cluster: number, name: string): SegmentSummary {
  return {cluster, name} as SegmentSummary;
}

async function parseBack(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  async function* one() {
    yield Buffer.from(text, "utf8");
  }
  await readCsv(one(), {
    file: "customers.csv",
    delimiter: ",",
    onHeader: (header) => rows.push(header),
    onRecord: (fields) => rows.push(fields)
  });
  return rows;
}

describe("formatCustomersCsv", () => {
  test("formatCustomersCsv writes the header and one line per customer in the given order", () => {
    const text = formatCustomersCsv(
      SegmentedCustomers.fromRecords([customer({id: "b", cluster: 1}), customer({id: "a"})]),
      [segment(0, "Champions"), segment(1, "Lost")]
    );
    assert.equal(
      text,
      `${customersCsvHeader}\nb,United Kingdom,92,2,46.74,1,Lost\na,United Kingdom,92,2,46.74,0,Champions\n`
    );
    assert.equal(customersCsvHeader, "customer_id,country,recency_days,frequency,revenue,cluster,segment");
  });

  test("formatCustomersCsv quotes ids with commas, quotes and line breaks", () => {
    const text = formatCustomersCsv(
      SegmentedCustomers.fromRecords([
        customer({id: "a,b"}),
        customer({id: 'say "hi"'}),
        customer({id: "two\nlines"}),
        customer({id: "cr\r"})
      ]),
      [segment(0, "Champions")]
    );
    const lines = text.split("\n");
    assert.equal(lines[1], '"a,b",United Kingdom,92,2,46.74,0,Champions');
    assert.equal(lines[2], '"say ""hi""",United Kingdom,92,2,46.74,0,Champions');
    assert.equal(lines[3], '"two');
    assert.equal(lines[4], 'lines",United Kingdom,92,2,46.74,0,Champions');
    assert.equal(lines[5], '"cr\r",United Kingdom,92,2,46.74,0,Champions');
  });

  test("formatCustomersCsv quotes countries and segment names that hold commas", () => {
    const text = formatCustomersCsv(SegmentedCustomers.fromRecords([customer({country: "Korea, Republic of"})]), [
      segment(0, "Loyal, but quiet")
    ]);
    assert.equal(text.split("\n")[1], '17850,"Korea, Republic of",92,2,46.74,0,"Loyal, but quiet"');
  });

  test("formatCustomersCsv leaves cluster and segment empty for customers not clustered", () => {
    const text = formatCustomersCsv(
      SegmentedCustomers.fromRecords([customer({cluster: null, reason: "negative_revenue", revenue: -50})]),
      [segment(0, "Champions")]
    );
    assert.equal(text.split("\n")[1], "17850,United Kingdom,92,2,-50.00,,");
  });

  test("formatCustomersCsv writes plain decimals: whole days and orders, revenue in cents, never -0", () => {
    const text = formatCustomersCsv(
      SegmentedCustomers.fromRecords([
        customer({recencyDays: 3, frequency: 1, revenue: -0.001}),
        customer({revenue: 1234567.5})
      ]),
      [segment(0, "X")]
    );
    const lines = text.split("\n");
    assert.equal(lines[1], "17850,United Kingdom,3,1,0.00,0,X");
    assert.equal(lines[2], "17850,United Kingdom,92,2,1234567.50,0,X");
  });

  test("formatCustomersCsv output reads back with readCsv to the same fields", async () => {
    const text = fc.string({unit: fc.constantFrom("a", "Z", "1", ",", '"', "\n", "\r\n", " ", "é", ";"), maxLength: 8});
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(text, text, fc.integer({min: -100000, max: 100000})), {minLength: 1, maxLength: 5}),
        text,
        async (rows, name) => {
          const customers = rows.map(([id, country, cents]) =>
            customer({id, country, revenue: cents / 100, cluster: cents % 2 === 0 ? 0 : null})
          );
          const parsed = await parseBack(
            formatCustomersCsv(SegmentedCustomers.fromRecords(customers), [segment(0, name)])
          );
          assert.deepEqual(parsed[0], customersCsvHeader.split(","));
          assert.equal(parsed.length, customers.length + 1);
          customers.forEach((c, i) => {
            const fields = parsed[i + 1];
            assert.equal(fields[0], c.id);
            assert.equal(fields[1], c.country);
            assert.equal(Number(fields[4]), c.revenue);
            assert.equal(fields[5], c.cluster === null ? "" : "0");
            assert.equal(fields[6], c.cluster === null ? "" : name);
          });
        }
      )
    );
  });
});

describe("formatCustomersCsv numbers", () => {
  test("formatCustomersCsv prints every number as plainNumber does: days and orders with 0 digits, revenue with 2", () => {
    const anyNumber = fc.oneof(
      fc.integer({min: -1e7, max: 1e7}).map((cents) => cents / 100),
      fc.integer(),
      fc.double({noNaN: true, noDefaultInfinity: true, min: -1e16, max: 1e16}),
      fc.constantFrom(-0, 0.005, -0.005, 1.005, 2 ** 53, -(2 ** 53) - 2, 1e15 + 0.25, 0.1 + 0.2)
    );
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, (recencyDays, frequency, revenue) => {
        const line = formatCustomersCsv(SegmentedCustomers.fromRecords([customer({recencyDays, frequency, revenue})]), [
          segment(0, "X")
        ]).split("\n")[1];
        assert.equal(
          line,
          `17850,United Kingdom,${plainNumber(recencyDays, 0)},${plainNumber(frequency, 0)},${plainNumber(revenue, 2)},0,X`
        );
      }),
      {numRuns: 2000}
    );
  });
});

describe("customersCsvChunks", () => {
  const many = Array.from({length: 500}, (_, i) =>
    customer({
      id: `c${i}`,
      country: i % 3 ? "Côte d'Ivoire" : "Korea, Republic of",
      revenue: i * 1.25,
      cluster: i % 4 ? 0 : null
    })
  );
  const segments = [segment(0, "Loyal, but quiet")];

  test("customersCsvChunks(customers, segments, chunkBytes) joined is formatCustomersCsv, in chunks of about chunkBytes", () => {
    const whole = formatCustomersCsv(SegmentedCustomers.fromRecords(many), segments);
    for (const chunkBytes of [1, 100, 4096, 1 << 20]) {
      const chunks = Array.from(
        customersCsvChunks(SegmentedCustomers.fromRecords(many), segments, chunkBytes),
        (chunk) => Buffer.from(chunk)
      );
      assert.equal(Buffer.concat(chunks).toString("utf8"), whole);
      // Every chunk but the last reaches chunkBytes and overshoots by less than one row.
      for (const chunk of chunks.slice(0, -1)) assert.ok(chunk.length >= chunkBytes && chunk.length < chunkBytes + 200);
    }
    assert.equal(customersCsvBytes(SegmentedCustomers.fromRecords(many), segments).toString("utf8"), whole);
  });

  test("customersCsvChunks of no customers is the header alone", () => {
    assert.equal(
      Buffer.concat([...customersCsvChunks(SegmentedCustomers.fromRecords([]), segments)]).toString("utf8"),
      customersCsvHeader + "\n"
    );
  });

  test("writeOutputFile(path, chunks) writes every chunk in order, though chunks share memory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "customers-csv-"));
    after(() => rmSync(dir, {recursive: true, force: true}));
    const path = join(dir, "customers.csv");
    const content = () => customersCsvChunks(SegmentedCustomers.fromRecords(many), segments, 256);
    await writeOutputFile(path, content);
    assert.equal(readFileSync(path, "utf8"), formatCustomersCsv(SegmentedCustomers.fromRecords(many), segments));
    assert.equal(
      outputBytes(content).toString("utf8"),
      formatCustomersCsv(SegmentedCustomers.fromRecords(many), segments)
    );
  });
});

describe("csvField and plainNumber", () => {
  test("csvField leaves plain text alone and quotes text with delimiters, quotes or line breaks", () => {
    assert.equal(csvField("plain text; ok"), "plain text; ok");
    assert.equal(csvField(""), "");
    assert.equal(csvField("a,b"), '"a,b"');
    assert.equal(csvField('"'), '""""');
    assert.equal(csvField("a\rb"), '"a\rb"');
  });

  test("plainNumber(value, digits) is fixed-point without -0", () => {
    assert.equal(plainNumber(46.74, 2), "46.74");
    assert.equal(plainNumber(92, 0), "92");
    assert.equal(plainNumber(-0, 2), "0.00");
    assert.equal(plainNumber(-0.004, 2), "0.00");
    assert.equal(plainNumber(-0.4, 0), "0");
    assert.equal(plainNumber(-1.5, 2), "-1.50");
    assert.equal(plainNumber(1e-7, 2), "0.00");
    assert.equal(plainNumber(123456789012345, 2), "123456789012345.00");
  });
});
