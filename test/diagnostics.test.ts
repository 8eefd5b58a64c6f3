import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {Worker} from "node:worker_threads";
import {
  elbow,
  fitWhileElbowRuns,
  selectK,
  type ElbowRequest,
  type ElbowResult,
  type ElbowRunner
} from "../data-loaders/diagnostics.ts";
import {runElbowOnThread} from "../scripts/run-elbow-on-thread.ts";
import {fitKMeans, sampleIndices} from "../data-loaders/kmeans.ts";
import {deriveSeed} from "../data-loaders/random.ts";
import {meanSilhouette} from "../data-loaders/silhouette.ts";

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** `blobs` well-separated blobs of `per` 2-D points, jitter in [-0.5, 0.5]. */
function planted(blobs: number, per: number, seed = 1): Float64Array {
  const random = lcg(seed);
  const values: number[] = [];
  for (let i = 0; i < blobs * per; i++) {
    const b = i % blobs;
    values.push(b * 20 + random() - 0.5, (b % 2) * 15 + random() - 0.5);
  }
  return Float64Array.from(values);
}

/** An elbow request for k = 1..maxK over the distinct 2-D `points`, the first `silhouette` of them scoring. */
function plantedRequest(points: Float64Array, silhouette: number, maxK: number, options: typeof base): ElbowRequest {
  return {
    elbowPoints: points,
    silhouettePoints: points.subarray(0, 2 * silhouette),
    dimensions: 2,
    ks: Array.from({length: maxK}, (_, i) => i + 1),
    distinct: points.length / 2,
    options
  };
}

const base = {
  seed: 3,
  restarts: 4,
  maxIterations: 300,
  maxK: 6,
  kRange: [2, 6] as [number, number],
  silhouetteSample: 1000,
  elbowSample: 100_000,
  elbowRestarts: 2
};

/** The elbow's own fit of k, as selectK makes it when the points are not sampled. */
const elbowFit = (points: Float64Array, k: number, options = base) =>
  fitKMeans(points, 2, {...options, k, restarts: options.elbowRestarts, fitSampleSize: points.length / 2});

