// Hostile inputs: each ends in a clear error or in a run whose ledger accounts for every line.
import assert from "node:assert/strict";
import {execFile} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, describe, test} from "node:test";
import {promisify} from "node:util";
import {gzipSync} from "node:zlib";
import fc from "fast-check";
import {SegmentError} from "../data-loaders/errors.ts";
import {runSegmentation, type Segmentation} from "../data-loaders/pipeline.ts";
import {resolveSettings} from "../data-loaders/settings-sources.ts";
import type {Settings} from "../data-loaders/settings.ts";

const corpus = new URL("fixtures/bad/", import.meta.url).pathname;
const header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
const scratch = mkdtempSync(join(tmpdir(), "bad-input-"));
after(() => rmSync(scratch, {recursive: true, force: true}));

function segment(file: string, settings: Partial<Settings> = {}): Promise<Segmentation> {
  return runSegmentation(resolveSettings({cli: {input: file, ...settings}}));
}

async function failure(file: string, settings: Partial<Settings> = {}): Promise<SegmentError> {
  try {
    await segment(file, settings);
  } catch (error) {
    assert.ok(error instanceof SegmentError, `expected a SegmentError, got ${error}`);
    return error;
  }
  assert.fail(`${file} was expected to fail`);
}

function excludedLines(result: Segmentation, reason: string): number {
  return result.summary.input.excluded[reason]?.lines ?? 0;
}

function assertReconciles({summary}: Segmentation) {
  const excluded = Object.values(summary.input.excluded);
  assert.equal(summary.input.used + excluded.reduce((total, entry) => total + entry.lines, 0), summary.input.lines);
}

