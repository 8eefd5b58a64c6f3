import assert from "node:assert/strict";
import {test} from "node:test";
import {
  chiSquareHomogeneity,
  chiSquareStatistic,
  chiSquareSurvival,
  compareText,
  round,
  roundSignificant
} from "../data-loaders/site-stats.ts";

test("chi-square p-values match tables", () => {
  // Critical values at 5 % and 1 % for 1, 5 and 9 degrees of freedom.
  for (const [x, df, p] of [
    [3.841459, 1, 0.05],
    [6.634897, 1, 0.01],
    [11.0705, 5, 0.05],
    [15.08627, 5, 0.01],
    [16.91898, 9, 0.05],
    [2, 2, Math.exp(-1)] // χ²(2) is exponential: P(X ≥ x) = e^(−x/2)
  ]) {
    assert.ok(
      Math.abs(chiSquareSurvival(x, df) - p) < 1e-6,
      `P(χ²(${df}) ≥ ${x}) = ${chiSquareSurvival(x, df)}, expected ${p}`
    );
  }
  assert.equal(chiSquareSurvival(0, 3), 1);
  assert.ok(chiSquareSurvival(1000, 5) < 1e-200);
  assert.ok(chiSquareSurvival(1000, 5) >= 0);
});

test("chi-square p-values fall as the statistic grows", () => {
  let previous = 1;
  for (let x = 0.5; x < 60; x += 0.5) {
    const p = chiSquareSurvival(x, 5);
    assert.ok(p <= previous, `p(${x}) = ${p} > p(${x - 0.5}) = ${previous}`);
    previous = p;
  }
});

test("invalid degrees of freedom and statistics are named", () => {
  assert.throws(() => chiSquareSurvival(1, 0), /invalid degrees of freedom: 0/);
  assert.throws(() => chiSquareSurvival(Number.NaN, 2), /invalid chi-square statistic: NaN/);
});

test("the chi-square statistic skips categories expected to be empty", () => {
  assert.deepEqual(chiSquareStatistic([10, 10], [0.5, 0.5]), {statistic: 0, df: 1});
  const {statistic, df} = chiSquareStatistic([30, 10, 5], [0.5, 0.5, 0]);
  assert.equal(df, 1);
  // n = 45, expected 22.5 and 22.5 for the first two.
  assert.ok(Math.abs(statistic - ((30 - 22.5) ** 2 / 22.5 + (10 - 22.5) ** 2 / 22.5)) < 1e-12);
  assert.throws(() => chiSquareStatistic([1, 2], [1]), /2 observed counts for 1 expected/);
});

test("rounding never gives -0, and keeps significant digits", () => {
  assert.ok(Object.is(round(-0.0001, 2), 0));
  assert.equal(round(1.005, 1), 1);
  assert.equal(round(2.345678, 3), 2.346);
  assert.equal(roundSignificant(3.0218e-128, 3), 3.02e-128);
  assert.equal(roundSignificant(0, 3), 0);
});

test("text order is by code unit, whatever the locale", () => {
  assert.deepEqual(["b", "B", "a", "é", "e"].sort(compareText), ["B", "a", "b", "e", "é"]);
});

test("the homogeneity statistic of a 2 × k table", () => {
  // Same proportions: nothing to see.
  assert.deepEqual(chiSquareHomogeneity([10, 20], [20, 40]), {statistic: 0, df: 1});
  // 2 × 2: [[10, 20], [20, 10]], expected 15 everywhere: 4 × 25 / 15.
  const {statistic, df} = chiSquareHomogeneity([10, 20], [20, 10]);
  assert.ok(Math.abs(statistic - 100 / 15) < 1e-12);
  assert.equal(df, 1);
  // A category empty in both rows does not count; an empty row leaves nothing to compare.
  assert.equal(chiSquareHomogeneity([10, 0, 5], [3, 0, 9]).df, 1);
  assert.equal(chiSquareHomogeneity([0, 0], [3, 4]).df, 0);
});
