import type {ExclusionLedger} from "./ledger.ts";
import type {OrderBook} from "./order-book.ts";

/**
 * Where a format's row parser sends each line: to the order book if it counts, to the ledger if not. Parsers only
 * add and exclude, so a reader on another thread can record those calls and replay them on the real book and ledger.
 */
export interface RowSink {
  book: Pick<OrderBook, "add">;
  ledger: Pick<ExclusionLedger, "exclude">;
}

/** Turns one record into an order-book entry or a ledger entry. */
export type RowParser = (fields: string[], line: number) => void;

/**
 * How frequency is counted: `rows` counts the lines of a customer (the seed's weekly recipe, and files with no
 * order column); `orders` counts distinct order numbers.
 */
export type FrequencyRule = "rows" | "orders";

/** True when the record is a blank line or does not have the header's number of fields; tallies it if so. */
export function tallyMalformed(fields: string[], width: number, line: number, sink: RowSink): boolean {
  if (fields.length === width) return false;
  if (fields.length === 1 && fields[0].trim() === "") sink.ledger.exclude("blank_line", line, 0);
  else sink.ledger.exclude("malformed_line", line, 0);
  return true;
}
