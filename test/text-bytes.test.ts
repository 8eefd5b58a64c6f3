import assert from "node:assert/strict";
import {describe, test} from "node:test";
import fc from "fast-check";
import {csvField} from "../data-loaders/customers-csv.ts";
import {putCount, putPlainAscii, TextBytes} from "../data-loaders/text-bytes.ts";

describe("TextBytes", () => {
  test("TextBytes.csvField(text) writes the UTF-8 of csvField(text), after what was written before", () => {
    // A lone surrogate too: UTF-8 writes it as U+FFFD, on either path.
    const unit = fc.constantFrom("a", "7", ",", '"', "\n", "\r", " ", "é", "€", "😀", ";", "\uD800");
    fc.assert(
      fc.property(fc.string({unit, maxLength: 12}), fc.string({unit, maxLength: 4}), (text, before) => {
        const out = new TextBytes(1);
        out.text(before);
        out.csvField(text);
        assert.deepEqual(out.bytes(), Buffer.from(before + csvField(text), "utf8"));
      }),
      {numRuns: 2000}
    );
  });

  test("TextBytes.csvField quotes a field with a delimiter, a quote or a line break, and only those", () => {
    const field = (text: string) => {
      const out = new TextBytes();
      out.csvField(text);
      return out.bytes().toString("utf8");
    };
    assert.equal(field("12345"), "12345");
    assert.equal(field("Côte d'Ivoire"), "Côte d'Ivoire");
    assert.equal(field("a,b"), '"a,b"');
    assert.equal(field('say "hi"'), '"say ""hi"""');
    assert.equal(field("é,\r"), '"é,\r"');
    assert.equal(field("two\nlines"), '"two\nlines"');
  });

  test("TextBytes.integer(value) writes String(value) for every safe integer, after what was written before", () => {
    const write = (value: number) => {
      const out = new TextBytes(1);
      out.text("x");
      out.integer(value);
      return out.bytes().toString("utf8");
    };
    const edges = [0, -0, 9, 10, 99, 100, -1, -10, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32, Number.MAX_SAFE_INTEGER];
    for (const value of edges) assert.equal(write(value), `x${String(value)}`, `value ${value}`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.integer({min: 0, max: 1000}),
          fc.maxSafeInteger().map((v) => v)
        ),
        (value) => write(value) === `x${String(value)}`
      ),
      {numRuns: 5000}
    );
    for (const value of [0.5, -1.5, 2 ** 53, NaN, Infinity]) assert.throws(() => write(value), /not a safe integer/);
  });
});

describe("put functions", () => {
  test("putCount(buf, at, value) writes String(value) at `at` for every int32 ≥ 0 and returns its end", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({min: 0, max: 2 ** 31 - 1}), fc.integer({min: 0, max: 100})),
        fc.nat(5),
        (value, at) => {
          const buf = Buffer.alloc(16, 120);
          const end = putCount(buf, at, value);
          assert.equal(end, at + String(value).length);
          assert.equal(buf.toString("latin1"), "x".repeat(at) + String(value) + "x".repeat(16 - end));
        }
      ),
      {numRuns: 2000}
    );
  });

  test("putPlainAscii(buf, at, text) writes a field that needs no quotes, and returns -1 for any other", () => {
    const buf = Buffer.alloc(16);
    assert.equal(putPlainAscii(buf, 2, "AF1002218"), 11);
    assert.equal(buf.toString("latin1", 2, 11), "AF1002218");
    assert.equal(putPlainAscii(buf, 0, ""), 0);
    for (const text of ["a,b", 'say "hi"', "two\nlines", "cr\r", "Côte", "😀"])
      assert.equal(putPlainAscii(buf, 0, text), -1, text);
  });
});
