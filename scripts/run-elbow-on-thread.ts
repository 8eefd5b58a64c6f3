import {fileURLToPath} from "node:url";
import {Worker} from "node:worker_threads";
import type {ElbowRequest, ElbowResult} from "../data-loaders/diagnostics.ts";

const launcher = fileURLToPath(new URL("./run.mjs", import.meta.url));
const entry = fileURLToPath(new URL("./elbow-worker.ts", import.meta.url));

/**
 * The pipeline's `runElbow` hook: the elbow diagnostics on a thread of their own, started through the launcher as
 * the scripts are (one cached bundle). The thread starts while this one begins its own fit, so its start-up costs
 * no time of its own.
 */
export function runElbowOnThread(request: ElbowRequest, signal?: AbortSignal): Promise<ElbowResult> {
  return new Promise<ElbowResult>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(launcher, {argv: [entry]});
    let answered = false;
    /** Settles the promise once, whichever of the thread and the signal comes first. */
    const answer = (settle: () => void) => {
      if (answered) return;
      answered = true;
      signal?.removeEventListener("abort", abort);
      settle();
    };
    const abort = () =>
      answer(() => {
        reject(signal!.reason);
        void worker.terminate();
      });
    signal?.addEventListener("abort", abort, {once: true});
    worker.once("message", (result: ElbowResult) =>
      answer(() => {
        resolve(result);
        void worker.terminate();
      })
    );
    worker.once("error", (error) => answer(() => reject(error)));
    worker.once("exit", (code) =>
      answer(() => reject(new Error(`the elbow thread stopped early, with exit code ${code}`)))
    );
    worker.postMessage(request);
  });
}
