import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {gzipSync} from "node:zlib";
import {dayFromCivil} from "../data-loaders/dates.ts";
import type {OrderBook} from "../data-loaders/order-book.ts";
import {readTransactions, twoThreadsFrom} from "../data-loaders/read-transactions.ts";
import {inProcessReadWorker} from "./in-process-read-worker.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";
import {rejection} from "./segment-error-of.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const onlineRetail = fileURLToPath(new URL("../../shared/datasets/online-retail.csv.gz", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "read-transactions-"));
after(() => rmSync(dir, {recursive: true, force: true}));

const settings = (patch: Partial<Settings>): Settings => ({...defaultSettings, ...patch});

let files = 0;
function tempFile(content: string | Buffer, name = `file-${++files}.csv`): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

function entriesOf(book: OrderBook) {
  return Array.from({length: book.size}, (_, e) => ({
    customer: book.customerIds[book.customer[e]],
    day: book.day[e],
    revenue: Math.round(book.revenueOf(e) * 100) / 100,
    rows: book.rows[e],
    firstLine: book.firstLine(e)
  }));
}

describe("readTransactions", () => {
  test("readTransactions(invoices.csv) reads invoice lines into orders and the rest into the ledger", async () => {
    const file = fixture("invoices.csv");
    const t = await readTransactions(settings({input: file}));
    assert.equal(t.format, "invoice");
    assert.equal(t.frequency, "orders");
    assert.equal(t.delimiter, ",");
    assert.equal(t.compressed, false);
    assert.equal(t.lines, 20);
    assert.equal(t.bytes, readFileSync(file).length);
    assert.equal(t.sha256, createHash("sha256").update(readFileSync(file)).digest("hex"));
    assert.deepEqual(t.ledger.toJSON(), {
      blank_line: {lines: 1, revenue: 0, examples: [15]},
      malformed_line: {lines: 1, revenue: 0, examples: [14]},
      missing_customer_id: {lines: 1, revenue: 3.95, examples: [6]},
      unparsable_date: {lines: 1, revenue: 15.3, examples: [16]},
      unparsable_quantity: {lines: 1, revenue: 0, examples: [13]},
      cancellation: {lines: 1, revenue: -27.5, examples: [5]},
      non_positive_quantity: {lines: 1, revenue: 0, examples: [11]},
      non_positive_price: {lines: 1, revenue: 0, examples: [12]}
    });
    const d = (m: number, day: number, y = 2010) => dayFromCivil(y, m, day);
    assert.deepEqual(entriesOf(t.book), [
      {customer: "17850", day: d(12, 1), revenue: 35.64, rows: 2, firstLine: 2},
      {customer: "17850", day: d(12, 1), revenue: 11.1, rows: 1, firstLine: 4},
      {customer: "14527", day: d(12, 2), revenue: 102, rows: 1, firstLine: 7},
      {customer: "12347", day: d(12, 3), revenue: 54, rows: 1, firstLine: 8},
      {customer: "12347", day: d(12, 5), revenue: 8.5, rows: 1, firstLine: 9},
      {customer: "12348", day: d(1, 10, 2011), revenue: 15, rows: 1, firstLine: 17},
      {customer: "12348", day: d(2, 14, 2011), revenue: 30, rows: 1, firstLine: 18},
      {customer: "12347", day: d(3, 1, 2011), revenue: 61.2, rows: 1, firstLine: 19},
      {customer: "14527", day: d(3, 1, 2011), revenue: 25.5, rows: 1, firstLine: 20},
      {customer: "12349", day: d(3, 2, 2011), revenue: 50.88, rows: 1, firstLine: 21},
      {customer: "12349", day: d(1, 15), revenue: 6.25, rows: 1, firstLine: 22}
    ]);
  });

  test("readTransactions(weekly.csv) detects the weekly format, semicolons and CRLF", async () => {
    const t = await readTransactions(settings({input: fixture("weekly.csv")}));
    assert.equal(t.format, "weekly");
    assert.equal(t.frequency, "rows");
    assert.equal(t.delimiter, ";");
    assert.equal(t.lines, 9);
    assert.deepEqual(t.book.customerIds, ["KR702234", "US702234", "DE1", "DE2", "FR3"]);
    assert.deepEqual(t.ledger.toJSON(), {unparsable_date: {lines: 1, revenue: 1, examples: [10]}});
  });

  test("readTransactions(mapped.tsv) with a map reads tabs, decimal commas and DD.MM.YYYY; rows without order", async () => {
    const t = await readTransactions(
      settings({
        input: fixture("mapped.tsv"),
        map: {customer: "Client", date: "Day", amount: "Total", country: "Land"},
        dateFormat: "DD.MM.YYYY",
        decimal: ","
      })
    );
    assert.equal(t.format, "mapped");
    assert.equal(t.frequency, "rows");
    assert.equal(t.delimiter, "\t");
    assert.equal(t.lines, 7);
    assert.deepEqual(t.book.customerIds, ["A", "B", "C", "D"]);
    assert.deepEqual(t.ledger.toJSON(), {unparsable_date: {lines: 1, revenue: 1, examples: [8]}});
  });

  test("readTransactions of a mapped file with an order column counts orders", async () => {
    const file = tempFile("c,o,d,a\nx,1,2023-01-01,5\nx,1,2023-01-01,6\nx,2,2023-01-02,7\n");
    const t = await readTransactions(settings({input: file, map: {customer: "c", order: "o", date: "d", amount: "a"}}));
    assert.equal(t.frequency, "orders");
    assert.equal(t.book.size, 2);
  });

  test("readTransactions(settings, onProgress, startWorker) starts a reader thread only from twoThreadsFrom's sizes", async () => {
    let started = 0;
    const startWorker = () => {
      started++;
      return inProcessReadWorker();
    };
    const line = 'KR,1,1.2019,"1,00",1\n';
    const header = "country,id,week.year,revenue,units\n";
    const largeLines = Math.ceil(twoThreadsFrom.weekly / line.length);
    const small = tempFile(header + line.repeat(largeLines - 10));
    const large = tempFile(header + line.repeat(largeLines));
    const one = await readTransactions(settings({input: small}));
    assert.equal((await readTransactions(settings({input: small}), undefined, startWorker)).lines, one.lines);
    assert.equal(started, 0);
    const two = await readTransactions(settings({input: large}), undefined, startWorker);
    assert.equal(started, 1);
    assert.equal(two.lines, largeLines);
    assert.deepEqual(entriesOf(two.book), entriesOf((await readTransactions(settings({input: large}))).book));
    // Invoice files need more: UCI Online Retail reads faster on one thread.
    await readTransactions(settings({input: onlineRetail}), undefined, startWorker);
    assert.equal(started, 1);
  });

  test("readTransactions of a gzip copy reads the same book and ledger", async () => {
    const plain = await readTransactions(settings({input: fixture("invoices.csv")}));
    const gzFile = tempFile(gzipSync(readFileSync(fixture("invoices.csv"))), "invoices.csv.gz");
    const gz = await readTransactions(settings({input: gzFile}));
    assert.equal(gz.compressed, true);
    assert.equal(gz.lines, plain.lines);
    assert.deepEqual(entriesOf(gz.book), entriesOf(plain.book));
    assert.deepEqual(gz.ledger.toJSON(), plain.ledger.toJSON());
    assert.equal(gz.sha256, createHash("sha256").update(readFileSync(gzFile)).digest("hex"));
  });

  test("readTransactions with a forced delimiter reads the header with it", async () => {
    const file = tempFile("c;d;a\nx;2023-01-01;5\n");
    const t = await readTransactions(
      settings({input: file, delimiter: ";", map: {customer: "c", date: "d", amount: "a"}})
    );
    assert.equal(t.delimiter, ";");
    assert.equal(t.book.size, 1);
  });

  test("readTransactions of a header-only file throws SegmentError at line 2", async () => {
    const file = tempFile(readFileSync(fixture("invoices.csv"), "utf8").split("\n")[0] + "\n");
    const error = await rejection(readTransactions(settings({input: file})));
    assert.match(error.message, /the file has a header but no data lines/);
    assert.equal(error.details.line, 2);
    assert.equal(error.details.file, file);
  });

  test("readTransactions of an empty file throws SegmentError 'the file is empty'", async () => {
    const file = tempFile("");
    const error = await rejection(readTransactions(settings({input: file})));
    assert.match(error.message, /the file is empty/);
  });

  test("readTransactions of an unknown header without a map throws SegmentError at line 1", async () => {
    const file = tempFile("a,b\n1,2\n");
    const error = await rejection(readTransactions(settings({input: file})));
    assert.match(error.message, /cannot tell the file's format/);
    assert.equal(error.details.line, 1);
  });
});
