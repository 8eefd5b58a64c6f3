import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {ColumnFileError, customerColumnChunks, readCustomerColumns} from "../data-loaders/customer-columns-file.ts";
import {SegmentedCustomers, type SegmentedCustomerColumns} from "../data-loaders/segmented-customers.ts";

/** The file's bytes, each chunk copied as it comes: the next may overwrite it. */
function fileBytes(customers: SegmentedCustomers): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of customerColumnChunks(customers)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

function table(n: number, column: (i: number) => Partial<Record<string, unknown>> = () => ({})): SegmentedCustomers {
  const columns: SegmentedCustomerColumns = {
    id: [],
    country: [],
    recencyDays: new Float64Array(n),
    frequency: new Float64Array(n),
    revenue: new Float64Array(n),
    units: new Float64Array(n),
    cluster: new Int32Array(n),
    reason: []
  };
  for (let i = 0; i < n; i++) {
    const {id = `C${i}`, country = i % 3 ? "France" : "United Kingdom", reason = null} = column(i);
    columns.id.push(id as string);
    columns.country.push(country as string);
    columns.reason.push(reason as string | null);
    columns.recencyDays[i] = i % 400;
    columns.frequency[i] = 1 + (i % 7);
    columns.revenue[i] = i * 1.25 - 3;
    columns.units[i] = i % 11;
    columns.cluster[i] = i % 5 === 0 ? -1 : i % 4;
  }
  return new SegmentedCustomers(columns);
}

function fileOf(text: string, bytes: Buffer, at: number, patch: (bytes: Buffer) => Buffer = (b) => b): Buffer {
  return patch(Buffer.concat([bytes.subarray(0, at), Buffer.from(text, "latin1"), bytes.subarray(at + text.length)]));
}

describe("customerColumnChunks", () => {
  test("readCustomerColumns(customerColumnChunks(customers)) gives back every column exactly", () => {
    const odd = ["", 'say "hi"', "line\nbreak", "Zürich 東京", "\u{1f600}", "a,b"];
    const customers = table(12, (i) => ({
      id: i < odd.length ? odd[i] : `C${i}`,
      country: i === 4 ? "Côte d'Ivoire" : undefined,
      reason: i % 5 === 0 ? (i === 10 ? "no purchases" : "returns only") : null
    }));
    const {columns} = customers;
    columns.revenue.set([-0, Number.NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308]);
    const back = readCustomerColumns(fileBytes(customers), "customers.columns");
    assert.deepEqual(back.columns, columns);
    assert.ok(Object.is(back.columns.revenue[0], -0));
    assert.ok(Number.isNaN(back.columns.revenue[1]));
  });

  test("readCustomerColumns reads bytes at any offset, aligned for the number columns or not", () => {
    const customers = table(37, (i) => ({reason: i % 6 === 0 ? "returns only" : null}));
    const bytes = fileBytes(customers);
    for (const shift of [0, 1, 3, 4, 8]) {
      const shifted = new Uint8Array(new ArrayBuffer(bytes.length + shift), shift);
      shifted.set(bytes);
      assert.deepEqual(readCustomerColumns(shifted, "f").columns, customers.columns, `shifted by ${shift}`);
    }
  });

  test("customerColumnChunks round-trips no customers", () => {
    const back = readCustomerColumns(fileBytes(table(0)), "empty.columns");
    assert.equal(back.length, 0);
    assert.deepEqual(back.columns, table(0).columns);
  });

  test("customerColumnChunks writes ids across chunk boundaries and an id longer than a chunk", () => {
    const long = "é".repeat(600_000);
    const customers = table(150_000, (i) => ({id: i === 70_000 ? long : `AF${1_000_000 + i}`}));
    const bytes = fileBytes(customers);
    const back = readCustomerColumns(bytes, "big.columns");
    assert.equal(back.columns.id[70_000], long);
    assert.deepEqual(back.columns.id, customers.columns.id);
    // Countries and reasons cost an int32 index a customer: their text is stored once per distinct value.
    const n = customers.length;
    const idBytes = customers.columns.id.reduce((sum, id) => sum + Buffer.byteLength(id), 0);
    const numbers = 16 + n * (4 * 8 + 4);
    const ids = 4 + 4 * n + idBytes;
    assert.ok(bytes.length <= numbers + ids + 2 * 4 * n + 200, `${bytes.length} bytes`);
  });

  test("customerColumnChunks is deterministic", () => {
    const customers = table(5000, (i) => ({reason: i % 9 === 0 ? `reason ${i % 4}` : null}));
    assert.ok(fileBytes(customers).equals(fileBytes(customers)));
  });

  test("readCustomerColumns(customerColumnChunks(customers)) holds for generated customers", () => {
    const customer = fc.record({
      id: fc.string({unit: "binary"}),
      country: fc.constantFrom("France", "EIRE", "Österreich", ""),
      reason: fc.option(fc.constantFrom("no purchases", "returns only"), {nil: null}),
      revenue: fc.double(),
      cluster: fc.integer({min: -1, max: 30})
    });
    fc.assert(
      fc.property(fc.array(customer, {maxLength: 40}), (records) => {
        const customers = table(records.length, (i) => records[i]);
        records.forEach((record, i) => {
          customers.columns.revenue[i] = record.revenue;
          customers.columns.cluster[i] = record.cluster;
        });
        assert.deepEqual(readCustomerColumns(fileBytes(customers), "f").columns, customers.columns);
      })
    );
  });
});

