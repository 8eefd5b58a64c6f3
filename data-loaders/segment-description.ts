import {describeSegments, type SegmentInput} from "./describe-segments.ts";
import type {SegmentSummary} from "./types.ts";

/** `describeSegments`' input in typed arrays, which another thread can be handed. */
export type SegmentColumns = SegmentInput & {
  assignments: Int32Array;
  recencyDays: Float64Array;
  frequency: Float64Array;
  revenue: Float64Array;
};

/** Runs `describeSegments` on another thread, moving the arrays of `transfer` there. */
export type DescriptionRunner = (input: SegmentColumns, transfer: ArrayBuffer[]) => Promise<SegmentSummary[]>;

/**
 * Clustered customers from which the segments are described on a thread of their own, while this one makes the
 * customer columns. Below, the thread's start-up and its memory cost more than it saves: at 111,444 customers the
 * describe stage took as long (0.27–0.33 s against 0.24–0.32 s) and the run 20 MB more.
 */
export const describeThreadFrom = 500_000;

/**
 * The segments' write-ups: on the thread of `describeOnThread` for many customers (the features' arrays move there),
 * here otherwise. Either way, what `describeSegments` makes of `input`.
 */
export function describeSegmentsSomewhere(
  input: SegmentColumns,
  describeOnThread: DescriptionRunner | undefined
): SegmentSummary[] | Promise<SegmentSummary[]> {
  if (describeOnThread === undefined || input.assignments.length < describeThreadFrom) return describeSegments(input);
  const {recencyDays, frequency, revenue} = input;
  const described = describeOnThread(input, [recencyDays.buffer, frequency.buffer, revenue.buffer] as ArrayBuffer[]);
  // Awaited once the caller's own work is done; a failure before then is not an unhandled rejection.
  described.catch(() => {});
  return described;
}
