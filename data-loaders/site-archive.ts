// Framework extracts members of a .tar produced by a loader on demand, so one loader process can write many small
// files (one JSON per country, one CSV per segment) instead of one process per file, which would re-read the
// segmentation for each of them.

export interface ArchiveEntry {
  /** A relative path of printable ASCII, at most 100 bytes (the ustar name field). */
  name: string;
  content: string | Uint8Array;
}

const block = 512;
const encoder = new TextEncoder();

/**
 * A POSIX ustar archive of regular files, byte for byte the same for the same entries: fixed mode, owner and
 * modification time, entries in the given order.
 */
export function tarArchive(entries: ArchiveEntry[]): Uint8Array {
  const parts = tarParts(entries);
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * `tarArchive` as the parts that make it up, in order, for a loader to write one after the other: an archive of
 * tens of megabytes is then not copied into one buffer of its own.
 */
export function tarParts(entries: ArchiveEntry[]): Uint8Array[] {
  const seen = new Set<string>();
  const parts: Uint8Array[] = [];
  for (const {name, content} of entries) {
    if (
      !/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(name) ||
      name.length > 100 ||
      name.startsWith("/") ||
      name.split("/").includes("..")
    ) {
      throw new Error(
        `invalid archive entry name: ${JSON.stringify(name)}; expected a relative ASCII path of at most 100 bytes`
      );
    }
    if (seen.has(name)) throw new Error(`duplicate archive entry name: ${JSON.stringify(name)}`);
    seen.add(name);
    const body = typeof content === "string" ? encoder.encode(content) : content;
    parts.push(header(name, body.length), body, new Uint8Array(padding(body.length)));
  }
  parts.push(new Uint8Array(2 * block));
  return parts;
}

function header(name: string, size: number): Uint8Array {
  const bytes = new Uint8Array(block);
  const put = (offset: number, text: string) => bytes.set(encoder.encode(text), offset);
  put(0, name);
  put(100, "0000644\0");
  put(108, "0000000\0");
  put(116, "0000000\0");
  put(124, `${size.toString(8).padStart(11, "0")}\0`);
  put(136, "00000000000\0");
  put(148, "        ");
  put(156, "0");
  put(257, "ustar\0");
  put(263, "00");
  const checksum = bytes.reduce((total, byte) => total + byte, 0);
  put(148, `${checksum.toString(8).padStart(6, "0")}\0 `);
  return bytes;
}

function padding(size: number): number {
  return (block - (size % block)) % block;
}
