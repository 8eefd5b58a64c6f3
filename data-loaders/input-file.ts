import {createHash} from "node:crypto";
import {createReadStream} from "node:fs";
import {open, stat} from "node:fs/promises";
import {createGunzip} from "node:zlib";
import {SegmentError} from "./errors.ts";

export interface InputFile {
  /** Decompressed bytes, in chunks, as they stream from disk. */
  chunks: AsyncIterable<Buffer>;
  compressed: boolean;
  bytes: number;
  /** Hex SHA-256 of the file as stored; resolves once the stream has been read to the end. */
  sha256: () => string;
}

const chunkSize = 1 << 20;

/** Opens a transaction file as a stream, gunzipping it when its first bytes say it is gzip. */
export async function openInputFile(file: string): Promise<InputFile> {
  let bytes: number;
  let magic: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new SegmentError("cannot read input: it is a directory", {
        file,
        expected: "a CSV file, plain or gzip-compressed"
      });
    bytes = info.size;
    const handle = await open(file, "r");
    try {
      magic = Buffer.alloc(2);
      await handle.read(magic, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof SegmentError) throw error;
    throw new SegmentError(`cannot read input: ${describeSystemError(error)}`, {
      file,
      expected: "a readable CSV file, plain or gzip-compressed"
    });
  }
  const compressed = bytes >= 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const hash = createHash("sha256");
  const raw = createReadStream(file, {highWaterMark: chunkSize});
  let digest: string | undefined;
  raw.on("data", (chunk) => hash.update(chunk as Buffer));
  raw.on("end", () => (digest = hash.digest("hex")));
  const source = compressed ? raw.pipe(createGunzip({chunkSize})) : raw;
  if (compressed) raw.on("error", (error) => source.destroy(error));
  return {
    chunks: wrapErrors(source, file, compressed),
    compressed,
    bytes,
    sha256: () => {
      if (digest === undefined) throw new Error(`sha256 of ${file} asked before the file was read to the end`);
      return digest;
    }
  };
}

async function* wrapErrors(source: AsyncIterable<Buffer>, file: string, compressed: boolean): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) yield chunk;
  } catch (error) {
    const code = (error as {code?: string}).code;
    if (compressed && typeof code === "string" && code.startsWith("Z_")) {
      throw new SegmentError(`cannot decompress input: ${(error as Error).message}`, {
        file,
        expected: "a complete gzip file"
      });
    }
    throw new SegmentError(`cannot read input: ${describeSystemError(error)}`, {file});
  }
}

function describeSystemError(error: unknown): string {
  const code = (error as {code?: string}).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}
