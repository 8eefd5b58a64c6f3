import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {InternedStrings} from "../data-loaders/fast-interned-strings.ts";

/** Interns each of `texts` in turn, as one buffer with the texts side by side; returns the indices. */
function intern(strings: InternedStrings, texts: string[]): number[] {
  const parts = texts.map((text) => Buffer.from(text, "utf8"));
  const buf = Buffer.concat(parts);
  const indices: number[] = [];
  let at = 0;
  for (const part of parts) {
    indices.push(strings.index(buf, at, at + part.length));
    at += part.length;
  }
  return indices;
}

describe("InternedStrings", () => {
  test("strings.index(buf, start, end) numbers each distinct text once, in the order first seen", () => {
    const strings = new InternedStrings();
    assert.deepEqual(
      intern(strings, ["KR", "ID", "KR", "United Kingdom", "ID", "", "United Kingdom", ""]),
      [0, 1, 0, 2, 1, 3, 2, 3]
    );
    assert.deepEqual(strings.strings, ["KR", "ID", "United Kingdom", ""]);
  });

  test("strings.index tells apart short texts whose bytes pack alike: leading zero bytes, other lengths", () => {
    const strings = new InternedStrings();
    const texts = ["A", "\0A", "\0\0A", "\0\0\0A", "\0", "", "\0\0", "AB", "\0AB"];
    assert.deepEqual(intern(strings, [...texts, ...[...texts].reverse()]), [
      ...texts.map((_, i) => i),
      ...texts.map((_, i) => texts.length - 1 - i)
    ]);
    assert.deepEqual(strings.strings, texts);
  });

  test("strings.index gives every text its own number among thousands of short ones that share cache places", () => {
    // 26^3 three-letter codes and their two-letter prefixes: far more than the cache's places.
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Z]{1,4}$/), {minLength: 1, maxLength: 3000}), (texts) => {
        const strings = new InternedStrings();
        const first = new Map<string, number>();
        const expected = texts.map((text) => {
          if (!first.has(text)) first.set(text, first.size);
          return first.get(text)!;
        });
        assert.deepEqual(intern(strings, texts), expected);
        assert.deepEqual(strings.strings, [...first.keys()]);
      }),
      {numRuns: 50}
    );
  });

  test("strings.index decodes non-ASCII texts as UTF-8, short and long", () => {
    const strings = new InternedStrings();
    assert.deepEqual(intern(strings, ["É", "Ö", "É", "Österreich", "日本", "Ö"]), [0, 1, 0, 2, 3, 1]);
    assert.deepEqual(strings.strings, ["É", "Ö", "Österreich", "日本"]);
  });
});
