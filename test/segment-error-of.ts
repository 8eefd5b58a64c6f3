import assert from "node:assert/strict";
import {SegmentError} from "../data-loaders/errors.ts";

/** The SegmentError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<SegmentError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SegmentError, `expected a SegmentError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the promise to reject with a SegmentError");
}
