import {countDistinct, fitKMeans, samplePoints, type KMeansFit, type KMeansOptions} from "./kmeans.ts";
import {deriveSeed} from "./random.ts";
import {meanSilhouettes} from "./silhouette.ts";
import type {Diagnostics} from "./types.ts";

export interface KSelection {
  diagnostics: Diagnostics;
  chosen: KMeansFit;
  /** How k was chosen, in words for the report. */
  reason: string;
}

export interface SelectKOptions extends Omit<KMeansOptions, "k"> {
  maxK: number;
  kRange: [number, number];
  /** Customers the silhouettes are computed on (quadratic cost). */
  silhouetteSample: number;
  /** Customers the elbow's fits run on; their inertia is scaled up to all customers when they are a sample. */
  elbowSample: number;
  /** Starts per k for the elbow; the chosen k gets `restarts`. */
  elbowRestarts: number;
}

/**
 * The elbow's and the silhouettes' work, on samples: everything `selectK` does but the fit of the chosen k. Made of
 * typed arrays and plain numbers, so that it can be posted to another thread as it is.
 */
export interface ElbowRequest {
  elbowPoints: Float64Array;
  silhouettePoints: Float64Array;
  dimensions: number;
  /** The ks to fit, ascending. */
  ks: number[];
  /** Customers with distinct features, counted up to the largest k wanted. */
  distinct: number;
  options: SelectKOptions;
}

export interface ElbowResult {
  /** Inertia of each k ≤ maxK fitted, on the elbow sample (not yet scaled to all customers). */
  inertia: {k: number; inertia: number}[];
  /** Mean silhouette of each k ≥ 2 fitted, on the silhouette sample. */
  silhouettes: [number, number][];
}

/**
 * Runs an `ElbowRequest`, here or on another thread: the same doubles either way. `signal` aborts when the run
 * fails before it needs the answer: a thread then stops at once rather than finish an elbow no one will read.
 */
export type ElbowRunner = (request: ElbowRequest, signal?: AbortSignal) => Promise<ElbowResult>;

/**
 * Fits k = 1..maxK (the elbow) and scores k ≥ 2 by silhouette, both on seeded samples when customers are many,
 * then keeps the requested k or, for `auto`, the k in range with the highest silhouette (ties to the smaller k).
 * Only the chosen k is fitted on every customer, with all its restarts.
 */
export function selectK(
  points: Float64Array,
  dimensions: number,
  k: number | "auto",
  options: SelectKOptions
): KSelection {
  const request = elbowRequest(points, dimensions, k, options);
  const elbowResult = elbow(request);
  const chosenK = chooseK(k, request, elbowResult);
  return finish(points, request, elbowResult, chosenK, fitKMeans(points, dimensions, {...options, k: chosenK.k}));
}

/** A set k fitted on every customer, and the selection it is part of, which waits for the elbow. */
export interface PendingSelection {
  chosen: KMeansFit;
  /** Rejects as `runElbow` does. */
  selection: Promise<KSelection>;
}

/**
 * `selectK` for a set k, with the elbow run by `runElbow` (on another thread) while this one fits k on every
 * customer: the two are independent when k is set (with `auto`, the fit would wait for the elbow's silhouettes).
 * The fit is returned as soon as it is done, so that the caller can use it while the elbow finishes: the
 * diagnostics are the selection's only part that waits for it.
 */
export function fitWhileElbowRuns(
  points: Float64Array,
  dimensions: number,
  k: number,
  options: SelectKOptions,
  runElbow: ElbowRunner
): PendingSelection {
  const request = elbowRequest(points, dimensions, k, options);
  const pending = runElbow(request);
  let chosen: KMeansFit;
  try {
    chosen = fitKMeans(points, dimensions, {...options, k});
  } catch (error) {
    // The elbow's own failure, if any, is not the one to report.
    pending.catch(() => {});
    throw error;
  }
  const selection = pending.then((elbowResult) =>
    finish(points, request, elbowResult, chooseK(k, request, elbowResult), chosen)
  );
  // Awaited later, maybe after other work: a failure until then must not count as unhandled.
  selection.catch(() => {});
  return {chosen, selection};
}

