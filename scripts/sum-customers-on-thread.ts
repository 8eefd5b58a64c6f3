import type {CustomerSumsTask} from "../data-loaders/rfm.ts";
import {runOnThread} from "./run-on-thread.ts";

/**
 * The pipeline's `sumOnThread` hook: a share of the customers' sums on a thread of its own, reading the book's
 * columns and writing the sums in shared memory.
 */
export async function sumCustomersOnThread(task: CustomerSumsTask, signal?: AbortSignal): Promise<void> {
  await runOnThread<CustomerSumsTask, null>("./sums-worker.ts", "sums", task, {signal});
}
