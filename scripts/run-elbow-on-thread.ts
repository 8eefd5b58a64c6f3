import type {ElbowRequest, ElbowResult} from "../data-loaders/diagnostics.ts";
import {runOnThread} from "./run-on-thread.ts";

/**
 * The pipeline's `runElbow` hook: the elbow diagnostics on a thread of their own. The thread starts while this one
 * begins its own fit, so its start-up costs no time of its own.
 */
export function runElbowOnThread(request: ElbowRequest, signal?: AbortSignal): Promise<ElbowResult> {
  return runOnThread("./elbow-worker.ts", "elbow", request, {signal});
}
