import {test} from "node:test";
import assert from "node:assert/strict";
import {garbageCollector} from "../scripts/collect-garbage.ts";

test("garbageCollector()() frees the memory of arrays no longer referenced", () => {
  const collect = garbageCollector();
  collect();
  const before = process.memoryUsage().arrayBuffers;
  let column: Float64Array | null = new Float64Array(32 << 20);
  column.fill(1);
  const held = process.memoryUsage().arrayBuffers;
  assert.ok(held - before >= 256 << 20, `a 256 MB array added ${(held - before) >> 20} MB`);
  column = null;
  collect();
  const after = process.memoryUsage().arrayBuffers;
  assert.ok(held - after >= 256 << 20, `collecting freed ${(held - after) >> 20} MB of the 256 MB array`);
});
