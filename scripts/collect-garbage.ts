import {setFlagsFromString} from "node:v8";
import {runInNewContext} from "node:vm";

/**
 * A full garbage collection, for the pipeline's `collectGarbage` hook. V8 returns a large array's memory to the
 * system only once a major collection finds it unreachable, and nothing prompts one when the pipeline drops the
 * reader's key tables: without it, a 10M-line file's RFM table was made while the tables were still held, and runs
 * peaked higher.
 *
 * `--expose-gc` set at run time installs `gc` in the contexts made afterwards, such as this one.
 */
export function garbageCollector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
