import {fileURLToPath} from "node:url";
import {Worker} from "node:worker_threads";

const launcher = fileURLToPath(new URL("./run.mjs", import.meta.url));

/**
 * Runs one request on a thread of its own: `entry` (a script of this folder) answers the request it is posted with
 * one message. The thread starts through the launcher, as the scripts do (one cached bundle), and ends once it has
 * answered. `name` names the thread in errors; the buffers of `transfer` move to the thread with the request.
 */
export function runOnThread<Request, Result>(
  entry: string,
  name: string,
  request: Request,
  {signal, transfer = []}: {signal?: AbortSignal; transfer?: ArrayBuffer[]} = {}
): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(launcher, {argv: [fileURLToPath(new URL(entry, import.meta.url))]});
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
