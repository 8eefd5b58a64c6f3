import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {stringOrder} from "../data-loaders/fast-string-order.ts";

/** The order the pipeline used to get by sorting indices with a `<` comparator. */
function byComparison(strings: string[]): number[] {
  return strings.map((_, i) => i).sort((a, b) => (strings[a] < strings[b] ? -1 : strings[a] > strings[b] ? 1 : a - b));
}

describe("stringOrder", () => {
  test("stringOrder sorts ids as < does, prefixes first, ties by index", () => {
    const ids = ["KR702234", "FR1", "FR10", "FR", "", "FR1", "fr1", "Z", "é", "ÿ1", "\u{1F600}", "\uFFFF"];
    assert.deepEqual(Array.from(stringOrder(ids)), byComparison(ids));
    // U+FFFF first: the digits widen to 32 bits before the other strings are copied in.
    const widened = ["a\uFFFF", ...ids, "\uFFFF\uFFFF", "b"];
    assert.deepEqual(Array.from(stringOrder(widened)), byComparison(widened));
  });

  test("stringOrder finishes strings that agree past the radix width by comparison", () => {
    const long = "0123456789abcdefghij";
    const ids = [long.slice(0, 16), long + "b", long + "a", long, long + "a", "0123456789abcdeZ"];
    assert.deepEqual(Array.from(stringOrder(ids)), byComparison(ids));
  });

  test("stringOrder agrees with comparison sorting on any strings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({maxLength: 20}), fc.string({unit: "binary", maxLength: 20})), {maxLength: 60}),
        (ids) => {
          assert.deepEqual(Array.from(stringOrder(ids)), byComparison(ids));
        }
      ),
      {numRuns: 500}
    );
  });
});
