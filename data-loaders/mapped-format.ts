import {findColumn} from "./columns.ts";
import {compileDateFormat, parseIsoDate} from "./dates.ts";
import {SegmentError} from "./errors.ts";
import {parseDecimal} from "./numbers.ts";
import {tallyMalformed, type FrequencyRule, type RowParser, type RowSink} from "./row-sink.ts";
import type {Settings} from "./settings.ts";

/**
 * Any other schema, through a column mapping. Without an order column every line is an order (frequency counts
 * rows, as in the seed); without a country column customers are "Unspecified". Negative amounts are returns and
 * are netted; they do not count as purchases.
 */
export function createMappedParser(
  header: string[],
  file: string,
  settings: Settings,
  sink: RowSink
): {parse: RowParser; frequency: FrequencyRule} {
  const map = settings.map;
  if (!map)
    throw new SegmentError("no column mapping for a mapped file", {
      file,
      expected: "--map customer=COL,date=COL,amount=COL (or quantity=COL,price=COL)"
    });
  const column = (name: string | undefined, role: string) =>
    name === undefined ? -1 : findColumn(header, [name], file, role);
  const customer = column(map.customer, "customer id");
  const date = column(map.date, "date");
  const order = column(map.order, "order id");
  const amount = column(map.amount, "amount");
  const quantity = column(map.quantity, "quantity");
  const price = column(map.price, "price");
  const country = column(map.country, "country");
  const parseDate = settings.dateFormat ? compileDateFormat(settings.dateFormat) : parseIsoDate;
  const decimal = settings.decimal;
  const width = header.length;
  const {book, ledger} = sink;
  const parse: RowParser = (fields, line) => {
    if (tallyMalformed(fields, width, line, sink)) return;
    let value: number;
    let units = 0;
    if (amount >= 0) {
      value = parseDecimal(fields[amount].trim(), decimal);
    } else {
      units = parseDecimal(fields[quantity].trim(), decimal);
      const unitPrice = parseDecimal(fields[price].trim(), decimal);
      value = units * unitPrice;
      if (Number.isNaN(units)) return excludeUnlessMissingId(fields, "unparsable_quantity", line);
      if (Number.isNaN(unitPrice)) return excludeUnlessMissingId(fields, "unparsable_price", line);
    }
    const customerId = fields[customer].trim();
    if (customerId === "") return ledger.exclude("missing_customer_id", line, value);
    if (Number.isNaN(value)) return ledger.exclude("unparsable_amount", line, 0);
    const day = parseDate(fields[date].trim());
    if (Number.isNaN(day)) return ledger.exclude("unparsable_date", line, value);
    const orderKey = order >= 0 ? fields[order].trim() : day;
    book.add(customerId, country >= 0 ? fields[country].trim() : "", orderKey, day, value, units, line, value >= 0);
  };
  const excludeUnlessMissingId = (fields: string[], reason: "unparsable_quantity" | "unparsable_price", line: number) =>
    ledger.exclude(fields[customer].trim() === "" ? "missing_customer_id" : reason, line, 0);
  return {parse, frequency: order >= 0 ? "orders" : "rows"};
}
