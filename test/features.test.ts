import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {buildFeatures, toOriginalUnits} from "../data-loaders/features.ts";

const close = (actual: number, expected: number, tolerance = 1e-9, message?: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    message ?? `${actual} ≉ ${expected}`
  );

const columns = {
  recencyDays: [1, 30, 365, 99],
  frequency: [1, 5, 2, 9],
  revenue: [0, 120.5, 9999, 3]
};

describe("buildFeatures", () => {
  test("buildFeatures(columns, rows) holds log1p of recency, frequency and revenue, row-major", () => {
    const space = buildFeatures(columns, [0, 1, 2, 3], {standardize: false});
    assert.equal(space.dimensions, 3);
    assert.equal(space.points.length, 12);
    for (let i = 0; i < 4; i++) {
      assert.equal(space.points[i * 3], Math.log1p(columns.recencyDays[i]));
      assert.equal(space.points[i * 3 + 1], Math.log1p(columns.frequency[i]));
      assert.equal(space.points[i * 3 + 2], Math.log1p(columns.revenue[i]));
    }
    assert.deepEqual(space.center, [0, 0, 0]);
    assert.deepEqual(space.scale, [1, 1, 1]);
  });

  test("buildFeatures takes only the given rows, in their order", () => {
    const space = buildFeatures(columns, [2, 0], {standardize: false});
    assert.deepEqual(Array.from(space.points), [
      Math.log1p(365),
      Math.log1p(2),
      Math.log1p(9999),
      Math.log1p(1),
      Math.log1p(1),
      Math.log1p(0)
    ]);
  });

  test("buildFeatures({standardize: true}) gives each feature mean 0 and population standard deviation 1", () => {
    const space = buildFeatures(columns, [0, 1, 2, 3], {standardize: true});
    for (let d = 0; d < 3; d++) {
      const values = [0, 1, 2, 3].map((i) => space.points[i * 3 + d]);
      const mean = values.reduce((a, b) => a + b) / 4;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      close(mean, 0, 1e-12);
      close(variance, 1, 1e-12);
      const raw = [0, 1, 2, 3].map((i) => Math.log1p([columns.recencyDays, columns.frequency, columns.revenue][d][i]));
      const rawMean = raw.reduce((a, b) => a + b) / 4;
      close(space.center[d], rawMean);
      close(space.scale[d], Math.sqrt(raw.reduce((a, b) => a + (b - rawMean) ** 2, 0) / 4));
    }
  });

  test("buildFeatures({standardize: true}) leaves a constant feature at scale 1 and value 0", () => {
    const space = buildFeatures({recencyDays: [3, 3, 3], frequency: [1, 2, 3], revenue: [5, 6, 7]}, [0, 1, 2], {
      standardize: true
    });
    assert.equal(space.scale[0], 1);
    close(space.center[0], Math.log1p(3));
    for (let i = 0; i < 3; i++) assert.equal(space.points[i * 3], 0);
  });

  test("buildFeatures of no rows is an empty space", () => {
    const space = buildFeatures(columns, [], {standardize: true});
    assert.equal(space.points.length, 0);
    assert.deepEqual(space.scale, [1, 1, 1]);
  });
});

describe("toOriginalUnits", () => {
  test("toOriginalUnits(space, point) maps every point back to its recency, frequency and revenue", () => {
    const value = fc.double({min: 0, max: 1e6, noNaN: true});
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value), {minLength: 1, maxLength: 20}),
        fc.boolean(),
        (rows, standardize) => {
          const data = {
            recencyDays: rows.map((r) => r[0]),
            frequency: rows.map((r) => r[1]),
            revenue: rows.map((r) => r[2])
          };
          const space = buildFeatures(
            data,
            rows.map((_, i) => i),
            {standardize}
          );
          rows.forEach((row, i) => {
            const back = toOriginalUnits(space, space.points.subarray(i * 3, i * 3 + 3));
            close(back.recency_days, row[0], 1e-6);
            close(back.frequency, row[1], 1e-6);
            close(back.revenue, row[2], 1e-6);
          });
        }
      )
    );
  });

  test("toOriginalUnits of the origin of an unstandardised space is zero", () => {
    const space = buildFeatures(columns, [0, 1], {standardize: false});
    assert.deepEqual(toOriginalUnits(space, [0, 0, 0]), {recency_days: 0, frequency: 0, revenue: 0});
    close(toOriginalUnits(space, [Math.log1p(10), 0, 0]).recency_days, 10);
  });
});
