import assert from "node:assert/strict";
import {test} from "node:test";
import {tarArchive, tarParts} from "../data-loaders/site-archive.ts";

/** Reads a ustar archive back: names, contents and whether each header's checksum holds. */
function readTar(bytes: Uint8Array): {name: string; content: string; checksumOk: boolean}[] {
  const entries = [];
  const text = (from: number, length: number) =>
    new TextDecoder().decode(bytes.subarray(from, from + length)).replace(/\0.*$/s, "");
  let offset = 0;
  while (offset + 512 <= bytes.length && bytes.subarray(offset, offset + 512).some((b) => b !== 0)) {
    const name = text(offset, 100);
    const size = parseInt(text(offset + 124, 12), 8);
    const stored = parseInt(text(offset + 148, 8), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : bytes[offset + i];
    const content = new TextDecoder().decode(bytes.subarray(offset + 512, offset + 512 + size));
    entries.push({name, content, checksumOk: sum === stored});
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

test("an archive holds its entries, in order, with valid headers", () => {
  const entries = [
    {name: "summary.json", content: '{"a":1}'},
    {name: "countries/ID.json", content: "x".repeat(1500)},
    {name: "empty.csv", content: ""},
    {name: "bytes.bin", content: new Uint8Array([104, 105])}
  ];
  const archive = tarArchive(entries);
  assert.equal(archive.length % 512, 0);
  assert.ok(
    archive.subarray(-1024).every((b) => b === 0),
    "ends with two zero blocks"
  );
  assert.deepEqual(readTar(archive), [
    {name: "summary.json", content: '{"a":1}', checksumOk: true},
    {name: "countries/ID.json", content: "x".repeat(1500), checksumOk: true},
    {name: "empty.csv", content: "", checksumOk: true},
    {name: "bytes.bin", content: "hi", checksumOk: true}
  ]);
  // Written part by part, as the loaders do, the archive is the same bytes.
  assert.deepEqual(Buffer.concat(tarParts(entries)), Buffer.from(archive));
});

test("the same entries give the same bytes", () => {
  const entries = [{name: "a.json", content: "ü"}];
  assert.deepEqual(tarArchive(entries), tarArchive(entries));
  // UTF-8: the size counts bytes, not characters.
  assert.equal(readTar(tarArchive(entries))[0].content, "ü");
});

test("names that would escape, clash or not fit are refused, naming the value", () => {
  assert.throws(() => tarArchive([{name: "../x.json", content: ""}]), /invalid archive entry name: "\.\.\/x\.json"/);
  assert.throws(() => tarArchive([{name: "/x.json", content: ""}]), /invalid archive entry name/);
  assert.throws(() => tarArchive([{name: `${"a".repeat(101)}`, content: ""}]), /at most 100 bytes/);
  assert.throws(() => tarArchive([{name: "é.json", content: ""}]), /invalid archive entry name/);
  assert.throws(
    () =>
      tarArchive([
        {name: "a.json", content: ""},
        {name: "a.json", content: ""}
      ]),
    /duplicate archive entry name: "a\.json"/
  );
});
