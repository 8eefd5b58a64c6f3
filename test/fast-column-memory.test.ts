import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {ColumnMemory} from "../data-loaders/fast-column-memory.ts";

describe("ColumnMemory", () => {
  test("memory.grow keeps every element and zeroes the rest, by copying small columns and in place past 8 MB", () => {
    const memory = new ColumnMemory();
    let column = new Float64Array(1024);
    let written = 0;
    const write = (upTo: number) => {
      for (; written < upTo; written++) column[written] = written * 1.5 - 7;
    };
    write(1024);
    const buffers = new Set<ArrayBufferLike>();
    while (column.length < 4 << 20) {
      column = memory.grow(column, column.length * 2, Float64Array);
      buffers.add(column.buffer);
      for (let i = 0; i < written; i += 997) assert.equal(column[i], i * 1.5 - 7);
      assert.equal(column[written - 1], (written - 1) * 1.5 - 7);
      assert.equal(column[written], 0);
      assert.equal(column[column.length - 1], 0);
      write(column.length - 3);
    }
    assert.equal(column.length, 4 << 20);
    // 32 MB of doubles: the last columns live in one WebAssembly memory, whose buffer is replaced as it grows.
    assert.ok(column.buffer.byteLength >= 32 << 20);
  });

  test("memory.grow throws, rather than drop its elements, for an array that does not live in the memory", () => {
    const memory = new ColumnMemory();
    const large = memory.grow(new Int32Array(0), 4 << 20, Int32Array);
    assert.equal(memory.grow(large, 8 << 20, Int32Array).length, 8 << 20);
    assert.throws(() => memory.grow(new Int32Array(16), 16 << 20, Int32Array), /does not live in this memory/);
  });

  test("memory.grow works for the book's integer and byte columns", () => {
    const ints = new ColumnMemory();
    const bytes = new ColumnMemory();
    let a = Int32Array.from([1, -2, 3]);
    let b = Uint8Array.from([1, 0, 1]);
    for (let capacity = 8; capacity <= 1 << 24; capacity *= 8) {
      a = ints.grow(a, capacity, Int32Array);
      b = bytes.grow(b, capacity, Uint8Array);
      assert.deepEqual(Array.from(a.subarray(0, 4)), [1, -2, 3, 0]);
      assert.deepEqual(Array.from(b.subarray(0, 4)), [1, 0, 1, 0]);
      assert.equal(a.length, capacity);
    }
  });

  test("new ColumnMemory({shared: true}) grows columns in shared memory, small and large, keeping their elements", () => {
    const memory = new ColumnMemory({shared: true});
    let column = Int32Array.from([5, -6, 7]);
    // Copied up to 1 << 20 elements (4 MB), then in one shared memory from 1 << 22, grown in place at 1 << 24.
    for (let capacity = 1024; capacity <= 1 << 24; capacity *= 4) {
      const before = column;
      column = memory.grow(column, capacity, Int32Array);
      assert.ok(column.buffer instanceof SharedArrayBuffer, `${capacity} elements`);
      assert.deepEqual(Array.from(column.subarray(0, 4)), [5, -6, 7, 0]);
      for (let earlier = 1024; earlier < capacity; earlier *= 4) assert.equal(column[earlier - 1], earlier);
      column[capacity - 1] = capacity;
      // In place, the column the memory grew from is no longer its own: growing it again would drop elements.
      if (capacity === 1 << 24)
        assert.throws(() => memory.grow(before, 1 << 25, Int32Array), /does not live in this memory/);
    }
    assert.equal(column.length, 1 << 24);
    assert.throws(() => memory.grow(new Int32Array(16), 1 << 24, Int32Array), /does not live in this memory/);
  });
});