describe("fatal inputs stop with file, line, what was found and what was expected", () => {
  test("an empty file", async () => {
    const error = await failure(join(corpus, "empty.csv"));
    assert.deepEqual(error.details, {
      file: join(corpus, "empty.csv"),
      line: 1,
      found: "no header line",
      expected: "a header line naming the columns"
    });
  });

  test("a header without data lines", async () => {
    const error = await failure(join(corpus, "header-only.csv"));
    assert.match(error.message, /header-only\.csv, line 2: the file has a header but no data lines/);
  });

  test("a renamed required column names the columns found and the ones expected", async () => {
    const auto = await failure(join(corpus, "renamed-column.csv"));
    assert.match(
      auto.message,
      /cannot tell the file's format from its header; found the columns .*"Client".*; expected the weekly columns/
    );
    const forced = await failure(join(corpus, "renamed-column.csv"), {format: "invoice"});
    assert.match(
      forced.message,
      /line 1: missing required column for the customer id; found the columns .*"Client".*; expected a column named "CustomerID" or "Customer ID"/
    );
  });

  test("a delimiter the reader does not know reads as one column", async () => {
    const error = await failure(join(corpus, "wrong-delimiter.csv"));
    assert.match(error.message, /found the columns "InvoiceNo\|StockCode\|/);
  });

  test("binary garbage", async () => {
    const error = await failure(join(corpus, "binary-garbage.csv"));
    assert.equal(error.details.line, 1);
    assert.match(error.message, /cannot tell the file's format/);
  });

  test("a truncated gzip file", async () => {
    const whole = gzipSync(readFileSync(join(corpus, "duplicated-lines.csv")));
    const file = join(scratch, "truncated.csv.gz");
    writeFileSync(file, whole.subarray(0, whole.length - 12));
    const error = await failure(file);
    assert.match(error.message, /truncated\.csv\.gz: cannot decompress input: .*; expected a complete gzip file/);
  });

  test("an unterminated quote at the end of the file names its line and column", async () => {
    const file = join(scratch, "open-quote.csv");
    writeFileSync(
      file,
      `${header}\n536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n536366,22633,"HAND WARMER,6`
    );
    const error = await failure(file);
    assert.equal(error.details.line, 3);
    assert.equal(error.details.column, 3);
    assert.match(
      error.message,
      /unterminated quoted field; found the end of the file inside quotes; expected a closing quote/
    );
  });

  test("a missing file", async () => {
    const error = await failure(join(scratch, "nowhere.csv"));
    assert.match(error.message, /nowhere\.csv: cannot read input: no such file/);
  });

  test("one customer, or identical customers, cannot make k = 6 clusters", async () => {
    const one = await failure(join(corpus, "one-customer.csv"));
    assert.match(one.message, /invalid k: 6 exceeds the 1 customers with distinct features/);
    const identical = await failure(join(corpus, "identical-customers.csv"));
    assert.match(identical.message, /invalid k: 6 exceeds the 1 customers with distinct features/);
    const auto = await failure(join(corpus, "identical-customers.csv"), {k: "auto"});
    assert.match(auto.message, /auto needs at least 2 distinct customers; found 1/);
  });

  test("every line outside the window", async () => {
    const error = await failure(join(corpus, "duplicated-lines.csv"), {referenceDate: "2009-01-01"});
    assert.match(error.message, /no transaction falls inside the analysis window/);
  });

  test("the CLI prints one line and exits 1, without a stack trace", async () => {
    const run = promisify(execFile);
    await assert.rejects(
      run(process.execPath, [
        "scripts/run.mjs",
        "scripts/segment.ts",
        "--input",
        join(corpus, "empty.csv"),
        "--out",
        scratch
      ]),
      (error: {code: number; stderr: string}) => {
        assert.equal(error.code, 1);
        assert.equal(
          error.stderr,
          `error: ${join(corpus, "empty.csv")}, line 1: the file is empty; found no header line; expected a header line naming the columns\n`
        );
        return true;
      }
    );
  });
});

describe("messy inputs succeed and count every line", () => {
  test("BOM, CRLF and LF mixed", async () => {
    const result = await segment(join(corpus, "bom-mixed-line-endings.csv"), {k: 2});
    assert.equal(result.summary.input.used, 3);
    assert.equal(result.summary.customers, 2);
    assertReconciles(result);
  });

  test("quoted fields with commas, quotes and newlines", async () => {
    const result = await segment(join(corpus, "quoted-fields.csv"), {k: 1});
    assert.equal(result.summary.input.lines, 2);
    assert.equal(result.summary.input.used, 2);
    assert.equal(result.customers.records()[0].frequency, 2);
  });

  test("Latin-1 bytes are read as text, with unknown countries kept as written", async () => {
    const result = await segment(join(corpus, "latin1.csv"), {k: 2});
    assert.equal(result.summary.input.used, 2);
    assert.equal(result.summary.customers, 2);
    assert.ok(result.summary.countries.some((country) => country.code === "FR"));
  });

  test("a truncated last line is a malformed line, with its number", async () => {
    const result = await segment(join(corpus, "truncated-last-line.csv"), {k: 1});
    assert.deepEqual(result.summary.input.excluded.malformed_line, {lines: 1, revenue: 0, examples: [3]});
    assertReconciles(result);
  });

  test("a plain file named .gz is read as plain text", async () => {
    const result = await segment(join(corpus, "not-gzip.csv.gz"), {k: 2});
    assert.equal(result.summary.input.compressed, false);
    assert.equal(result.summary.input.used, 2);
  });

  test("impossible and unparsable dates are counted; far past dates fall outside the window", async () => {
    const result = await segment(join(corpus, "dates.csv"), {k: 2});
    assert.equal(excludedLines(result, "unparsable_date"), 3);
    assert.deepEqual(result.summary.input.excluded.unparsable_date.examples, [2, 4, 6]);
    assert.equal(excludedLines(result, "outside_window"), 1);
    assert.equal(result.summary.referenceDate, "2012-03-01");
    assert.equal(result.summary.input.used, 2);
    assertReconciles(result);
  });

  test("thousands separators, currency, NaN, Infinity and exponents are unparsable; signs follow the policy", async () => {
    const result = await segment(join(corpus, "amounts.csv"), {k: 2});
    assert.equal(excludedLines(result, "unparsable_price"), 3);
    assert.equal(excludedLines(result, "unparsable_quantity"), 2);
    assert.equal(excludedLines(result, "non_positive_quantity"), 2);
    assert.equal(excludedLines(result, "non_positive_price"), 2);
    assert.equal(result.summary.input.used, 2);
    assert.equal(result.customers.records().find((customer) => customer.id === "6")?.revenue, 599999999999994);
    assertReconciles(result);
  });

  test("duplicated lines both count (an export may repeat a line legitimately), within one invoice", async () => {
    const result = await segment(join(corpus, "duplicated-lines.csv"), {k: 2});
    const customer = result.customers.records().find((row) => row.id === "17850")!;
    assert.equal(customer.frequency, 1);
    assert.equal(customer.revenue, 30.6);
  });

  test("ids are trimmed but keep leading zeros and case; unknown countries stay visible", async () => {
    const result = await segment(join(corpus, "ids-and-countries.csv"), {k: 2});
    assert.deepEqual(
      result.customers.records().map((row) => row.id),
      ["007", "17850", "7", "ABC", "a b", "abc", "x9"]
    );
    assert.equal(result.customers.records().find((row) => row.id === "17850")?.frequency, 2);
    const codes = result.summary.countries.map((country) => country.code);
    assert.ok(codes.includes("Atlantis"));
    assert.ok(codes.includes("<b>Neverland</b>"));
    assert.notEqual(
      result.summary.countries.find((country) => country.code === "<b>Neverland</b>")?.slug,
      "<b>Neverland</b>"
    );
  });

  test("a 10 MB single line is one malformed line", async () => {
    const file = join(scratch, "long-line.csv");
    writeFileSync(
      file,
      `${header}\n${"x".repeat(10 << 20)}\n536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n536366,1,A,1,12/2/2010 8:26,2,12346,France\n`
    );
    const result = await segment(file, {k: 2});
    assert.deepEqual(result.summary.input.excluded.malformed_line, {lines: 1, revenue: 0, examples: [2]});
    assert.equal(result.summary.input.used, 2);
  });
});

describe("property: any text either fails with a SegmentError or reconciles", () => {
  const field = fc.oneof(
    fc.constantFrom(
      "",
      "C536365",
      "536365",
      "85123A",
      "12/1/2010 8:26",
      "2/30/2011 1:00",
      "2.55",
      "-1",
      "0",
      "NaN",
      "17850",
      "France",
      "EIRE"
    ),
    fc.string({maxLength: 6}),
    fc.string({unit: fc.constantFrom("a", ",", '"', "\n", "\r", ";", "1", ".", "/"), maxLength: 8})
  );
  const line = fc.array(field, {minLength: 0, maxLength: 10}).map((fields) => fields.join(","));

  test("runSegmentation(random invoice-like files) never throws an untyped error", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, {maxLength: 12}), fc.boolean(), async (lines, crlf) => {
        const file = join(scratch, `property-${n++}.csv`);
        writeFileSync(file, [header, ...lines].join(crlf ? "\r\n" : "\n"));
        try {
          const result = await segment(file, {k: 1});
          assertReconciles(result);
          const revenue = result.summary.input.revenue;
          const ledger = Object.values(result.summary.input.excluded).reduce(
            (total, entry) => total + entry.revenue,
            0
          );
          assert.ok(Math.abs(ledger - revenue.excluded) < 0.01);
        } catch (error) {
          if (!(error instanceof SegmentError)) throw error;
        }
      }),
      {numRuns: 150, seed: 42}
    );
  });
});
