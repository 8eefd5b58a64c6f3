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
export function runElbowOnThread(request: ElbowRequest): Promise<ElbowResult> {
  return new Promise<ElbowResult>((resolve, reject) => {
    const worker = new Worker(launcher, {argv: [entry]});
    let answered = false;
    worker.once("message", (result: ElbowResult) => {
      answered = true;
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", (error) => {
      answered = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!answered) reject(new Error(`the elbow thread stopped early, with exit code ${code}`));
    });
    worker.postMessage(request);
  });
}
