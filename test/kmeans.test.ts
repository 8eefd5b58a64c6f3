import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  countDistinct,
  fitKMeans,
  sampleIndices,
  sampleRows,
  type KMeansFit,
  type KMeansOptions
} from "../data-loaders/kmeans.ts";
import {createRandom} from "../data-loaders/random.ts";

/** A small deterministic generator for test data (not the code under test's). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const centers = [
  [0, 0, 0],
  [10, 0, 5],
  [0, 10, 10]
];

/** 3 well-separated blobs of `perCluster` points each, interleaved, with jitter in [-1, 1]. */
function planted(perCluster = 30, seed = 7): {points: Float64Array; labels: number[]} {
  const random = lcg(seed);
  const values: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < perCluster * 3; i++) {
    const label = i % 3;
    labels.push(label);
    for (const c of centers[label]) values.push(c + (random() * 2 - 1));
  }
  return {points: Float64Array.from(values), labels};
}

const options = (k: number, patch: Partial<KMeansOptions> = {}): KMeansOptions => ({
  k,
  seed: 42,
  restarts: 5,
  maxIterations: 300,
  ...patch
});

function squaredDistance(points: Float64Array, i: number, centroid: number[]): number {
  let total = 0;
  for (let d = 0; d < centroid.length; d++) total += (points[i * centroid.length + d] - centroid[d]) ** 2;
  return total;
}

/** Brute-force checks of a fit against its points: inertia, nearest centroid, sizes, canonical order. */
function checkFit(points: Float64Array, dimensions: number, fit: KMeansFit, converged = true) {
  const n = points.length / dimensions;
  assert.equal(fit.centroids.length, fit.k);
  assert.equal(fit.assignments.length, n);
  let inertia = 0;
  const sizes = new Array<number>(fit.k).fill(0);
  const sums = fit.centroids.map(() => new Array<number>(dimensions).fill(0));
  for (let i = 0; i < n; i++) {
    const own = fit.assignments[i];
    assert.ok(own >= 0 && own < fit.k);
    sizes[own]++;
    const distance = squaredDistance(points, i, fit.centroids[own]);
    inertia += distance;
    for (const centroid of fit.centroids)
      assert.ok(distance <= squaredDistance(points, i, centroid) + 1e-9, `point ${i} is not at its nearest centroid`);
    for (let d = 0; d < dimensions; d++) sums[own][d] += points[i * dimensions + d];
  }
  assert.deepEqual(fit.sizes, sizes);
  assert.ok(Math.abs(fit.inertia - inertia) <= 1e-9 * Math.max(1, inertia), `inertia ${fit.inertia} ≠ ${inertia}`);
  for (let c = 0; c + 1 < fit.k; c++) {
    const a = fit.centroids[c];
    const b = fit.centroids[c + 1];
    let d = dimensions - 1;
    while (d > 0 && a[d] === b[d]) d--;
    assert.ok(a[d] >= b[d], `centroids ${c} and ${c + 1} are not in canonical order`);
  }
  if (converged) {
    // Lloyd stops when no point moves: every centroid is then the mean of its members.
    fit.centroids.forEach((centroid, c) => {
      if (sizes[c] === 0) return;
      for (let d = 0; d < dimensions; d++)
        assert.ok(Math.abs(centroid[d] - sums[c][d] / sizes[c]) < 1e-9, `centroid ${c} is not its members' mean`);
    });
  }
}

