import {findColumn} from "./columns.ts";
import {parseWeekYear} from "./dates.ts";
import {parseDecimal} from "./numbers.ts";
import {tallyMalformed, type RowParser, type RowSink} from "./row-sink.ts";

export const weeklyColumns = ["country", "id", "week.year", "revenue", "units"];

/**
 * The seed's weekly export. A customer is country + id (`KR702234`), since one number can occur in several
 * countries. Negative rows are returns: they are netted and, as in the seed, every row counts towards frequency.
 */
export function createWeeklyParser(header: string[], file: string, sink: RowSink): RowParser {
  const country = findColumn(header, ["country"], file, "country");
  const id = findColumn(header, ["id"], file, "customer id");
  const week = findColumn(header, ["week.year"], file, "week (W.YYYY)");
  const revenue = findColumn(header, ["revenue"], file, "revenue");
  const units = findColumn(header, ["units"], file, "units");
  const width = header.length;
  const {book, ledger} = sink;
  return (fields, line) => {
    if (tallyMalformed(fields, width, line, sink)) return;
    const amount = parseDecimal(fields[revenue].trim(), ",");
    const customer = fields[id].trim();
    if (customer === "") return ledger.exclude("missing_customer_id", line, amount);
    if (Number.isNaN(amount)) return ledger.exclude("unparsable_amount", line, 0);
    const day = parseWeekYear(fields[week].trim());
    if (Number.isNaN(day)) return ledger.exclude("unparsable_date", line, amount);
    const quantity = parseDecimal(fields[units].trim());
    if (Number.isNaN(quantity)) return ledger.exclude("unparsable_quantity", line, amount);
    const countryValue = fields[country].trim();
    book.add(countryValue + customer, countryValue, day, day, amount, quantity, line, true);
  };
}
