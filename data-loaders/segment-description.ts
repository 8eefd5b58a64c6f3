import type {SegmentInput} from "./describe-segments.ts";
import type {SegmentSummary} from "./types.ts";

/** `describeSegments`' input in typed arrays, which another thread can be handed. */
export type SegmentColumns = SegmentInput & {
  assignments: Int32Array;
  recencyDays: Float64Array;
  frequency: Float64Array;
  revenue: Float64Array;
};

/**
 * Runs `describeSegments` on another thread, moving the arrays of `transfer` there. The thread stops, and the
 * promise rejects, once `signal` aborts.
 */
export type DescriptionRunner = (
  input: SegmentColumns,
  transfer: ArrayBuffer[],
  signal?: AbortSignal
) => Promise<SegmentSummary[]>;

/**
 * Clustered customers from which the segments are described on a thread of their own, while this one makes the
 * customer columns. Below, the thread's start-up and its memory cost more than it saves: at 111,444 customers the
 * describe stage took as long (0.27–0.33 s against 0.24–0.32 s) and the run 20 MB more.
 */
export const describeThreadFrom = 500_000;

/**
 * Starts describing the segments on the thread of `describeOnThread` when there are many clustered customers (the
 * features' arrays that `input` makes move there), and returns the promised write-ups; returns null otherwise, and
 * the caller describes them itself (`describeSegments(input())`), where it suits its memory best.
 */
export function describeOnThreadFor(
  input: () => SegmentColumns,
  clustered: number,
  describeOnThread: DescriptionRunner | undefined
): Promise<SegmentSummary[]> | null {
  if (describeOnThread === undefined || clustered < describeThreadFrom) return null;
  const columns = input();
  const {recencyDays, frequency, revenue} = columns;
  const described = describeOnThread(columns, [recencyDays.buffer, frequency.buffer, revenue.buffer] as ArrayBuffer[]);
  // Awaited once the caller's own work is done; a failure before then is not an unhandled rejection.
  described.catch(() => {});
  return described;
}
