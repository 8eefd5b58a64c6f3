import {test} from "node:test";
import assert from "node:assert/strict";
import {garbageCollector} from "../scripts/collect-garbage.ts";

/** Fills a 256 MB array that nothing references once this returns; the array memory held at its end. */
function dropLargeArray(): number {
  const column = new Float64Array(32 << 20).fill(1);
  assert.equal(column[column.length - 1], 1);
  return process.memoryUsage().arrayBuffers;
}

test("garbageCollector()() frees the memory of arrays no longer referenced", () => {
  const collect = garbageCollector();
  collect();
  const before = process.memoryUsage().arrayBuffers;
  const held = dropLargeArray();
  // Other buffers of the process come and go by a few MB meanwhile: the bounds leave 16 MB for them.
  assert.ok(held - before >= 240 << 20, `a 256 MB array added ${(held - before) >> 20} MB`);
  collect();
  const after = process.memoryUsage().arrayBuffers;
  assert.ok(held - after >= 240 << 20, `collecting freed ${(held - after) >> 20} MB of the 256 MB array`);
});
