import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {lloyd} from "../data-loaders/lloyd.ts";

/**
 * Plain Lloyd, the reference: every point compared with every centroid at every pass, the first of equal squared
 * distances winning, an empty cluster re-seeded with the point farthest from its centroid.
 */
function plainLloyd(
  points: Float64Array,
  dimensions: number,
  centroids: Float64Array,
  assignments: Int32Array,
  maxIterations: number,
  threshold = 0
): {inertia: number; iterations: number} {
  const n = points.length / dimensions;
  const k = centroids.length / dimensions;
  const distances = new Float64Array(n);
  const assign = () => {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        let distance = 0;
        for (let d = 0; d < dimensions; d++)
          distance += (points[i * dimensions + d] - centroids[c * dimensions + d]) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      if (assignments[i] !== best) changed++;
      assignments[i] = best;
      distances[i] = bestDistance;
    }
    return changed;
  };
  const total = () => distances.reduce((sum, distance) => sum + distance, 0);
  assignments.fill(-1);
  let iterations = 0;
  while (true) {
    const changed = assign();
    if (changed === 0 || iterations >= maxIterations) return {inertia: total(), iterations};
    iterations++;
    const sums = new Float64Array(k * dimensions);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[assignments[i]]++;
      for (let d = 0; d < dimensions; d++) sums[assignments[i] * dimensions + d] += points[i * dimensions + d];
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        let far = 0;
        for (let i = 1; i < n; i++) if (distances[i] > distances[far]) far = i;
        distances[far] = 0;
        for (let d = 0; d < dimensions; d++) centroids[c * dimensions + d] = points[far * dimensions + d];
        assignments[far] = -1;
        shift = Infinity;
      } else {
        for (let d = 0; d < dimensions; d++) {
          const next = sums[c * dimensions + d] / counts[c];
          shift += (next - centroids[c * dimensions + d]) ** 2;
          centroids[c * dimensions + d] = next;
        }
      }
    }
    if (shift <= threshold) {
      assign();
      return {inertia: total(), iterations};
    }
  }
}

/** Both implementations from the same start; what each ends with. */
function both(points: Float64Array, dimensions: number, start: Float64Array, maxIterations: number, threshold = 0) {
  const run = (fit: typeof lloyd) => {
    const centroids = start.slice();
    const assignments = new Int32Array(points.length / dimensions);
    const result = fit(points, dimensions, centroids, assignments, maxIterations, threshold);
    return {...result, centroids: Array.from(centroids), assignments: Array.from(assignments)};
  };
  return {fast: run(lloyd), plain: run(plainLloyd)};
}

describe("lloyd", () => {
  test("lloyd re-seeds an empty cluster with the point farthest from its centroid", () => {
    const points = Float64Array.from([0, 1, 2, 10]);
    const centroids = Float64Array.from([1, 100]);
    const assignments = new Int32Array(4);
    const {inertia} = lloyd(points, 1, centroids, assignments, 100);
    assert.deepEqual(Array.from(centroids), [1, 10]);
    assert.deepEqual(Array.from(assignments), [0, 0, 0, 1]);
    assert.equal(inertia, 2);
  });

  test("lloyd stops after maxIterations with the inertia of its last assignment", () => {
    const points = Float64Array.from([0, 1, 2, 10]);
    const centroids = Float64Array.from([0, 1]);
    const assignments = new Int32Array(4);
    const {inertia, iterations} = lloyd(points, 1, centroids, assignments, 0);
    assert.equal(iterations, 0);
    assert.deepEqual(Array.from(assignments), [0, 1, 1, 1]);
    assert.equal(inertia, 0 + 0 + 1 + 81);
  });

  test("lloyd gives an equidistant point to the first of its nearest centroids, as plain Lloyd does", () => {
    const points = Float64Array.from([0, 2, 1, 5, 6, -3]);
    const start = Float64Array.from([0, 2, 6]);
    const {fast, plain} = both(points, 1, start, 0);
    assert.deepEqual(fast, plain);
    // The point at 1 is as far from 0 as from 2 at the first pass.
    assert.equal(fast.assignments[2], 0);
  });

  test("lloyd(points, dimensions, centroids, …) ends bit for bit where plain Lloyd does", () => {
    // Clustered points, duplicates and ties on a coarse grid, any start (empty clusters included), and thresholds.
    const coordinate = fc.oneof(fc.integer({min: -4, max: 4}), fc.double({min: -50, max: 50, noNaN: true}));
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 4}),
        fc.integer({min: 1, max: 7}),
        fc.array(fc.array(coordinate, {minLength: 4, maxLength: 4}), {minLength: 1, maxLength: 120}),
        fc.array(coordinate, {minLength: 28, maxLength: 28}),
        fc.integer({min: 0, max: 40}),
        fc.constantFrom(0, 1e-4, 0.5),
        (dimensions, k, rows, startValues, maxIterations, threshold) => {
          const points = Float64Array.from(rows.flatMap((row) => row.slice(0, dimensions)));
          const start = Float64Array.from(startValues.slice(0, k * dimensions));
          const {fast, plain} = both(points, dimensions, start, maxIterations, threshold);
          assert.deepEqual(fast, plain);
        }
      ),
      {numRuns: 400}
    );
  });

  test("lloyd on many points of three features, where bounds skip most comparisons, ends where plain Lloyd does", () => {
    let state = 7;
    const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
    const n = 20_000;
    const points = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const blob = i % 5;
      for (let d = 0; d < 3; d++) points[3 * i + d] = blob * (d + 1) + (random() + random() + random() - 1.5);
    }
    for (const k of [2, 6, 10]) {
      const start = points.slice(0, 3 * k);
      const {fast, plain} = both(points, 3, start, 300);
      assert.deepEqual(fast, plain);
      assert.ok(fast.iterations > 3, `k = ${k} ran ${fast.iterations} passes: too few to exercise the bounds`);
    }
  });
});