describe("selectK", () => {
  test("selectK(points, k) keeps the requested k and reports the elbow for k = 1..maxK", () => {
    const points = planted(3, 20);
    const selection = selectK(points, 2, 4, base);
    assert.equal(selection.chosen.k, 4);
    assert.equal(selection.reason, "set in the settings");
    assert.deepEqual(
      selection.diagnostics.inertia.map(({k}) => k),
      [1, 2, 3, 4, 5, 6]
    );
    assert.deepEqual(
      selection.diagnostics.silhouette.map(({k}) => k),
      [2, 3, 4, 5, 6]
    );
    for (const {k, inertia} of selection.diagnostics.inertia) {
      const expected = elbowFit(points, k).inertia;
      // The chosen k shows the better of the elbow's fit and its own fit with all restarts.
      if (k === 4) assert.equal(inertia, Math.min(expected, selection.chosen.inertia));
      else assert.equal(inertia, expected);
    }
    assert.deepEqual(selection.chosen, fitKMeans(points, 2, {...base, k: 4}));
    assert.equal(selection.diagnostics.sample, 60);
    assert.equal(selection.diagnostics.elbowSample, 60);
  });

  test("selectK's inertia falls as k grows on planted data, with the elbow at the planted k", () => {
    const {diagnostics} = selectK(planted(3, 20), 2, 3, base);
    const inertia = diagnostics.inertia.map((entry) => entry.inertia);
    for (let i = 1; i < inertia.length; i++) assert.ok(inertia[i] <= inertia[i - 1] + 1e-9);
    // From 2 to 3 the drop is between blobs; from 3 to 4 only within them.
    assert.ok(inertia[1] - inertia[2] > 20 * (inertia[2] - inertia[3]));
  });

  test("selectK(points, 'auto') chooses the k in range with the highest mean silhouette", () => {
    const points = planted(3, 20);
    const selection = selectK(points, 2, "auto", base);
    assert.equal(selection.chosen.k, 3);
    assert.match(
      selection.reason,
      /^chosen automatically: the highest mean silhouette \(0\.\d{3}\) for k from 2 to 6$/
    );
    // The chosen k has the largest silhouette among those reported, recomputed here from its fit.
    const best = Math.max(...selection.diagnostics.silhouette.map((entry) => entry.silhouette));
    const recomputed = meanSilhouette(points, 2, selection.chosen.assignments, 3);
    assert.ok(Math.abs(recomputed - best) < 1e-12);
  });

  test("selectK's silhouettes are computed on a seeded sample when customers are many", () => {
    const points = planted(4, 50);
    const options = {...base, silhouetteSample: 30};
    const selection = selectK(points, 2, 4, options);
    assert.equal(selection.diagnostics.sample, 30);
    const sample = sampleIndices(200, 30, deriveSeed(options.seed, 0x5111));
    const samplePoints = Float64Array.from(Array.from(sample).flatMap((i) => [points[i * 2], points[i * 2 + 1]]));
    for (const {k, silhouette} of selection.diagnostics.silhouette) {
      const labels = Array.from(sample, (i) => elbowFit(points, k, options).assignments[i]);
      assert.ok(Math.abs(silhouette - meanSilhouette(samplePoints, 2, labels, k)) < 1e-12, `k = ${k}`);
    }
  });

  test("selectK with 'auto' chooses the best k of its reported silhouettes (ties to the smaller k)", () => {
    // Two blobs of two points: k = 2 separates them; k = 3 splits a blob and scores lower.
    const points = Float64Array.from([0, 0, 1, 0, 100, 0, 101, 0]);
    const selection = selectK(points, 2, "auto", {...base, kRange: [2, 3]});
    const scores = new Map(selection.diagnostics.silhouette.map(({k, silhouette}) => [k, silhouette]));
    const bestK = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    assert.equal(selection.chosen.k, bestK);
    assert.equal(selection.chosen.k, 2);
  });

  test("selectK fits a requested k above maxK without reporting it in the diagnostics", () => {
    const selection = selectK(planted(3, 20), 2, 5, {...base, maxK: 3});
    assert.equal(selection.chosen.k, 5);
    assert.deepEqual(
      selection.diagnostics.inertia.map(({k}) => k),
      [1, 2, 3]
    );
    assert.deepEqual(
      selection.diagnostics.silhouette.map(({k}) => k),
      [2, 3]
    );
  });

  test("selectK limits the diagnostics to the number of distinct points", () => {
    const points = Float64Array.from([0, 0, 0, 0, 5, 5, 9, 9]);
    const selection = selectK(points, 2, 2, base);
    assert.deepEqual(
      selection.diagnostics.inertia.map(({k}) => k),
      [1, 2, 3]
    );
  });

  test("selectK throws when k exceeds the distinct points, or auto has too few", () => {
    const points = Float64Array.from([0, 0, 0, 0, 5, 5]);
    assert.throws(() => selectK(points, 2, 3, base), /invalid k: 3 exceeds the 2 customers/);
    assert.throws(() => selectK(points, 2, "auto", {...base, kRange: [3, 5]}), /auto needs at least 3 distinct/);
  });

  test("selectK is deterministic for a seed", () => {
    const points = planted(3, 15, 9);
    const a = selectK(points, 2, "auto", base);
    const b = selectK(points, 2, "auto", base);
    assert.deepEqual(a.diagnostics, b.diagnostics);
    assert.deepEqual(a.chosen, b.chosen);
  });
});

test("selectK fits the elbow on a seeded sample and scales its inertia to all points", () => {
  const points = planted(3, 100);
  const selection = selectK(points, 2, 3, {...base, elbowSample: 60});
  assert.equal(selection.diagnostics.elbowSample, 60);
  assert.equal(selection.chosen.assignments.length, 300, "the chosen k is fitted on every point");
  const k3 = selection.diagnostics.inertia.find((entry) => entry.k === 3)!.inertia;
  // Per-point inertia of a sample estimates the population's: the scaled figure is near the full fit's.
  assert.ok(Math.abs(k3 / selection.chosen.inertia - 1) < 0.25, `${k3} vs ${selection.chosen.inertia}`);
});

