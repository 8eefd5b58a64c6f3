import {readPort, type ReadWorker} from "../data-loaders/fast-parallel-read.ts";
import {takeReaderThread} from "./reader-thread.mjs";

/**
 * Starts a reader thread for the pipeline's `startReadWorker` hook, or takes the one the launcher started with the
 * process (`--prestart-reader`).
 */
export function startReadWorker(): ReadWorker {
  const worker = takeReaderThread();
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
