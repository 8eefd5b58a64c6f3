import {parentPort} from "node:worker_threads";

/**
 * The thread's side of `runOnThread`: answers the one request it is posted with `answer(request)`. `script` and
 * `starter` name the thread's script and what starts it, for the error when it is run otherwise.
 */
export function answerOnce<Request, Result>(
  script: string,
  starter: string,
  answer: (request: Request) => Result
): void {
  if (parentPort === null) throw new Error(`${script} runs as a worker thread, started by ${starter}`);
  const port = parentPort;
  port.once("message", (request: Request) => port.postMessage(answer(request)));
}
