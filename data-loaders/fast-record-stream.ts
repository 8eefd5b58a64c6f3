import {readCsv} from "./csv-reader.ts";
import type {RecordScanner} from "./fast-record-scanner.ts";
import type {Delimiter} from "./types.ts";

const LF = 10;

/**
 * Feeds the data bytes to the scanner chunk by chunk, scanning each chunk where it lies. A record cut by a chunk
 * boundary is completed by joining its head to the least of the next chunk that ends it; only when it runs on past
 * several newlines (quoted ones) are the two joined whole. Memory stays at a chunk and a record whatever the file
 * size, and the chunks themselves are never copied.
 * Returns the number of records; `onProgress` hears every `progressEvery` records.
 */
export async function scanStream(
  scanner: RecordScanner,
  rest: Buffer,
  iterator: AsyncIterator<Buffer>,
  csv: {file: string; delimiter: Delimiter},
  progressEvery: number,
  onProgress?: (records: number) => void
): Promise<number> {
  let nextProgress = progressEvery;
  const report = () => {
    if (!onProgress) return;
    while (scanner.records >= nextProgress) {
      onProgress(nextProgress);
      nextProgress += progressEvery;
    }
  };
  let pending = rest.subarray(scanner.scan(rest, 0, false));
  report();
  while (true) {
    const next = await iterator.next();
    if (next.done) break;
    let chunk = next.value;
    let from = 0;
    if (pending.length > 0) {
      from = finishCutRecord(scanner, pending, chunk);
      if (from < 0) {
        chunk = Buffer.concat([pending, chunk]);
        from = 0;
      }
    }
    pending = chunk.subarray(scanner.scan(chunk, from, false));
    report();
  }
  if (pending.length > 0) {
    const left = scanner.scan(pending, 0, true);
    if (left < pending.length) await failAsReadCsv(pending.subarray(left), scanner.line, csv.file, csv.delimiter);
  }
  report();
  return scanner.records;
}

/** Newlines of the next chunk tried before joining a cut record to all of it. */
const joinAttempts = 4;

/**
 * Scans `head` (the start of a record) joined to the next chunk up to one of its first newlines, and returns where
 * scanning of `chunk` goes on, or -1 when the record runs on past them. Cutting just after a newline never changes
 * how the scanner reads the bytes before it, so the records found are those of the whole stream.
 */
function finishCutRecord(scanner: RecordScanner, head: Buffer, chunk: Buffer): number {
  let end = 0;
  for (let attempt = 0; attempt < joinAttempts; attempt++) {
    const newline = chunk.indexOf(LF, end);
    if (newline === -1) return -1;
    end = newline + 1;
    const joined = Buffer.concat([head, chunk.subarray(0, end)]);
    const at = scanner.scan(joined, 0, false);
    if (at >= head.length) return at - head.length;
  }
  return -1;
}

/**
 * Throws readCsv's own error for a last record that ends inside quotes, so that both readers word it alike:
 * readCsv is handed the record after `line - 1` empty lines, so that it starts on the same line as in the file.
 * Those lines cost a moment on a long file, but only on the way to a fatal error.
 */
export async function failAsReadCsv(record: Buffer, line: number, file: string, delimiter: Delimiter): Promise<never> {
  async function* chunks() {
    yield Buffer.alloc(line - 1, LF);
    yield record;
  }
  await readCsv(chunks(), {file, delimiter, onHeader: () => {}, onRecord: () => {}});
  throw new Error(
    `${file}, line ${line}: the byte reader found an open quote at the end of the file that readCsv accepts`
  );
}