/** The samples and the ks of the elbow; throws for a k beyond the distinct points. */
function elbowRequest(
  points: Float64Array,
  dimensions: number,
  k: number | "auto",
  options: SelectKOptions
): ElbowRequest {
  const distinct = countDistinct(points, dimensions, Math.max(options.maxK, k === "auto" ? options.kRange[1] : k));
  if (k !== "auto" && k > distinct)
    throw new Error(`invalid k: ${k} exceeds the ${distinct} customers with distinct features`);
  const elbowPoints = samplePoints(points, dimensions, options.elbowSample, deriveSeed(options.seed, 0xe1b0));
  const silhouettePoints = samplePoints(
    elbowPoints,
    dimensions,
    options.silhouetteSample,
    deriveSeed(options.seed, 0x5111)
  );
  const ks = new Set<number>();
  for (let j = 1; j <= Math.min(options.maxK, distinct); j++) ks.add(j);
  if (k === "auto") for (let j = options.kRange[0]; j <= Math.min(options.kRange[1], distinct); j++) ks.add(j);
  return {elbowPoints, silhouettePoints, dimensions, ks: [...ks].sort((a, b) => a - b), distinct, options};
}

/** Fits each k of the request on the elbow sample and scores it on the silhouette sample. */
export function elbow({elbowPoints, silhouettePoints, dimensions, ks, options}: ElbowRequest): ElbowResult {
  const m = elbowPoints.length / dimensions;
  const inertia: {k: number; inertia: number}[] = [];
  // The labels of the silhouette sample under each k's fit: scored together below, in one pass over its pairs.
  const labellings: {labels: Int32Array; k: number}[] = [];
  for (const j of ks) {
    // A sample can hold fewer distinct points than the data; such a k is left out of the elbow.
    if (countDistinct(elbowPoints, dimensions, j) < j) continue;
    const fit = fitKMeans(elbowPoints, dimensions, {
      ...options,
      k: j,
      restarts: options.elbowRestarts,
      fitSampleSize: m
    });
    if (j <= options.maxK) inertia.push({k: j, inertia: fit.inertia});
    if (j >= 2) labellings.push({labels: nearest(silhouettePoints, dimensions, fit.centroids), k: j});
  }
  const scores = meanSilhouettes(silhouettePoints, dimensions, labellings);
  return {inertia, silhouettes: labellings.map(({k}, l) => [k, scores[l]])};
}

/** The k to fit on every customer, and why. */
function chooseK(k: number | "auto", request: ElbowRequest, {silhouettes}: ElbowResult): {k: number; reason: string} {
  if (k !== "auto") return {k, reason: "set in the settings"};
  const {options} = request;
  const candidates = silhouettes.filter(
    ([j, s]) => j >= options.kRange[0] && j <= options.kRange[1] && Number.isFinite(s)
  );
  if (candidates.length === 0)
    throw new Error(
      `invalid k: auto needs at least ${options.kRange[0]} distinct customers; found ${request.distinct}`
    );
  candidates.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return {
    k: candidates[0][0],
    reason: `chosen automatically: the highest mean silhouette (${candidates[0][1].toFixed(3)}) for k from ${options.kRange[0]} to ${options.kRange[1]}`
  };
}

/** The selection: the elbow's inertia scaled up to all customers, the silhouettes of k ≤ maxK, and the chosen fit. */
function finish(
  points: Float64Array,
  request: ElbowRequest,
  elbowResult: ElbowResult,
  chosenK: {k: number; reason: string},
  chosen: KMeansFit
): KSelection {
  const {dimensions, options} = request;
  const n = points.length / dimensions;
  const m = request.elbowPoints.length / dimensions;
  const scale = n / m;
  const inertia = elbowResult.inertia.map(({k, inertia}) => ({k, inertia: inertia * scale}));
  // With no sampling the chosen k's full fit (a superset of the elbow's starts) is the better point on the curve.
  const exact = inertia.find((entry) => entry.k === chosenK.k);
  if (exact && m === n) exact.inertia = Math.min(exact.inertia, chosen.inertia);
  const silhouette = elbowResult.silhouettes
    .filter(([j]) => j <= options.maxK)
    .map(([j, s]) => ({k: j, silhouette: s}));
  return {
    diagnostics: {sample: request.silhouettePoints.length / dimensions, elbowSample: m, inertia, silhouette},
    chosen,
    reason: chosenK.reason
  };
}

/** The index of each point's nearest centroid. */
function nearest(points: Float64Array, dimensions: number, centroids: number[][]): Int32Array {
  const n = points.length / dimensions;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    centroids.forEach((centroid, c) => {
      let distance = 0;
      for (let d = 0; d < dimensions; d++) distance += (points[i * dimensions + d] - centroid[d]) ** 2;
      if (distance < best) {
        best = distance;
        labels[i] = c;
      }
    });
  }
  return labels;
}
