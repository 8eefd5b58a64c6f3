// The thread of `runElbowOnThread`: runs one elbow request and posts its result back.
import {elbow} from "../data-loaders/diagnostics.ts";
import {answerOnce} from "./answer-once.ts";

answerOnce("scripts/elbow-worker.ts", "runElbowOnThread", elbow);