describe("fitWhileElbowRuns", () => {
  /** The elbow as another thread runs it: on a structured clone of the request, answered later. */
  const cloned: ElbowRunner = async (request) => elbow(structuredClone(request));

  test("fitWhileElbowRuns(points, k, runElbow) selects exactly what selectK selects, sampled or not", async () => {
    const points = planted(4, 40, 7);
    // Sampled (elbow and silhouettes on samples) and not.
    for (const options of [base, {...base, elbowSample: 100, silhouetteSample: 50}]) {
      const alone = selectK(points, 2, 3, options);
      const started = fitWhileElbowRuns(points, 2, 3, options, cloned);
      assert.deepEqual(started.chosen, alone.chosen);
      assert.deepEqual(await started.selection, alone, `elbow sample ${options.elbowSample}`);
    }
  });

  test("fitWhileElbowRuns(points, k, runElbow) returns selectK's fit before the elbow answers, then its selection", async () => {
    const points = planted(4, 40, 9);
    let answer: (() => void) | undefined;
    const late: ElbowRunner = (request) =>
      new Promise<ElbowResult>((resolve) => (answer = () => resolve(elbow(structuredClone(request)))));
    const alone = selectK(points, 2, 3, base);
    const started = fitWhileElbowRuns(points, 2, 3, base, late);
    assert.deepEqual(started.chosen, alone.chosen);
    let settled = false;
    void started.selection.then(() => (settled = true));
    await new Promise((resume) => setImmediate(resume));
    assert.equal(settled, false);
    answer!();
    assert.deepEqual(await started.selection, alone);
  });

  test("fitWhileElbowRuns throws the fit's error at once, and its selection rejects with the elbow's", async () => {
    const points = planted(3, 20);
    assert.throws(() => fitWhileElbowRuns(points, 2, 3.5, base, cloned), /invalid k: 3\.5/);
    assert.throws(() => fitWhileElbowRuns(points, 2, 61, base, cloned), /invalid k: 61 exceeds the 60/);
    const failing: ElbowRunner = () => Promise.reject(new Error("the elbow thread stopped early, with exit code 1"));
    const started = fitWhileElbowRuns(points, 2, 3, base, failing);
    assert.equal(started.chosen.k, 3);
    await assert.rejects(started.selection, /elbow thread stopped early/);
  });

  test("runElbowOnThread(request) answers what elbow(request) computes here", async () => {
    const request = plantedRequest(planted(3, 30, 5), 20, 4, base);
    assert.deepEqual(await runElbowOnThread(request), elbow(request));
  });

  test("runElbowOnThread(request, signal) stops the thread and rejects with the reason once signal aborts", async () => {
    // An elbow of some seconds on one thread: the abort comes long before its answer.
    const request = plantedRequest(planted(4, 60_000, 7), 2000, 10, {...base, restarts: 10});
    // The threads ended, seen through Worker.terminate: a thread left to run would finish its elbow for no one.
    const terminate = Worker.prototype.terminate;
    const ended: Promise<number>[] = [];
    Worker.prototype.terminate = function (this: Worker) {
      const exit = terminate.call(this);
      ended.push(exit);
      return exit;
    };
    try {
      const controller = new AbortController();
      const answer = runElbowOnThread(request, controller.signal);
      setTimeout(() => controller.abort(new Error("the run failed")), 50);
      await assert.rejects(answer, /the run failed/);
    } finally {
      Worker.prototype.terminate = terminate;
    }
    assert.equal(ended.length, 1);
    assert.equal(typeof (await ended[0]), "number");
    const aborted = new AbortController();
    aborted.abort(new Error("failed before"));
    await assert.rejects(runElbowOnThread(request, aborted.signal), /failed before/);
  });
});
