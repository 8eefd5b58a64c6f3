// The pipeline's reader thread, which the launcher can start before the entry's bundle loads.
//
// Plain JavaScript, as the launcher is: it is loaded before any bundle. Starting a worker costs this machine about
// 0.1 s before the thread runs a line of its own (Node's bootstrap of a worker, then the launcher and the reader's
// bundle), and the reader is the critical path of a large file's read: started with the process, that time passes
// while the main thread loads its own bundle and reads the file's header, instead of after.
import {Worker} from "node:worker_threads";
import {fileURLToPath} from "node:url";

const launcher = fileURLToPath(new URL("./run.mjs", import.meta.url));
const entry = fileURLToPath(new URL("./read-worker.ts", import.meta.url));
/** Where the launcher leaves the thread for the bundle: the bundle holds its own copy of this module. */
const prestarted = Symbol.for("customer-segments.prestarted-reader-thread");

/** A new reader thread, run through the launcher as the scripts are (one cached bundle). */
function spawnReaderThread() {
  // The thread's short-lived objects (decoded keys on their way over) need little room: a small young generation
  // keeps 10–30 MB off a 10M-line run's peak, at no cost in time measured.
  return new Worker(launcher, {argv: [entry], resourceLimits: {maxYoungGenerationSizeMb: 8}});
}

/**
 * Starts a reader thread for `takeReaderThread` to hand over later. Until then it keeps nothing alive: a run that
 * never reads with it (a small file, a setting that fails) ends as if it had not been started.
 */
export function prestartReaderThread() {
  const worker = spawnReaderThread();
  const held = {worker, failed: false};
  // A thread that fails before it is taken is replaced when it is: its error is not lost, the new thread meets it.
  worker.on("error", () => (held.failed = true));
  worker.on("exit", () => (held.failed = true));
  worker.unref();
  globalThis[prestarted] = held;
}

/** The thread `prestartReaderThread` started, the first time and if it is still well, or else a new one. */
export function takeReaderThread() {
  const held = globalThis[prestarted];
  delete globalThis[prestarted];
  if (held === undefined) return spawnReaderThread();
  if (held.failed) {
    void held.worker.terminate();
    return spawnReaderThread();
  }
  held.worker.removeAllListeners("error");
  held.worker.removeAllListeners("exit");
  held.worker.ref();
  return held.worker;
}
