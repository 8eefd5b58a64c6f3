import type {HelperThread, PipelineHooks} from "../data-loaders/pipeline.ts";
import {garbageCollector} from "./collect-garbage.ts";
import {describeOnThread, prestartDescribeThread} from "./describe-on-thread.ts";
import {prestartElbowThread, runElbowOnThread} from "./run-elbow-on-thread.ts";
import {startReadWorker} from "./start-read-worker.ts";
import {prestartSumsThread, sumCustomersOnThread} from "./sum-customers-on-thread.ts";

const prestarts: Record<HelperThread, () => void> = {
  sums: prestartSumsThread,
  elbow: prestartElbowThread,
  describe: prestartDescribeThread
};

/**
 * The hooks through which the pipeline, a pure library, uses this process: its threads (the reader, the elbow, the
 * sums, the segments' write-ups) and its garbage collector. Every entry point that segments a file passes them all.
 */
export function pipelineHooks(): PipelineHooks {
  return {
    collectGarbage: garbageCollector(),
    startReadWorker,
    runElbow: runElbowOnThread,
    sumOnThread: sumCustomersOnThread,
    describeOnThread,
    prestartThreads: (threads) => threads.forEach((thread) => prestarts[thread]())
  };
}