describe("readCustomerColumns", () => {
  const good = fileBytes(table(20, (i) => ({reason: i === 3 ? "no purchases" : null})));

  test("readCustomerColumns(bytes, file) names the file and what it found instead of the magic", () => {
    assert.throws(
      () => readCustomerColumns(fileOf("SEGCOL99", good, 0), "cache/customers.columns"),
      /^ColumnFileError: cache\/customers\.columns: not a customer column file: found "SEGCOL99" where "SEGCOL01" was expected at byte 0$/
    );
    assert.throws(() => readCustomerColumns(Buffer.from("{}"), "old.json"), /old\.json: .*the end of the file/);
  });

  test("readCustomerColumns names a file written in the other byte order", () => {
    const swapped = Buffer.from(good);
    swapped.subarray(8, 12).reverse();
    assert.throws(
      () => readCustomerColumns(swapped, "f.columns"),
      (error: Error) =>
        error instanceof ColumnFileError &&
        /^f\.columns: not a customer column file: found byte order mark 16777216: the file was written in the other byte order at byte 8$/.test(
          error.message
        )
    );
  });

  test("readCustomerColumns rejects a file cut short or with bytes after the last column", () => {
    for (const cut of [10, 16, 100, good.length - 1]) {
      assert.throws(
        () => readCustomerColumns(good.subarray(0, cut), "f.columns"),
        /f\.columns: not a customer column file: found the end of the file where \d+ more bytes were expected/,
        `cut at ${cut}`
      );
    }
    assert.throws(
      () => readCustomerColumns(Buffer.concat([good, Buffer.from([0])]), "f.columns"),
      /found 1 bytes after the last column/
    );
  });

  test("readCustomerColumns rejects a dictionary index out of range", () => {
    const bad = Buffer.from(good);
    // The reasons' indices are the file's last 20 int32s.
    bad.writeInt32LE(7, bad.length - 4);
    assert.throws(
      () => readCustomerColumns(bad, "f.columns"),
      new RegExp(`found reason index 7 of 1 at byte ${bad.length - 4}$`)
    );
  });

  test("readCustomerColumns rejects a null id at the offset of its length", () => {
    const bytes = fileBytes(table(3));
    // The id lengths follow the header, the five number columns and the id count.
    const lengthsAt = 16 + 3 * (4 * 8 + 4) + 4;
    bytes.writeInt32LE(-1, lengthsAt + 4);
    assert.throws(
      () => readCustomerColumns(bytes, "f.columns"),
      new RegExp(`^ColumnFileError: f\\.columns: not a customer column file: found a null id at byte ${lengthsAt + 4}$`)
    );
  });
});
