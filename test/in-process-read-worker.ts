import {MessageChannel} from "node:worker_threads";
import {readPort, serveRead, type ReadWorker} from "../data-loaders/fast-parallel-read.ts";

/** A reader "thread" on this thread: the same messages, moves and order as with a worker, without starting one. */
export function inProcessReadWorker(): ReadWorker {
  const {port1, port2} = new MessageChannel();
  serveRead(readPort(port2));
  return {
    port: readPort(port1),
    onFailure: () => {},
    stop: () => {
      port1.close();
      port2.close();
    }
  };
}
