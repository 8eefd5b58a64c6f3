import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {ByteTable} from "../data-loaders/fast-byte-table.ts";

/** Finds or adds the key a ++ b (two ranges of `buf`); returns its record. */
function findOrAdd(table: ByteTable, buf: Buffer, a: [number, number], b: [number, number]): number {
  const record = table.lookup(buf, a[0], a[1], b[0], b[1]);
  return record >= 0 ? record : table.add(buf, a[0], a[1], b[0], b[1]);
}

const keyByte = fc.oneof(fc.constantFrom(0x4b, 0x52, 0x30, 0x37, 0x20), fc.integer({min: 0, max: 255}));
const key = fc.uint8Array({minLength: 0, maxLength: 40}).chain((bytes) =>
  fc.oneof(
    fc.constant(bytes),
    fc.array(keyByte, {maxLength: 20}).map((list) => Uint8Array.from(list))
  )
);

describe("ByteTable", () => {
  test("table.find finds each added key, split anywhere between its two ranges, and misses others", () => {
    fc.assert(
      fc.property(fc.array(key, {minLength: 1, maxLength: 300}), fc.nat(), (keys, cut) => {
        // Each key sits in the buffer after a byte of padding, so that ranges never touch by accident.
        const parts: Buffer[] = [];
        const bounds: [number, number][] = [];
        let at = 0;
        for (const k of keys) {
          parts.push(Buffer.from([0xff]), Buffer.from(k));
          bounds.push([at + 1, at + 1 + k.length]);
          at += 1 + k.length;
        }
        const buf = Buffer.concat(parts);
        const table = new ByteTable();
        const model = new Map<string, number>();
        keys.forEach((k, i) => {
          const [start, end] = bounds[i];
          const split = start + (k.length === 0 ? 0 : (cut + i) % (k.length + 1));
          // Records are numbered in the order keys are first added.
          const expected = model.get(Buffer.from(k).toString("hex")) ?? model.size;
          model.set(Buffer.from(k).toString("hex"), expected);
          assert.equal(findOrAdd(table, buf, [start, split], [split, end]), expected);
          // The whole key as one range is the same key.
          assert.equal(findOrAdd(table, buf, [start, end], [end, end]), expected);
        });
        assert.equal(table.size, model.size);
      }),
      {numRuns: 200}
    );
  });

  test("table keeps thousands of short and long keys through its rehashes, and their texts", () => {
    const table = new ByteTable();
    // Lengths on both sides of the 12 bytes a slot holds whole, and past 31, the longest length a slot says.
    const texts = Array.from({length: 20000}, (_, i) =>
      i % 3 === 0 ? `KR${i}` : `a-much-longer-key-${i}-${"x".repeat(i % 17)}`.slice(0, 8 + (i % 40))
    );
    const buf = Buffer.from(texts.join(""));
    const bounds: [number, number][] = [];
    let at = 0;
    for (const text of texts) {
      bounds.push([at, at + text.length]);
      at += text.length;
    }
    const recordOf = new Map<string, number>();
    texts.forEach((text, i) => {
      const [start, end] = bounds[i];
      const known = recordOf.get(text);
      assert.equal(table.lookup(buf, start, end, end, end), known ?? -1, text);
      if (known === undefined) recordOf.set(text, table.add(buf, start, end, end, end));
      // Decoding a key early maps the records to their slots, which the adds and rehashes after it keep up.
      if (i === 100) assert.equal(table.keyText(recordOf.get(texts[3])!), texts[3]);
    });
    texts.forEach((text, i) => {
      const [start, end] = bounds[i];
      const record = table.lookup(buf, start, end, end, end);
      assert.equal(record, recordOf.get(text));
      assert.equal(table.keyText(record), text);
    });
    assert.equal(table.size, recordOf.size);
    assert.deepEqual(
      [...recordOf.values()],
      [...recordOf.keys()].map((_, i) => i)
    );
  });

  test("table keeps 400,000 keys through rehashes that double its index in place, past 8 MB", () => {
    const table = new ByteTable();
    // Short keys (whole in their slots) and long ones (in the arena), all in one buffer.
    const texts = Array.from({length: 400_000}, (_, i) => (i % 5 === 0 ? `customer-number-${i}` : `ID${i}`));
    const buf = Buffer.from(texts.join(""));
    const bounds = new Int32Array(texts.length + 1);
    for (let i = 0; i < texts.length; i++) bounds[i + 1] = bounds[i] + texts[i].length;
    for (let i = 0; i < texts.length; i++) {
      assert.equal(table.lookup(buf, bounds[i], bounds[i + 1], bounds[i + 1], bounds[i + 1]), -1);
      assert.equal(table.add(buf, bounds[i], bounds[i + 1], bounds[i + 1], bounds[i + 1]), i);
      // Decoding early, so that the record map is kept through the rehashes after it.
      if (i === 50_000) assert.equal(table.keyText(7), texts[7]);
    }
    for (let i = 0; i < texts.length; i++) {
      assert.equal(table.lookup(buf, bounds[i], bounds[i + 1], bounds[i + 1], bounds[i + 1]), i, texts[i]);
    }
    for (let i = 0; i < texts.length; i += 997) assert.equal(table.keyText(i), texts[i]);
    const absent = Buffer.from("ID400000customer-number-5x");
    assert.equal(table.lookup(absent, 0, 8, 8, 8), -1);
    assert.equal(table.lookup(absent, 8, 26, 26, 26), -1);
  });

  test("table.keyText(record) decodes each key's bytes, whole in its slot (≤ 12 bytes) or in the arena, split anywhere", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({unit: "binary", maxLength: 40}), {maxLength: 60}),
        fc.nat(),
        (keys, cut) => {
          const table = new ByteTable();
          const records = keys.map((key) => {
            const buf = Buffer.from(key, "utf8");
            const split = buf.length === 0 ? 0 : cut % (buf.length + 1);
            if (table.lookup(buf, 0, split, split, buf.length) >= 0) return -1;
            return table.add(buf, 0, split, split, buf.length);
          });
          keys.forEach((key, i) => {
            if (records[i] >= 0) assert.equal(table.keyText(records[i]), key);
          });
        }
      ),
      {numRuns: 200}
    );
  });

  test("table.prefetch reads and changes nothing; table.find takes what table.hash made; add without a miss throws", () => {
    const table = new ByteTable();
    const buf = Buffer.from("abcabd");
    const words = new Int32Array(8);
    const hashes = Int32Array.from([table.hash(buf, 0, 3, 3, 3, words, 0), table.hash(buf, 3, 6, 6, 6, words, 4)]);
    assert.equal(table.find(buf, 0, 3, 3, 3, hashes[0], words, 0), -1);
    assert.equal(table.add(buf, 0, 3, 3, 3), 0);
    assert.equal(typeof table.prefetch(hashes, 0, 1, 2), "number");
    assert.equal(table.find(buf, 0, 3, 3, 3, hashes[0], words, 0), 0);
    assert.equal(table.find(buf, 3, 6, 6, 6, hashes[1], words, 4), -1);
    assert.equal(table.add(buf, 3, 6, 6, 6), 1);
    assert.equal(table.lookup(buf, 3, 6, 6, 6), 1);
    assert.throws(() => table.add(buf, 3, 6, 6, 6), /no missed lookup/);
    assert.throws(() => table.keyText(2), /no record 2/);
  });
});
