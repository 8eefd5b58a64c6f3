import {detectDelimiter, splitQuoted} from "./csv-reader.ts";
import {SegmentError} from "./errors.ts";
import type {Delimiter} from "./types.ts";

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface PeekedHeader {
  /** Every chunk read so far, so that readCsv can be handed the file from its first byte. */
  chunks: Buffer[];
  /** The header as readCsv reads it; null when readCsv is better left to decide (no complete header line, or one it rejects). */
  header: string[] | null;
  delimiter: Delimiter;
  /** The bytes read after the header line, and the physical line they start on. */
  rest: Buffer;
  line: number;
}

/**
 * Reads chunks until the header line is complete and reads it as readCsv does (BOM, quotes, CR LF, delimiter
 * detection), so that the reader can be chosen from the header before any data line is read.
 */
export async function peekHeader(
  iterator: AsyncIterator<Buffer>,
  delimiter: Delimiter | "auto",
  file: string
): Promise<PeekedHeader> {
  const chunks: Buffer[] = [];
  let length = 0;
  let inQuotes = false;
  let newlines = 0;
  let end = -1;
  while (end === -1) {
    const next = await iterator.next();
    if (next.done) return {chunks, header: null, delimiter: ",", rest: Buffer.alloc(0), line: 1};
    const chunk = next.value;
    chunks.push(chunk);
    // Scanned once, chunk by chunk, carrying the quote state: a long header costs no rescans.
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === LF) {
        if (!inQuotes) {
          end = length + i;
          break;
        }
        newlines++;
      }
    }
    length += chunk.length;
  }
  const buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const stop = end > start && buffer[end - 1] === CR ? end - 1 : end;
  const text = buffer.toString("utf8", start, stop);
  const used = delimiter === "auto" ? detectDelimiter(text) : delimiter;
  let header: string[] | null;
  try {
    header = text.includes('"') ? splitQuoted(text, used, file, 1) : text.split(used);
  } catch (error) {
    if (!(error instanceof SegmentError)) throw error;
    header = null;
  }
  return {chunks, header, delimiter: used, rest: buffer.subarray(end + 1), line: newlines + 2};
}

/** The peeked chunks again, then the rest of the stream; closing it closes the stream. */
export async function* replay(chunks: Buffer[], iterator: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* chunks;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}
