import {readCsv} from "./csv-reader.ts";
import {detectFormat} from "./detect-format.ts";
import {openInputFile} from "./input-file.ts";
import {createInvoiceParser} from "./invoice-format.ts";
import {ExclusionLedger} from "./ledger.ts";
import {createMappedParser} from "./mapped-format.ts";
import {OrderBook} from "./order-book.ts";
import type {FrequencyRule, RowParser} from "./row-sink.ts";
import type {Settings} from "./settings.ts";
import type {Delimiter, Format} from "./types.ts";
import {createWeeklyParser} from "./weekly-format.ts";
import {SegmentError} from "./errors.ts";

export interface Transactions {
  book: OrderBook;
  ledger: ExclusionLedger;
  format: Format;
  frequency: FrequencyRule;
  delimiter: Delimiter;
  compressed: boolean;
  bytes: number;
  sha256: string;
  /** Data lines read, header excluded. */
  lines: number;
}

export interface ReadProgress {
  (lines: number): void;
}

const progressEvery = 1_000_000;

/** Streams a transaction file into an order book and an exclusion ledger. Its only I/O is reading the file. */
export async function readTransactions(settings: Settings, onProgress?: ReadProgress): Promise<Transactions> {
  const file = settings.input;
  const input = await openInputFile(file);
  const book = new OrderBook();
  const ledger = new ExclusionLedger();
  let format: Format | undefined;
  let frequency: FrequencyRule = "orders";
  let parse: RowParser = () => {};
  let lines = 0;
  const {delimiter, records} = await readCsv(input.chunks, {
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
  if (records === 0) {
    throw new SegmentError("the file has a header but no data lines", {
      file,
      line: 2,
      found: "end of file",
      expected: "transaction lines after the header"
    });
  }
  return {
    book,
    ledger,
    format: format!,
    frequency,
    delimiter,
    compressed: input.compressed,
    bytes: input.bytes,
    sha256: input.sha256(),
    lines: records
  };
}
