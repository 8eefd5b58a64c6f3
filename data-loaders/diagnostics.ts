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
  const n = points.length / dimensions;
  const distinct = countDistinct(points, dimensions, Math.max(options.maxK, k === "auto" ? options.kRange[1] : k));
  if (k !== "auto" && k > distinct)
    throw new Error(`invalid k: ${k} exceeds the ${distinct} customers with distinct features`);
  const elbowPoints = samplePoints(points, dimensions, options.elbowSample, deriveSeed(options.seed, 0xe1b0));
  const m = elbowPoints.length / dimensions;
  const scale = n / m;
  const silhouettePoints = samplePoints(
    elbowPoints,
    dimensions,
    options.silhouetteSample,
    deriveSeed(options.seed, 0x5111)
  );
  const ks = new Set<number>();
  for (let j = 1; j <= Math.min(options.maxK, distinct); j++) ks.add(j);
  if (k === "auto") for (let j = options.kRange[0]; j <= Math.min(options.kRange[1], distinct); j++) ks.add(j);
  const inertia: {k: number; inertia: number}[] = [];
  // The labels of the silhouette sample under each k's fit: scored together below, in one pass over its pairs.
  const labellings: {labels: Int32Array; k: number}[] = [];
  for (const j of [...ks].sort((a, b) => a - b)) {
    // A sample can hold fewer distinct points than the data; such a k is left out of the elbow.
    if (countDistinct(elbowPoints, dimensions, j) < j) continue;
    const fit = fitKMeans(elbowPoints, dimensions, {
      ...options,
      k: j,
      restarts: options.elbowRestarts,
      fitSampleSize: m
    });
    if (j <= options.maxK) inertia.push({k: j, inertia: fit.inertia * scale});
    if (j >= 2) labellings.push({labels: nearest(silhouettePoints, dimensions, fit.centroids), k: j});
  }
  const scores = meanSilhouettes(silhouettePoints, dimensions, labellings);
  const silhouettes = new Map(labellings.map(({k}, l) => [k, scores[l]]));
  let chosenK: number;
  let reason: string;
  if (k === "auto") {
    const candidates = [...silhouettes].filter(
      ([j, s]) => j >= options.kRange[0] && j <= options.kRange[1] && Number.isFinite(s)
    );
    if (candidates.length === 0)
      throw new Error(`invalid k: auto needs at least ${options.kRange[0]} distinct customers; found ${distinct}`);
    candidates.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    chosenK = candidates[0][0];
    reason = `chosen automatically: the highest mean silhouette (${candidates[0][1].toFixed(3)}) for k from ${options.kRange[0]} to ${options.kRange[1]}`;
  } else {
    chosenK = k;
    reason = "set in the settings";
  }
  const chosen = fitKMeans(points, dimensions, {...options, k: chosenK});
  // With no sampling the chosen k's full fit (a superset of the elbow's starts) is the better point on the curve.
  const exact = inertia.find((entry) => entry.k === chosenK);
  if (exact && m === n) exact.inertia = Math.min(exact.inertia, chosen.inertia);
  const silhouette = [...silhouettes].filter(([j]) => j <= options.maxK).map(([j, s]) => ({k: j, silhouette: s}));
  return {
    diagnostics: {sample: silhouettePoints.length / dimensions, elbowSample: m, inertia, silhouette},
    chosen,
    reason
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
