import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {meanSilhouette, meanSilhouettes} from "../data-loaders/silhouette.ts";

/** scikit-learn's definition, written out directly: singletons score 0, the mean is over all points. */
function referenceSilhouette(points: number[][], labels: number[]): number {
  const distance = (a: number[], b: number[]) => Math.sqrt(a.reduce((total, v, d) => total + (v - b[d]) ** 2, 0));
  const clusters = [...new Set(labels)];
  let total = 0;
  points.forEach((p, i) => {
    const own = points.filter((_, j) => j !== i && labels[j] === labels[i]);
    if (own.length === 0) return;
    const a = own.reduce((sum, q) => sum + distance(p, q), 0) / own.length;
    let b = Infinity;
    for (const c of clusters) {
      if (c === labels[i]) continue;
      const other = points.filter((_, j) => labels[j] === c);
      b = Math.min(b, other.reduce((sum, q) => sum + distance(p, q), 0) / other.length);
    }
    if (b === Infinity) return;
    const s = (b - a) / Math.max(a, b);
    if (Number.isFinite(s)) total += s;
  });
  return total / points.length;
}

describe("meanSilhouette", () => {
  test("meanSilhouette of 0, 1 | 10, 11 is the mean of (b − a) / max(a, b) computed by hand", () => {
    const points = Float64Array.from([0, 1, 10, 11]);
    // a = 1 for every point; b = 10.5, 9.5, 9.5, 10.5.
    const expected = (2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4;
    assert.ok(Math.abs(meanSilhouette(points, 1, [0, 0, 1, 1], 2) - expected) < 1e-12);
  });

  test("meanSilhouette scores a point alone in its cluster 0 but still divides by every point", () => {
    const points = Float64Array.from([0, 2, 10]);
    // Points 0 and 2: a = 2; b = 10 and 8. Point 10 is alone: 0.
    const expected = ((10 - 2) / 10 + (8 - 2) / 8 + 0) / 3;
    assert.ok(Math.abs(meanSilhouette(points, 1, [0, 0, 1], 2) - expected) < 1e-12);
  });

  test("meanSilhouette uses Euclidean distance across dimensions", () => {
    const points = Float64Array.from([0, 0, 3, 4, 30, 40, 33, 44]);
    const rows = [
      [0, 0],
      [3, 4],
      [30, 40],
      [33, 44]
    ];
    const actual = meanSilhouette(points, 2, [0, 0, 1, 1], 2);
    assert.ok(Math.abs(actual - referenceSilhouette(rows, [0, 0, 1, 1])) < 1e-12);
  });

  test("meanSilhouette is negative when the labels are swapped across blobs", () => {
    const points = Float64Array.from([0, 1, 10, 11]);
    assert.ok(meanSilhouette(points, 1, [0, 1, 0, 1], 2) < 0);
  });

  test("meanSilhouette is NaN for k < 2 or fewer than two points", () => {
    assert.ok(Number.isNaN(meanSilhouette(Float64Array.from([0, 1]), 1, [0, 0], 1)));
    assert.ok(Number.isNaN(meanSilhouette(Float64Array.from([0]), 1, [0], 2)));
  });

  test("meanSilhouette is 0 when only one of the k clusters has points", () => {
    assert.equal(meanSilhouette(Float64Array.from([0, 1, 2]), 1, [1, 1, 1], 3), 0);
  });

  test("meanSilhouette agrees with a direct implementation of the definition", () => {
    const row = fc.tuple(fc.integer({min: -10, max: 10}), fc.integer({min: -10, max: 10}));
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.integer({min: 0, max: 3})), {minLength: 2, maxLength: 25}), (items) => {
        const rows = items.map(([r]) => r);
        const labels = items.map(([, label]) => label);
        const actual = meanSilhouette(Float64Array.from(rows.flat()), 2, labels, 4);
        const expected = referenceSilhouette(rows, labels);
        assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
        assert.ok(actual >= -1 && actual <= 1);
      }),
      {numRuns: 300}
    );
  });

  test("meanSilhouette gives the very double of a loop over all other points for each point", () => {
    /** The per-point loop the pair loop replaced: each point sums its distances to every other point in index order. */
    function perPoint(points: Float64Array, dimensions: number, labels: number[], k: number): number {
      const n = labels.length;
      const sizes = new Float64Array(k);
      for (const label of labels) sizes[label]++;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const sums = new Float64Array(k);
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          let squares = 0;
          for (let d = 0; d < dimensions; d++)
            squares += (points[i * dimensions + d] - points[j * dimensions + d]) ** 2;
          sums[labels[j]] += Math.sqrt(squares);
        }
        const own = labels[i];
        if (sizes[own] <= 1) continue;
        const a = sums[own] / (sizes[own] - 1);
        let b = Infinity;
        for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
        if (b === Infinity) continue;
        const s = (b - a) / Math.max(a, b);
        if (Number.isFinite(s)) total += s;
      }
      return total / n;
    }
    const value = fc.double({min: -5, max: 5, noNaN: true});
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.tuple(value, value, value), fc.integer({min: 0, max: 4})), {minLength: 2, maxLength: 40}),
        (items) => {
          const points = Float64Array.from(items.flatMap(([row]) => row));
          const labels = items.map(([, label]) => label);
          assert.equal(meanSilhouette(points, 3, labels, 5), perPoint(points, 3, labels, 5));
          // Scored with other labellings in the same pass, each gives the very same double.
          const coarse = labels.map((label) => label % 2);
          assert.deepEqual(
            meanSilhouettes(points, 3, [
              {labels, k: 5},
              {labels: coarse, k: 1},
              {labels: coarse, k: 2}
            ]),
            [perPoint(points, 3, labels, 5), NaN, perPoint(points, 3, coarse, 2)]
          );
        }
      ),
      {numRuns: 300}
    );
  });
});