describe("fitKMeans", () => {
  test("fitKMeans recovers a planted 3-cluster dataset exactly", () => {
    const {points, labels} = planted();
    const fit = fitKMeans(points, 3, options(3));
    checkFit(points, 3, fit);
    // Canonical order is by the last coordinate, highest first: the blob at z = 10, then 5, then 0.
    const canonical = [2, 1, 0];
    assert.deepEqual(
      Array.from(fit.assignments),
      labels.map((label) => canonical[label])
    );
    assert.deepEqual(fit.sizes, [30, 30, 30]);
    fit.centroids.forEach((centroid, c) =>
      centroid.forEach((value, d) => assert.ok(Math.abs(value - centers[2 - c][d]) < 0.5))
    );
  });

  test("fitKMeans(points, {k}) is deterministic for a seed", () => {
    const {points} = planted(40, 3);
    for (const k of [2, 4, 5]) {
      const first = fitKMeans(points, 3, options(k, {seed: 9}));
      const second = fitKMeans(Float64Array.from(points), 3, options(k, {seed: 9}));
      assert.deepEqual(second, first);
    }
  });

  test("fitKMeans orders clusters canonically by centroid, whatever the order of the points", () => {
    const {points, labels} = planted(20, 11);
    const n = labels.length;
    const order = Array.from({length: n}, (_, i) => (i * 37) % n); // 37 is coprime with 60: a permutation
    const shuffled = new Float64Array(points.length);
    order.forEach((from, to) => shuffled.set(points.subarray(from * 3, from * 3 + 3), to * 3));
    const a = fitKMeans(points, 3, options(3));
    const b = fitKMeans(shuffled, 3, options(3));
    assert.deepEqual(
      b.centroids.map((c) => c.map((v) => v.toFixed(9))),
      a.centroids.map((c) => c.map((v) => v.toFixed(9)))
    );
    order.forEach((from, to) => assert.equal(b.assignments[to], a.assignments[from]));
    assert.ok(a.centroids[0][2] > a.centroids[1][2] && a.centroids[1][2] > a.centroids[2][2]);
  });

  test("fitKMeans orders clusters with equal last coordinates by the coordinate before it", () => {
    // Two blobs at y = 0, one at x = 0 and one at x = 10: the higher x comes first.
    const points = Float64Array.from([0, 0, 0.5, 0, 10, 0, 10.5, 0, 20, 5, 20.5, 5]);
    const fit = fitKMeans(points, 2, options(3));
    checkFit(points, 2, fit);
    assert.deepEqual(fit.centroids, [
      [20.25, 5],
      [10.25, 0],
      [0.25, 0]
    ]);
    assert.deepEqual(Array.from(fit.assignments), [2, 2, 1, 1, 0, 0]);
  });

  test("fitKMeans re-seeds an empty cluster", () => {
    // Seeded on 3 copies of the same point, two starts are empty; the far points must take them over.
    const values: number[] = [];
    for (let i = 0; i < 50; i++) values.push(0, 0);
    values.push(5, 5, 10, 10);
    const points = Float64Array.from(values);
    const fit = fitKMeans(points, 2, options(3, {seedSampleSize: 3, restarts: 2}));
    checkFit(points, 2, fit);
    assert.deepEqual(fit.centroids, [
      [10, 10],
      [5, 5],
      [0, 0]
    ]);
    assert.deepEqual(fit.sizes, [1, 1, 50]);
    assert.equal(fit.inertia, 0);
  });

  test("fitKMeans with k = 1 puts every point in one cluster at their mean", () => {
    const points = Float64Array.from([1, 2, 3, 4, 5, 9]);
    const fit = fitKMeans(points, 2, options(1));
    assert.deepEqual(fit.centroids, [[3, 5]]);
    assert.deepEqual(Array.from(fit.assignments), [0, 0, 0]);
    assert.equal(fit.inertia, 4 + 9 + 0 + 1 + 4 + 16);
  });

  test("fitKMeans with k equal to the number of distinct points has zero inertia", () => {
    const points = Float64Array.from([1, 1, 2, 2, 1, 1, 3, 3]);
    const fit = fitKMeans(points, 2, options(3));
    checkFit(points, 2, fit);
    assert.equal(fit.inertia, 0);
    assert.equal(fit.assignments[0], fit.assignments[2]);
  });

  test("fitKMeans reports an inertia no larger than its best start, and one inertia per start", () => {
    const {points} = planted(30, 5);
    const fit = fitKMeans(points, 3, options(6, {restarts: 7}));
    assert.equal(fit.restartInertias.length, 7);
    assert.ok(fit.inertia <= Math.min(...fit.restartInertias) + 1e-9);
    checkFit(points, 3, fit);
  });

  test("fitKMeans on a fit sample smaller than the data still assigns every point to its nearest centroid", () => {
    const {points, labels} = planted(100, 13);
    const fit = fitKMeans(points, 3, options(3, {fitSampleSize: 40, seedSampleSize: 20}));
    checkFit(points, 3, fit);
    assert.deepEqual(
      Array.from(fit.assignments),
      labels.map((label) => 2 - label)
    );
  });

  test("fitKMeans throws on an invalid k, restarts or point array", () => {
    const points = Float64Array.from([0, 0, 1, 1, 2, 2]);
    assert.throws(() => fitKMeans(points, 2, options(0)), /invalid k/);
    assert.throws(() => fitKMeans(points, 2, options(1.5)), /invalid k/);
    assert.throws(() => fitKMeans(points, 2, options(4)), /invalid k: 4 exceeds the 3 distinct points/);
    assert.throws(() => fitKMeans(Float64Array.from([0, 0, 0, 0]), 2, options(2)), /exceeds the 1 distinct/);
    assert.throws(() => fitKMeans(points, 2, options(2, {restarts: 0})), /invalid restarts/);
    assert.throws(() => fitKMeans(Float64Array.from([1, 2, 3]), 2, options(1)), /invalid points/);
    assert.throws(() => fitKMeans(new Float64Array(0), 2, options(1)), /invalid points/);
  });

  test("fitKMeans satisfies the brute-force checks on random data", () => {
    const point = fc.tuple(fc.integer({min: -20, max: 20}), fc.integer({min: -20, max: 20}));
    fc.assert(
      fc.property(
        fc.array(point, {minLength: 1, maxLength: 30}),
        fc.integer({min: 1, max: 5}),
        fc.integer({min: 0, max: 1000}),
        (rows, wantedK, seed) => {
          const points = Float64Array.from(rows.flat());
          const distinct = new Set(rows.map((r) => r.join(","))).size;
          const k = Math.min(wantedK, distinct);
          const fit = fitKMeans(points, 2, {k, seed, restarts: 3, maxIterations: 300});
          checkFit(points, 2, fit);
          assert.ok(
            fit.sizes.every((size) => size > 0),
            `an empty cluster in ${JSON.stringify(fit.sizes)}`
          );
        }
      ),
      {numRuns: 100}
    );
  });
});

