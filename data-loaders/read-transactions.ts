import {readCsv} from "./csv-reader.ts";
import {detectFormat} from "./detect-format.ts";
import {BookByNumbers} from "./fast-book-by-numbers.ts";
import {KeyNumbers} from "./fast-key-numbers.ts";
import {createByteRecords, type ByteFormat} from "./fast-byte-records.ts";
import {SegmentError} from "./errors.ts";
import {peekHeader, replay} from "./fast-header-peek.ts";
import {readInParallel, type ReadWorker} from "./fast-parallel-read.ts";
import {RecordScanner} from "./fast-record-scanner.ts";
import {scanStream} from "./fast-record-stream.ts";
import {openInputFile} from "./input-file.ts";
import {createInvoiceParser} from "./invoice-format.ts";
import {ExclusionLedger} from "./ledger.ts";
import {createMappedParser} from "./mapped-format.ts";
import {OrderBook} from "./order-book.ts";
import type {FrequencyRule, RowParser} from "./row-sink.ts";
import type {Settings} from "./settings.ts";
import type {Delimiter, Format} from "./types.ts";
import {createWeeklyParser} from "./weekly-format.ts";

export interface Transactions extends TransactionStream {
  compressed: boolean;
  bytes: number;
  sha256: string;
}

/** What a stream of transaction bytes reads into. */
export interface TransactionStream {
  book: OrderBook;
  ledger: ExclusionLedger;
  format: Format;
  frequency: FrequencyRule;
  delimiter: Delimiter;
  /** Data lines read, header excluded. */
  lines: number;
}

/** How large the order book being filled has grown: its entries and its customers. */
export interface BookSize {
  readonly size: number;
  readonly customers: number;
}

/** Hears every million data lines read, with the book they have filled so far. */
export interface ReadProgress {
  (lines: number, book: BookSize): void;
}

export interface ReadOptions {
  onProgress?: ReadProgress;
  /**
   * `auto` reads weekly and invoice files straight from their bytes and other files as strings; `strings` reads
   * every file as strings, the simple reference that the byte readers must agree with line for line.
   */
  reader?: "auto" | "strings";
  /**
   * Starts a reader thread: weekly and invoice files are then parsed on it while this thread fills the order book,
   * with the same outcome, line for line, as reading on one thread.
   */
  startWorker?: () => ReadWorker;
  /** The file's size as stored: with it, the reader thread is started only for files of `twoThreadsFrom` on. */
  fileBytes?: number;
}

const progressEvery = 1_000_000;

/**
 * Sizes from which a file is read on two threads, when a reader thread can be started: below them, starting the
 * thread (about 0.1 s) and handing the lines over cost more than they save. Measured on our 2-core machine: weekly
 * files gain at 31 MB (1M lines: 0.93 → 0.83 s), the smallest size measured, and 4 MB keeps the 1.1 MB seed export
 * on one thread; invoice files, whose reader share is larger, lose at 80 MB (1M lines: 0.93 → 1.05 s) and on UCI
 * Online Retail (0.42 → 0.63 s) but gain at 817 MB (10M lines: 9.3 → 8.1 s).
 */
export const twoThreadsFrom: Record<ByteFormat, number> = {weekly: 4 << 20, invoice: 256 << 20};

/**
 * Streams a transaction file into an order book and an exclusion ledger. Its only I/O is reading the file, and the
 * reader thread that `startWorker` starts for a large file.
 */
export async function readTransactions(
  settings: Settings,
  onProgress?: ReadProgress,
  startWorker?: () => ReadWorker
): Promise<Transactions> {
  const input = await openInputFile(settings.input);
  const read = await readTransactionStream(input.chunks, settings, {
    onProgress,
    startWorker,
    fileBytes: input.bytes
  });
  return {...read, compressed: input.compressed, bytes: input.bytes, sha256: input.sha256()};
}

