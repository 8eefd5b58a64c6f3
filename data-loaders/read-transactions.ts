import {readCsv} from "./csv-reader.ts";
import {detectFormat} from "./detect-format.ts";
import {SegmentError} from "./errors.ts";
import {peekHeader, replay} from "./fast-header-peek.ts";
import {InvoiceRecords} from "./fast-invoice-format.ts";
import {RecordScanner} from "./fast-record-scanner.ts";
import {scanStream} from "./fast-record-stream.ts";
import {WeeklyRecords} from "./fast-weekly-format.ts";
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

export interface ReadProgress {
  (lines: number): void;
}

export interface ReadOptions {
  onProgress?: ReadProgress;
  /**
   * `auto` reads weekly and invoice files straight from their bytes and other files as strings; `strings` reads
   * every file as strings, the simple reference that the byte readers must agree with line for line.
   */
  reader?: "auto" | "strings";
}

const progressEvery = 1_000_000;

/** Streams a transaction file into an order book and an exclusion ledger. Its only I/O is reading the file. */
export async function readTransactions(settings: Settings, onProgress?: ReadProgress): Promise<Transactions> {
  const input = await openInputFile(settings.input);
  const read = await readTransactionStream(input.chunks, settings, {onProgress});
  return {...read, compressed: input.compressed, bytes: input.bytes, sha256: input.sha256()};
}

/** Reads transaction bytes, in chunks as they stream, into an order book and an exclusion ledger. */
export async function readTransactionStream(
  chunks: AsyncIterable<Buffer>,
  settings: Settings,
  options: ReadOptions = {}
): Promise<TransactionStream> {
  const {onProgress, reader = "auto"} = options;
  const read =
    reader === "strings"
      ? await readAsStrings(chunks, settings, onProgress)
      : await readAuto(chunks, settings, onProgress);
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
  onProgress: ReadProgress | undefined
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
    const handler =
      format === "weekly"
        ? new WeeklyRecords(header, file, delimiter, sink)
        : new InvoiceRecords(header, file, delimiter, settings, sink);
    const scanner = new RecordScanner(delimiter, handler.fields, peeked.line, handler);
    const lines = await scanStream(scanner, peeked.rest, iterator, {file, delimiter}, progressEvery, onProgress);
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
          if (++lines % progressEvery === 0) onProgress(lines);
        }
      : (fields, line) => parse(fields, line)
  });
  return {book, ledger, format: format!, frequency, delimiter, lines: records};
}