describe("sampling", () => {
  test("sampleIndices(n, size, seed) draws distinct indices below n, the same for a seed", () => {
    const sample = sampleIndices(100, 30, 5);
    assert.equal(sample.length, 30);
    assert.equal(new Set(sample).size, 30);
    assert.ok(sample.every((i) => i >= 0 && i < 100));
    assert.deepEqual(sampleIndices(100, 30, 5), sample);
  });

  test("sampleIndices draws a small sample of many indices as the full partial Fisher–Yates shuffle does", () => {
    /** The shuffle over an array of all n indices, with the generator the pipeline seeds. */
    function shuffled(n: number, size: number, seed: number): number[] {
      const indices = Array.from({length: n}, (_, i) => i);
      const random = createRandom(seed);
      for (let i = 0; i < size; i++) {
        const j = i + Math.floor(random() * (n - i));
        [indices[i], indices[j]] = [indices[j], indices[i]];
      }
      return indices.slice(0, size);
    }
    for (const [n, size, seed] of [
      [100_000, 1000, 7],
      [1_000_000, 20_000, 0],
      [50, 3, 2],
      [1000, 62, 9]
    ])
      assert.deepEqual(Array.from(sampleIndices(n, size, seed)), shuffled(n, size, seed));
  });

  test("sampleIndices(n, size ≥ n) is every index in order", () => {
    assert.deepEqual(Array.from(sampleIndices(5, 5, 1)), [0, 1, 2, 3, 4]);
    assert.deepEqual(Array.from(sampleIndices(3, 10, 1)), [0, 1, 2]);
  });

  test("sampleRows returns the sampled points as rows", () => {
    const points = Float64Array.from([0, 1, 10, 11, 20, 21, 30, 31]);
    const rows = sampleRows(points, 2, 2, 3);
    const indices = sampleIndices(4, 2, 3);
    assert.deepEqual(
      rows,
      Array.from(indices, (i) => [points[i * 2], points[i * 2 + 1]])
    );
  });

  test("countDistinct counts distinct points and stops at the limit", () => {
    const points = Float64Array.from([1, 1, 2, 2, 1, 1, 3, 3]);
    assert.equal(countDistinct(points, 2, 10), 3);
    assert.equal(countDistinct(points, 2, 2), 2);
    assert.equal(countDistinct(points, 1, 10), 3);
  });
});
