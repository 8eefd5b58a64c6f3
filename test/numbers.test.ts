import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {parseDecimal} from "../data-loaders/numbers.ts";

/**
 * The README's grammar: an optional sign, digits, and an optional fraction after the decimal mark. A leading mark
 * (".5") is accepted as well, as Number(".5") and float(".5") read it; a trailing mark ("5.") is not.
 */
function reference(text: string, mark: "." | ","): number {
  const escaped = mark === "." ? "\\." : ",";
  const grammar = new RegExp(`^[+-]?(\\d+(${escaped}\\d+)?|${escaped}\\d+)$`);
  if (!grammar.test(text)) return NaN;
  return Number(text.replace(mark, "."));
}

describe("parseDecimal", () => {
  test('parseDecimal("-12.5") is -12.5 and parseDecimal("+3") is 3', () => {
    assert.equal(parseDecimal("-12.5"), -12.5);
    assert.equal(parseDecimal("+3"), 3);
    assert.equal(parseDecimal("0"), 0);
    assert.equal(parseDecimal("007.50"), 7.5);
    assert.equal(parseDecimal("1234567.89"), 1234567.89);
  });

  test('parseDecimal("12,5", ",") is 12.5 and parseDecimal("-0,01", ",") is -0.01', () => {
    assert.equal(parseDecimal("12,5", ","), 12.5);
    assert.equal(parseDecimal("-0,01", ","), -0.01);
    assert.equal(parseDecimal("808,08", ","), 808.08);
    assert.equal(parseDecimal("42", ","), 42);
  });

  test("parseDecimal reads the other mark as unparsable", () => {
    assert.ok(Number.isNaN(parseDecimal("12.5", ",")));
    assert.ok(Number.isNaN(parseDecimal("12,5", ".")));
  });

  test("parseDecimal rejects thousands separators, currency, exponents, NaN, Infinity and blanks", () => {
    for (const text of [
      "1,234.50",
      "1.234,50",
      "1 234",
      "$5",
      "5€",
      "1e3",
      "1E3",
      "0x10",
      "NaN",
      "Infinity",
      "-Infinity",
      "",
      " ",
      " 1",
      "1 ",
      "-",
      "+",
      ".",
      "5.",
      "-5.",
      "1.2.3",
      "--1",
      "+-1",
      "1-",
      "١٢" // Arabic-Indic digits
    ]) {
      assert.ok(Number.isNaN(parseDecimal(text)), JSON.stringify(text));
    }
    for (const text of ["1.234,5", "1,2,3", "5,", ","]) assert.ok(Number.isNaN(parseDecimal(text, ",")), text);
  });

  test("parseDecimal gives NaN rather than Infinity for numbers beyond a double", () => {
    assert.ok(Number.isNaN(parseDecimal("9".repeat(400))));
  });

  test("parseDecimal accepts exactly the strict grammar, for both decimal marks", () => {
    const alphabet = fc.constantFrom("0", "1", "5", "9", ".", ",", "-", "+", "e", " ", "$", "_");
    fc.assert(
      fc.property(fc.string({unit: alphabet, maxLength: 8}), fc.constantFrom<"." | ",">(".", ","), (text, mark) => {
        const expected = reference(text, mark);
        const actual = parseDecimal(text, mark);
        if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), `${JSON.stringify(text)} should be NaN`);
        else assert.equal(actual, expected, JSON.stringify(text));
      }),
      {numRuns: 5000}
    );
  });

  test("parseDecimal reads back every finite number printed in plain notation", () => {
    fc.assert(
      fc.property(fc.integer({min: -1e9, max: 1e9}), fc.integer({min: 0, max: 4}), (cents, digits) => {
        const text = (cents / 100).toFixed(digits);
        assert.equal(parseDecimal(text), Number(text));
        assert.equal(parseDecimal(text.replace(".", ","), ","), Number(text));
      })
    );
  });
});
