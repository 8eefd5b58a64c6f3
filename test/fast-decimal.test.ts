import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {COMMA, DOT, parseDecimalInto} from "../data-loaders/fast-decimal.ts";
import {parseDecimal} from "../data-loaders/numbers.ts";

/** The text's bytes between digits and signs that must not be read: the parser gets a range of a larger buffer. */
function parseInBuffer(text: string, mark: "." | ","): number {
  const bytes = Buffer.concat([Buffer.from("9-+1,."), Buffer.from(text, "utf8"), Buffer.from(".,7+-9")]);
  const out = new Float64Array([1, 2, 3]);
  parseDecimalInto(bytes, 6, bytes.length - 6, mark === "," ? COMMA : DOT, out, 1);
  assert.deepEqual([out[0], out[2]], [1, 3], "writes its slot only");
  return out[1];
}

/** Same value bit for bit: Object.is tells -0 from 0. */
function assertSame(text: string, mark: "." | ",") {
  const expected = parseDecimal(text, mark);
  const actual = parseInBuffer(text, mark);
  assert.ok(Object.is(actual, expected), `${JSON.stringify(text)} with mark ${mark}: ${actual} ≠ ${expected}`);
}

const digits = (max: number) => fc.string({unit: fc.constantFrom(..."0123456789"), maxLength: max});
const numberText = fc
  .tuple(fc.constantFrom("", "-", "+"), digits(20), fc.constantFrom("", ".", ","), digits(20))
  .map(([sign, whole, mark, fraction]) => sign + whole + mark + fraction);
const anyText = fc.string({
  unit: fc.constantFrom(..."0123456789", "-", "+", ".", ",", " ", "e", "E", "x", "é", "٣", "\u00a0", "\t"),
  maxLength: 12
});

describe("parseDecimalInto", () => {
  test("parseDecimalInto reads what parseDecimal reads, to the same double", () => {
    for (const [text, mark] of [
      ["808,08", ","],
      ["-8,08", ","],
      ["1606,80", ","],
      ["12.5", "."],
      ["-0", "."],
      ["+0.0", "."],
      [".5", "."],
      ["-,5", ","],
      ["007.50", "."],
      ["0.1", "."],
      ["9007199254740993", "."],
      ["123456789012345.6", "."],
      ["0.000000000000000000001", "."]
    ] as const) {
      assertSame(text, mark);
    }
    assert.equal(parseInBuffer("808,08", ","), 808.08);
    assert.ok(Object.is(parseInBuffer("-0", "."), -0));
  });

  test("parseDecimalInto rejects what parseDecimal rejects", () => {
    for (const text of [
      "",
      "-",
      "+",
      ".",
      "5.",
      "1.2.3",
      "1,234.5",
      "1e5",
      "NaN",
      "Infinity",
      " 5",
      "5 ",
      "٣",
      "+-1"
    ]) {
      assert.ok(Number.isNaN(parseInBuffer(text, ".")), JSON.stringify(text));
      assertSame(text, ".");
    }
    assert.ok(Number.isNaN(parseInBuffer("808.08", ",")));
    assert.ok(Number.isNaN(parseInBuffer("808,08", ".")));
  });

  test("parseDecimalInto agrees with parseDecimal on generated numbers, long ones included, and on any text", () => {
    fc.assert(
      fc.property(fc.oneof(numberText, anyText), fc.constantFrom<"." | ",">(".", ","), (text, mark) => {
        assertSame(text, mark);
      }),
      {numRuns: 5000}
    );
  });

  test("parseDecimalInto reads every double printed with up to 15 digits exactly as Number() does", () => {
    fc.assert(
      fc.property(fc.double({noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9}), fc.nat(6), (x, places) => {
        const text = x.toFixed(places);
        assertSame(text, ".");
        assertSame(text.replace(".", ","), ",");
      }),
      {numRuns: 5000}
    );
  });
});
