import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {gzipSync} from "node:zlib";
import {openInputFile} from "../data-loaders/input-file.ts";
import {rejection} from "./segment-error-of.ts";

const fixture = fileURLToPath(new URL("fixtures/invoices.csv", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "input-file-"));
after(() => rmSync(dir, {recursive: true, force: true}));

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe("openInputFile", () => {
  test("openInputFile(plain file) streams its bytes, with its size and SHA-256", async () => {
    const bytes = readFileSync(fixture);
    const input = await openInputFile(fixture);
    assert.equal(input.compressed, false);
    assert.equal(input.bytes, bytes.length);
    assert.deepEqual(await readAll(input.chunks), bytes);
    assert.equal(input.sha256(), sha256(bytes));
  });

  test("openInputFile(gzip file) streams the decompressed bytes, with the stored size and SHA-256", async () => {
    const bytes = readFileSync(fixture);
    const gz = gzipSync(bytes);
    const file = join(dir, "invoices.csv.gz");
    writeFileSync(file, gz);
    const input = await openInputFile(file);
    assert.equal(input.compressed, true);
    assert.equal(input.bytes, gz.length);
    assert.deepEqual(await readAll(input.chunks), bytes);
    assert.equal(input.sha256(), sha256(gz));
  });

  test("openInputFile tells gzip by its magic bytes, not by its name", async () => {
    const bytes = Buffer.from("a,b\n1,2\n");
    const gzNamedCsv = join(dir, "really-gzip.csv");
    writeFileSync(gzNamedCsv, gzipSync(bytes));
    const plainNamedGz = join(dir, "really-plain.csv.gz");
    writeFileSync(plainNamedGz, bytes);
    const a = await openInputFile(gzNamedCsv);
    assert.equal(a.compressed, true);
    assert.deepEqual(await readAll(a.chunks), bytes);
    const b = await openInputFile(plainNamedGz);
    assert.equal(b.compressed, false);
    assert.deepEqual(await readAll(b.chunks), bytes);
  });

  test("openInputFile streams a large gzip file whole, in several chunks", async () => {
    const line = "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n";
    const bytes = Buffer.from(line.repeat(40_000));
    const file = join(dir, "large.csv.gz");
    writeFileSync(file, gzipSync(bytes));
    const input = await openInputFile(file);
    let chunks = 0;
    const parts: Buffer[] = [];
    for await (const chunk of input.chunks) {
      chunks++;
      parts.push(chunk);
    }
    assert.ok(chunks > 1);
    assert.deepEqual(Buffer.concat(parts), bytes);
    assert.equal(input.sha256(), sha256(readFileSync(file)));
  });

  test("openInputFile(empty file) is plain and yields no bytes", async () => {
    const file = join(dir, "empty.csv");
    writeFileSync(file, "");
    const input = await openInputFile(file);
    assert.equal(input.compressed, false);
    assert.equal(input.bytes, 0);
    assert.equal((await readAll(input.chunks)).length, 0);
    assert.equal(input.sha256(), sha256(Buffer.alloc(0)));
  });

  test("openInputFile's sha256() throws before the file was read to the end", async () => {
    const input = await openInputFile(fixture);
    assert.throws(() => input.sha256(), /asked before the file was read to the end/);
    await readAll(input.chunks);
    assert.equal(input.sha256().length, 64);
  });

  test("openInputFile(missing file) throws SegmentError 'no such file' naming the file", async () => {
    const file = join(dir, "missing.csv");
    const error = await rejection(openInputFile(file));
    assert.equal(error.message.startsWith(`${file}: cannot read input: no such file`), true, error.message);
    assert.equal(error.details.file, file);
  });

  test("openInputFile(directory) throws SegmentError", async () => {
    const error = await rejection(openInputFile(dir));
    assert.match(error.message, /it is a directory/);
    assert.equal(error.details.file, dir);
  });

  test("openInputFile(truncated gzip) throws SegmentError 'cannot decompress input' while reading", async () => {
    const gz = gzipSync(Buffer.from("a,b\n".repeat(1000)));
    const file = join(dir, "truncated.csv.gz");
    writeFileSync(file, gz.subarray(0, gz.length - 10));
    const input = await openInputFile(file);
    const error = await rejection(readAll(input.chunks));
    assert.match(error.message, /cannot decompress input/);
    assert.equal(error.details.file, file);
    assert.equal(error.details.expected, "a complete gzip file");
  });

  test("openInputFile(corrupt gzip body) throws SegmentError while reading", async () => {
    const gz = gzipSync(Buffer.from("a,b\n".repeat(1000)));
    const corrupt = Buffer.from(gz);
    for (let i = 10; i < corrupt.length - 8; i++) corrupt[i] ^= 0x5a;
    const file = join(dir, "corrupt.csv.gz");
    writeFileSync(file, corrupt);
    const input = await openInputFile(file);
    await rejection(readAll(input.chunks));
  });
});
