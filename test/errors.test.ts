import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {quote, SegmentError} from "../data-loaders/errors.ts";

describe("SegmentError", () => {
  test("SegmentError's message names the file, line and column, then what was found and expected", () => {
    const error = new SegmentError("missing required column for the country", {
      file: "data/orders.csv",
      line: 1,
      column: 3,
      found: "the columns a, b",
      expected: 'a column named "Country"'
    });
    assert.equal(
      error.message,
      'data/orders.csv, line 1, column 3: missing required column for the country; found the columns a, b; expected a column named "Country"'
    );
    assert.equal(error.name, "SegmentError");
    assert.ok(error instanceof Error);
    assert.deepEqual(error.details, {
      file: "data/orders.csv",
      line: 1,
      column: 3,
      found: "the columns a, b",
      expected: 'a column named "Country"'
    });
  });

  test("SegmentError without details is the problem alone", () => {
    const error = new SegmentError("no customer can be clustered");
    assert.equal(error.message, "no customer can be clustered");
    assert.deepEqual(error.details, {});
  });

  test("SegmentError leaves out the parts it was not given", () => {
    assert.equal(new SegmentError("p", {line: 4}).message, "line 4: p");
    assert.equal(new SegmentError("p", {file: "f", column: "Price"}).message, "f, column Price: p");
    assert.equal(new SegmentError("p", {expected: "q"}).message, "p; expected q");
    assert.equal(new SegmentError("p", {found: quote("")}).message, 'p; found ""');
    assert.equal(new SegmentError("p", {line: 0}).message, "line 0: p");
  });

  test("SegmentError cuts a long description of what was found short", () => {
    const error = new SegmentError("p", {found: "x".repeat(1000)});
    assert.equal(error.message, `p; found ${"x".repeat(400)}… (1000 characters)`);
  });
});

describe("quote", () => {
  test("quote(value) is the JSON string of values up to 60 characters", () => {
    assert.equal(quote("abc"), '"abc"');
    assert.equal(quote('say "hi"\n'), '"say \\"hi\\"\\n"');
    assert.equal(quote("y".repeat(60)), JSON.stringify("y".repeat(60)));
  });

  test("quote(value, max) cuts longer values and tells their length", () => {
    assert.equal(quote("y".repeat(61)), JSON.stringify(`${"y".repeat(60)}… (61 characters)`));
    assert.equal(quote("abcdef", 3), JSON.stringify("abc… (6 characters)"));
  });
});