/** Reads transaction bytes, in chunks as they stream, into an order book and an exclusion ledger. */
export async function readTransactionStream(
  chunks: AsyncIterable<Buffer>,
  settings: Settings,
  options: ReadOptions = {}
): Promise<TransactionStream> {
  const {onProgress, reader = "auto", startWorker, fileBytes} = options;
  const read =
    reader === "strings"
      ? await readAsStrings(chunks, settings, onProgress)
      : await readAuto(chunks, settings, onProgress, startWorker, fileBytes);
  if (read.lines === 0) {
    throw new SegmentError("the file has a header but no data lines", {
      file: settings.input,
      line: 2,
      found: "end of file",
      expected: "transaction lines after the header"
    });
  }
  return read;
}

/** Weekly and invoice files by bytes; anything else, or a header the peek cannot settle, by strings. */
async function readAuto(
  chunks: AsyncIterable<Buffer>,
  settings: Settings,
  onProgress: ReadProgress | undefined,
  startWorker: (() => ReadWorker) | undefined,
  fileBytes: number | undefined
): Promise<TransactionStream> {
  const file = settings.input;
  const iterator = chunks[Symbol.asyncIterator]();
  let handedOver = false;
  try {
    const peeked = await peekHeader(iterator, settings.delimiter, file);
    const {header, delimiter} = peeked;
    const format = header === null ? null : detectFormat(header, settings, file);
    if (header === null || (format !== "weekly" && format !== "invoice")) {
      handedOver = true;
      return await readAsStrings(replay(peeked.chunks, iterator), settings, onProgress);
    }
    const book = new OrderBook();
    const ledger = new ExclusionLedger();
    const sink = {book, ledger};
    const progress = onProgress && ((lines: number) => onProgress(lines, book));
    const keys: BookByNumbers = new BookByNumbers(book, (order: number): string => numbers.orderText(order));
    const numbers = new KeyNumbers(keys);
    // Made here even with a reader thread: a header that lacks a column fails here, before the thread starts.
    const handler = createByteRecords(format, header, file, delimiter, settings, sink, numbers);
    let lines: number;
    if (startWorker && (fileBytes === undefined || fileBytes >= twoThreadsFrom[format])) {
      const worker = startWorker();
      let reported = 0;
      const onRecords = (records: number) => {
        for (; progress && reported + progressEvery <= records; reported += progressEvery)
          progress(reported + progressEvery);
      };
      try {
        const start = {format, header, file, delimiter, settings, line: peeked.line};
        lines = await readInParallel(
          worker,
          start,
          peeked.rest,
          iterator,
          {book, ledger, numbers, countries: []},
          onRecords
        );
      } finally {
        await worker.stop();
      }
    } else {
      const scanner = new RecordScanner(delimiter, handler.fields, peeked.line, handler);
      lines = await scanStream(scanner, peeked.rest, iterator, {file, delimiter}, progressEvery, progress);
    }
    return {book, ledger, format, frequency: format === "weekly" ? "rows" : "orders", delimiter, lines};
  } catch (error) {
    // Stop reading the file, as readCsv's for-await does when a record throws.
    if (!handedOver) await iterator.return?.();
    throw error;
  }
}

/** The string reader: each record decoded, split into strings and handed to the format's row parser. */
async function readAsStrings(
  chunks: AsyncIterable<Buffer>,
  settings: Settings,
  onProgress: ReadProgress | undefined
): Promise<TransactionStream> {
  const file = settings.input;
  const book = new OrderBook();
  const ledger = new ExclusionLedger();
  let format: Format | undefined;
  let frequency: FrequencyRule = "orders";
  let parse: RowParser = () => {};
  let lines = 0;
  const {delimiter, records} = await readCsv(chunks, {
    file,
    delimiter: settings.delimiter,
    onHeader: (header) => {
      format = detectFormat(header, settings, file);
      const sink = {book, ledger};
      if (format === "weekly") {
        parse = createWeeklyParser(header, file, sink);
        frequency = "rows";
      } else if (format === "invoice") {
        parse = createInvoiceParser(header, file, settings, sink);
      } else {
        ({parse, frequency} = createMappedParser(header, file, settings, sink));
      }
    },
    onRecord: onProgress
      ? (fields, line) => {
          parse(fields, line);
          if (++lines % progressEvery === 0) onProgress(lines, book);
        }
      : (fields, line) => parse(fields, line)
  });
  return {book, ledger, format: format!, frequency, delimiter, lines: records};
}
