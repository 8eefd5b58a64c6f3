import type {ElbowRequest, ElbowResult} from "../data-loaders/diagnostics.ts";
import {prestartThread, runOnThread} from "./run-on-thread.ts";

const entry = "./elbow-worker.ts";

/**
 * The pipeline's `runElbow` hook: the elbow diagnostics on a thread of their own, while this one fits the chosen k.
 */
export function runElbowOnThread(request: ElbowRequest, signal?: AbortSignal): Promise<ElbowResult> {
  return runOnThread(entry, "elbow", request, {signal});
}

/** Starts the thread of `runElbowOnThread` ahead of its request. */
export function prestartElbowThread(): void {
  prestartThread(entry);
}
