// The thread of `describeOnThread`: describes the segments of one request, and answers.
import {parentPort} from "node:worker_threads";
import {describeSegments} from "../data-loaders/describe-segments.ts";
import type {SegmentColumns} from "../data-loaders/segment-description.ts";

if (parentPort === null)
  throw new Error("scripts/describe-worker.ts runs as a worker thread, started by describeOnThread");
const port = parentPort;
port.once("message", (input: SegmentColumns) => port.postMessage(describeSegments(input)));
