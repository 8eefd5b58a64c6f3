import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {SegmentError} from "../data-loaders/errors.ts";
import {reportFailure} from "../data-loaders/report-failure.ts";
import {SettingsError} from "../data-loaders/settings.ts";

function capture(error: unknown): {code: number; text: string} {
  let text = "";
  const code = reportFailure(error, (chunk) => (text += chunk));
  return {code, text};
}

describe("reportFailure", () => {
  test("reportFailure(SegmentError) prints one error line and returns 1", () => {
    const error = new SegmentError("the file is empty", {file: "a.csv", line: 1});
    assert.deepEqual(capture(error), {code: 1, text: "error: a.csv, line 1: the file is empty\n"});
  });

  test("reportFailure(SettingsError) prints one error line and returns 1", () => {
    const error = new SettingsError('invalid k: "x"; expected a whole number ≥ 1 or auto');
    assert.deepEqual(capture(error), {code: 1, text: 'error: invalid k: "x"; expected a whole number ≥ 1 or auto\n'});
  });

  test("reportFailure of any other Error prints the stack as an internal error and returns 70", () => {
    const error = new TypeError("cannot read properties of undefined");
    const {code, text} = capture(error);
    assert.equal(code, 70);
    assert.equal(text, `internal error: ${error.stack}\n`);
    assert.match(text, /TypeError: cannot read properties of undefined\n\s+at /);
  });

  test("reportFailure of an Error without a stack prints its message", () => {
    const error = new Error("boom");
    error.stack = undefined;
    assert.deepEqual(capture(error), {code: 70, text: "internal error: boom\n"});
  });

  test("reportFailure of a thrown non-Error prints it and returns 70", () => {
    assert.deepEqual(capture("boom"), {code: 70, text: "internal error: boom\n"});
    assert.deepEqual(capture(undefined), {code: 70, text: "internal error: undefined\n"});
  });

  test("reportFailure writes to stderr by default", (t) => {
    const writes: string[] = [];
    t.mock.method(process.stderr, "write", (chunk: string) => {
      writes.push(chunk);
      return true;
    });
    assert.equal(reportFailure(new SegmentError("x")), 1);
    assert.deepEqual(writes, ["error: x\n"]);
  });
});
