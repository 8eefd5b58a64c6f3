import type {SegmentColumns} from "../data-loaders/segment-description.ts";
import type {SegmentSummary} from "../data-loaders/types.ts";
import {prestartThread, runOnThread} from "./run-on-thread.ts";

const entry = "./describe-worker.ts";

/**
 * The pipeline's `describeOnThread` hook: the segments' write-ups on a thread of their own, while the main thread
 * makes the customer columns.
 */
export function describeOnThread(
  input: SegmentColumns,
  transfer: ArrayBuffer[],
  signal?: AbortSignal
): Promise<SegmentSummary[]> {
  return runOnThread(entry, "describe", input, {signal, transfer});
}

/** Starts the thread of `describeOnThread` ahead of its request. */
export function prestartDescribeThread(): void {
  prestartThread(entry);
}
