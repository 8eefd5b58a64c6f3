import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {SegmentedCustomers} from "../data-loaders/segmented-customers.ts";
import type {CustomerRecord} from "../data-loaders/types.ts";

const records: CustomerRecord[] = [
  {id: "b", country: "France", recencyDays: 3, frequency: 2, revenue: 10.5, units: 4, cluster: 1, reason: null},
  {
    id: "a",
    country: "United Kingdom",
    recencyDays: 400,
    frequency: 0,
    revenue: -20.25,
    units: -0,
    cluster: null,
    reason: "no_purchase"
  },
  {id: "c", country: "EIRE", recencyDays: 0.5, frequency: 1e12, revenue: 0, units: 2.125, cluster: 0, reason: null}
];

describe("SegmentedCustomers", () => {
  test("SegmentedCustomers.fromRecords(records).records() gives the records back, -0 and null clusters included", () => {
    const table = SegmentedCustomers.fromRecords(records);
    assert.equal(table.length, 3);
    assert.deepEqual(table.records(), records);
    assert.ok(Object.is(table.record(1).units, -0));
    assert.equal(table.record(1).cluster, null);
    assert.deepEqual(table.columns.cluster, Int32Array.from([1, -1, 0]));
  });

  test("SegmentedCustomers serializes as its records", () => {
    const table = SegmentedCustomers.fromRecords(records);
    assert.equal(JSON.stringify({customers: table}), JSON.stringify({customers: records}));
  });

  test("SegmentedCustomers.reordered(order) lists the customers in that order, and may leave some out", () => {
    const table = SegmentedCustomers.fromRecords(records);
    assert.deepEqual(table.reordered([2, 0, 1]).records(), [records[2], records[0], records[1]]);
    assert.deepEqual(table.reordered([1]).records(), [records[1]]);
    assert.equal(table.reordered([]).length, 0);
  });

  test("new SegmentedCustomers(columns) names a column of another length", () => {
    const {columns} = SegmentedCustomers.fromRecords(records);
    assert.throws(
      () => new SegmentedCustomers({...columns, revenue: new Float64Array(2)}),
      /SegmentedCustomers: revenue has 2 entries, not 3/
    );
  });

  test("SegmentedCustomers.fromRecords names a record whose cluster is not a cluster number", () => {
    assert.throws(
      () => SegmentedCustomers.fromRecords([{...records[0], cluster: -1}]),
      /customer b has an invalid cluster: -1/
    );
    assert.throws(() => SegmentedCustomers.fromRecords([{...records[0], cluster: 1.5}]), /invalid cluster: 1.5/);
    assert.throws(
      () => SegmentedCustomers.fromRecords([{...records[0], cluster: 2 ** 31}]),
      /invalid cluster: 2147483648/
    );
  });

  test("SegmentedCustomers.reordered names an index that is not one of its customers", () => {
    const table = SegmentedCustomers.fromRecords(records);
    assert.throws(() => table.reordered([0, 3]), /invalid index 3 for 3 customers/);
    assert.throws(() => table.reordered([-1]), /invalid index -1/);
    assert.throws(() => table.reordered([0.5]), /invalid index 0.5/);
  });
});
