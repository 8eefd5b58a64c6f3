import {test} from "node:test";
import assert from "node:assert/strict";
import {adjustedRandIndex} from "../data-loaders/adjusted-rand-index.ts";

test("adjustedRandIndex(a, b) is 1 for the same partition under other label numbers", () => {
  assert.equal(adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9]), 1);
});

test("adjustedRandIndex(a, b) matches the textbook value for a partial agreement", () => {
  // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714285714285715
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) - 4 / 7) < 1e-12);
});

test("adjustedRandIndex(a, b) is negative for worse-than-chance agreement", () => {
  // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) = -0.5
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]) + 0.5) < 1e-12);
});

test("adjustedRandIndex(a, b) leaves out items unclustered in either labelling", () => {
  assert.equal(adjustedRandIndex([0, 0, 1, null, 1], [1, 1, 0, 0, 0]), 1);
});

test("adjustedRandIndex(a, b) rejects labellings of different lengths", () => {
  assert.throws(() => adjustedRandIndex([0], [0, 1]), /labellings differ in length: 1 and 2/);
});
