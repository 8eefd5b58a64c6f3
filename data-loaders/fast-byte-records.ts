import type {ByteLines} from "./fast-byte-lines.ts";
import {InvoiceRecords} from "./fast-invoice-format.ts";
import type {RecordHandler} from "./fast-record-scanner.ts";
import {WeeklyRecords} from "./fast-weekly-format.ts";
import type {RowSink} from "./row-sink.ts";
import type {Settings} from "./settings.ts";
import type {Delimiter} from "./types.ts";

/** The formats read from their bytes. */
export type ByteFormat = "weekly" | "invoice";

/** The byte reader of `format`: records in, lines out to `sink` (as strings or exclusions) and `keyed` (as bytes). */
export function createByteRecords(
  format: ByteFormat,
  header: string[],
  file: string,
  delimiter: Delimiter,
  settings: Settings,
  sink: RowSink,
  keyed: ByteLines
): RecordHandler & {fields: Int32Array} {
  return format === "weekly"
    ? new WeeklyRecords(header, file, delimiter, sink, keyed)
    : new InvoiceRecords(header, file, delimiter, settings, sink, keyed);
}
