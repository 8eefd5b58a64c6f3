import {fileURLToPath} from "node:url";
import {Worker} from "node:worker_threads";
import {readPort, type ReadWorker} from "../data-loaders/fast-parallel-read.ts";

const launcher = fileURLToPath(new URL("./run.mjs", import.meta.url));
const entry = fileURLToPath(new URL("./read-worker.ts", import.meta.url));

/**
 * Starts a reader thread for the pipeline's `startReadWorker` hook. It runs through the launcher, as the scripts
 * do: the thread loads one cached bundle, not the TypeScript sources one by one.
 */
export function startReadWorker(): ReadWorker {
  // The thread's short-lived objects (decoded keys on their way over) need little room: a small young generation
  // keeps 10–30 MB off a 10M-line run's peak, at no cost in time measured.
  const worker = new Worker(launcher, {argv: [entry], resourceLimits: {maxYoungGenerationSizeMb: 8}});
  return {
    port: readPort(worker),
    onFailure: (listener) => {
      worker.on("error", listener);
      worker.on("exit", (code) => listener(new Error(`the reader thread stopped early, with exit code ${code}`)));
    },
    stop: async () => {
      await worker.terminate();
    }
  };
}
