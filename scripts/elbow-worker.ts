// The thread of `runElbowOnThread`: runs one elbow request and posts its result back.
import {parentPort} from "node:worker_threads";
import {elbow, type ElbowRequest} from "../data-loaders/diagnostics.ts";

if (parentPort === null)
  throw new Error("scripts/elbow-worker.ts runs as a worker thread, started by runElbowOnThread");
const port = parentPort;
port.once("message", (request: ElbowRequest) => port.postMessage(elbow(request)));
