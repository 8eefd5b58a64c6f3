// The reader thread of `startReadWorker`: parses a transaction file's records while the main thread fills the book.
import {parentPort} from "node:worker_threads";
import {readPort, serveRead} from "../data-loaders/fast-parallel-read.ts";

if (parentPort === null) throw new Error("scripts/read-worker.ts runs as a worker thread, started by startReadWorker");
serveRead(readPort(parentPort));
