import {countDistinct, fitKMeans, sampleIndices, type KMeansFit, type KMeansOptions} from "./kmeans.ts";
import {deriveSeed} from "./random.ts";
import {meanSilhouette} from "./silhouette.ts";
import type {Diagnostics} from "./types.ts";

export interface KSelection {
  fits: Map<number, KMeansFit>;
  diagnostics: Diagnostics;
  chosen: KMeansFit;
  /** How k was chosen, in words for the report. */
  reason: string;
}

/**
 * Fits k = 1..maxK (the elbow) and scores k ≥ 2 by silhouette on a seeded sample, then keeps the requested k or,
 * for `auto`, the k in range with the highest silhouette (ties to the smaller k).
 */
export function selectK(
  points: Float64Array,
  dimensions: number,
  k: number | "auto",
  options: Omit<KMeansOptions, "k"> & {maxK: number; kRange: [number, number]; silhouetteSample: number}
): KSelection {
  const n = points.length / dimensions;
  const fits = new Map<number, KMeansFit>();
  const distinct = countDistinct(
    points,
    dimensions,
    Math.max(options.maxK, typeof k === "number" ? k : options.kRange[1])
  );
  const ks = new Set<number>();
  for (let j = 1; j <= Math.min(options.maxK, distinct); j++) ks.add(j);
  if (k === "auto") for (let j = options.kRange[0]; j <= Math.min(options.kRange[1], distinct); j++) ks.add(j);
  else ks.add(k);
  for (const j of [...ks].sort((a, b) => a - b))
    if (j <= distinct) fits.set(j, fitKMeans(points, dimensions, {...options, k: j}));
  const sample = sampleIndices(n, Math.min(n, options.silhouetteSample), deriveSeed(options.seed, 0x5111));
  const samplePoints = new Float64Array(sample.length * dimensions);
  sample.forEach((i, s) => samplePoints.set(points.subarray(i * dimensions, (i + 1) * dimensions), s * dimensions));
  const silhouettes = new Map<number, number>();
  for (const [j, fit] of fits) {
    if (j < 2) continue;
    const labels = Int32Array.from(sample, (i) => fit.assignments[i]);
    silhouettes.set(j, meanSilhouette(samplePoints, dimensions, labels, j));
  }
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
    if (k > distinct) throw new Error(`invalid k: ${k} exceeds the ${distinct} customers with distinct features`);
    chosenK = k;
    reason = "set in the settings";
  }
  const inertia = [...fits].filter(([j]) => j <= options.maxK).map(([j, fit]) => ({k: j, inertia: fit.inertia}));
  const silhouette = [...silhouettes].filter(([j]) => j <= options.maxK).map(([j, s]) => ({k: j, silhouette: s}));
  return {fits, diagnostics: {sample: sample.length, inertia, silhouette}, chosen: fits.get(chosenK)!, reason};
}
