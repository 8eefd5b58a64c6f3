import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {levelOf, median, percentileRank, profileKey, recencyLevelOf} from "../data-loaders/segment-profile.ts";

const sorted = (values: number[]) => Float64Array.from(values).sort();

describe("percentileRank", () => {
  test("percentileRank(sorted, v) is the share below v plus half the share equal to it", () => {
    const values = sorted([1, 1, 1, 2]);
    assert.equal(percentileRank(values, 1), 1.5 / 4);
    assert.equal(percentileRank(values, 2), 3.5 / 4);
    assert.equal(percentileRank(values, 1.5), 3 / 4);
    assert.equal(percentileRank(values, 0), 0);
    assert.equal(percentileRank(values, 3), 1);
  });

  test("percentileRank of an empty population is NaN", () => {
    assert.ok(Number.isNaN(percentileRank(new Float64Array(0), 1)));
  });

  test("percentileRank agrees with counting below and equal values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({min: 0, max: 10}), {minLength: 1, maxLength: 40}),
        fc.integer({min: -1, max: 11}),
        (values, value) => {
          const below = values.filter((v) => v < value).length;
          const equal = values.filter((v) => v === value).length;
          assert.equal(percentileRank(sorted(values), value), (below + equal / 2) / values.length);
          assert.equal(percentileRank(Float64Array.from(values), value), (below + equal / 2) / values.length);
        }
      )
    );
  });
});

describe("levels", () => {
  test("levelOf(rank) is low below 1/3, high above 2/3, middle between and on the bounds", () => {
    assert.equal(levelOf(0), "low");
    assert.equal(levelOf(0.333), "low");
    assert.equal(levelOf(1 / 3), "middle");
    assert.equal(levelOf(0.5), "middle");
    assert.equal(levelOf(2 / 3), "middle");
    assert.equal(levelOf(0.667), "high");
    assert.equal(levelOf(1), "high");
  });

  test("recencyLevelOf(rank) reads few days as recent and many as lapsed", () => {
    assert.equal(recencyLevelOf(0.1), "recent");
    assert.equal(recencyLevelOf(0.5), "middle");
    assert.equal(recencyLevelOf(0.9), "lapsed");
  });

  test("profileKey joins recency, frequency and revenue levels", () => {
    assert.equal(profileKey({recency: "recent", frequency: "high", revenue: "low"}), "recent-high-low");
  });
});

describe("median", () => {
  test("median of an odd, an even and an empty population", () => {
    assert.equal(median(sorted([1, 5, 9])), 5);
    assert.equal(median(sorted([1, 2, 10, 40])), 6);
    assert.equal(median(sorted([7])), 7);
    assert.ok(Number.isNaN(median(new Float64Array(0))));
    assert.ok(Object.is(median(Float64Array.from([0, -0, -0, -0, 1])), 0));
    assert.ok(Object.is(median(Float64Array.from([-0, -0, 1, -1])), 0));
  });

  test("median(values) of values in any order equals the middle of the sorted values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({min: 0, max: 4}), fc.double({noNaN: true, min: -1e6, max: 1e6})), {
          minLength: 1,
          maxLength: 300
        }),
        (values) => {
          const reference = sorted(values);
          const n = values.length;
          const expected = n % 2 ? reference[n >> 1] : (reference[(n >> 1) - 1] + reference[n >> 1]) / 2;
          // A zero middle is +0, whatever zeros the values hold.
          assert.equal(median(Float64Array.from(values)), expected + 0);
        }
      )
    );
  });

  test("median(values) of long runs of equal and of sorted values", () => {
    const ones = new Float64Array(100001).fill(1);
    ones[7] = 5;
    assert.equal(median(ones), 1);
    const ascending = Float64Array.from({length: 200000}, (_, i) => i);
    assert.equal(median(ascending), 99999.5);
    const descending = Float64Array.from({length: 200001}, (_, i) => -i);
    assert.equal(median(descending), -100000);
  });
});
