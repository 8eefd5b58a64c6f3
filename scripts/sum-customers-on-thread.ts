import type {CustomerSumsTask} from "../data-loaders/rfm.ts";
import {prestartThread, runOnThread} from "./run-on-thread.ts";

const entry = "./sums-worker.ts";

/**
 * The pipeline's `sumOnThread` hook: a share of the customers' sums on a thread of its own, reading the book's
 * columns and writing the sums in shared memory.
 */
export async function sumCustomersOnThread(task: CustomerSumsTask, signal?: AbortSignal): Promise<void> {
  await runOnThread<CustomerSumsTask, null>(entry, "sums", task, {signal});
}

/** Starts the thread of `sumCustomersOnThread` ahead of its task. */
export function prestartSumsThread(): void {
  prestartThread(entry);
}
