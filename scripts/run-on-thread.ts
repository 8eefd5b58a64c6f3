import {fileURLToPath} from "node:url";
import {Worker} from "node:worker_threads";

const launcher = fileURLToPath(new URL("./run.mjs", import.meta.url));

/** A thread started ahead of its request, and whether it has failed or stopped since. */
interface Held {
  worker: Worker;
  failed: boolean;
  /** Marks it failed, on its `error` and `exit` events; removed once it is taken. */
  onFailure: () => void;
}

/**
 * Threads started by `prestartThread`, one per entry at most, until `runOnThread` takes them. Starting a thread
 * costs this machine about 0.1 s before it runs a line of its own (Node's bootstrap of a worker, the launcher, the
 * bundle), which lands on a run's critical path when the thread starts as its request is made.
 */
const prestarted = new Map<string, Held>();

function entryPath(entry: string): string {
  return fileURLToPath(new URL(entry, import.meta.url));
}

function spawn(path: string): Worker {
  return new Worker(launcher, {argv: [path]});
}

/**
 * Starts the thread of `entry` (a script of this folder) for a request to come, where it waits without keeping the
 * process alive. A thread already waiting for `entry` is kept. A thread that fails before it is taken is replaced
 * when it is: its error is not lost, the new thread meets it. Returns the waiting thread, for its events.
 */
export function prestartThread(entry: string): Worker {
  const path = entryPath(entry);
  const waiting = prestarted.get(path);
  if (waiting !== undefined) return waiting.worker;
  const held: Held = {worker: spawn(path), failed: false, onFailure: () => (held.failed = true)};
  held.worker.on("error", held.onFailure);
  held.worker.on("exit", held.onFailure);
  held.worker.unref();
  prestarted.set(path, held);
  return held.worker;
}

/** The thread `prestartThread` started for `path`, if it is still well, or else a new one. */
function takeThread(path: string): Worker {
  const held = prestarted.get(path);
  prestarted.delete(path);
  if (held === undefined) return spawn(path);
  if (held.failed) {
    void held.worker.terminate();
    return spawn(path);
  }
  held.worker.off("error", held.onFailure);
  held.worker.off("exit", held.onFailure);
  held.worker.ref();
  return held.worker;
}

/**
 * Runs one request on a thread of its own: `entry` (a script of this folder) answers the request it is posted with
 * one message. The thread starts through the launcher, as the scripts do (one cached bundle), or was started ahead
 * by `prestartThread`, and ends once it has answered. `name` names the thread in errors; the buffers of `transfer`
 * move to the thread with the request.
 */
export function runOnThread<Request, Result>(
  entry: string,
  name: string,
  request: Request,
  {signal, transfer = []}: {signal?: AbortSignal; transfer?: ArrayBuffer[]} = {}
): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = takeThread(entryPath(entry));
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
    worker.once("message", (result: Result) =>
      answer(() => {
        resolve(result);
        void worker.terminate();
      })
    );
    worker.once("error", (error) => answer(() => reject(error)));
    worker.once("exit", (code) =>
      answer(() => reject(new Error(`the ${name} thread stopped early, with exit code ${code}`)))
    );
    try {
      worker.postMessage(request, transfer);
    } catch (error) {
      // A request that cannot be posted (a buffer already moved, say) would leave the thread waiting for ever.
      answer(() => {
        reject(error);
        void worker.terminate();
      });
    }
  });
}
