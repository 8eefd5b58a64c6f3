import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {FirstLines} from "../data-loaders/fast-first-lines.ts";

describe("FirstLines", () => {
  test("firstLines.at(e) returns each pushed line: small steps, steps of 254 and 255, jumps, and lines going back", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            {arbitrary: fc.integer({min: 0, max: 3}), weight: 8},
            fc.constantFrom(254, 255, 256),
            fc.integer({min: -5, max: 1_000_000})
          ),
          {maxLength: 3000}
        ),
        fc.integer({min: 1, max: 2_000_000_000}),
        (steps, start) => {
          const lines = new FirstLines();
          const expected: number[] = [];
          let line = start;
          for (const step of steps) {
            line = Math.max(0, Math.min(2 ** 31 - 1, line + step));
            lines.push(line);
            expected.push(line);
          }
          assert.equal(lines.size, expected.length);
          for (let e = 0; e < expected.length; e++) assert.equal(lines.at(e), expected[e], `entry ${e}`);
        }
      ),
      {numRuns: 100}
    );
  });

  test("firstLines.at(e) throws RangeError naming an entry that was never pushed", () => {
    const lines = new FirstLines();
    lines.push(2);
    assert.throws(() => lines.at(1), {name: "RangeError", message: "FirstLines.at: no entry 1 among 1"});
    assert.throws(() => lines.at(-1), RangeError);
  });
});
