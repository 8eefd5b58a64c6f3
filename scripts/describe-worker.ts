// The thread of `describeOnThread`: describes the segments of one request, and answers.
import {describeSegments} from "../data-loaders/describe-segments.ts";
import {answerOnce} from "./answer-once.ts";

answerOnce("scripts/describe-worker.ts", "describeOnThread", describeSegments);
