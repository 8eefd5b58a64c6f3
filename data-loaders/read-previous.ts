import {findColumn} from "./columns.ts";
import {readCsv} from "./csv-reader.ts";
import {quote, SegmentError} from "./errors.ts";
import {openInputFile} from "./input-file.ts";
import {parseDecimal} from "./numbers.ts";

/** One customer of an earlier run, as its customers.csv wrote them. */
export interface PreviousCustomer {
  id: string;
  country: string;
  recencyDays: number;
  frequency: number;
  revenue: number;
  /** Empty when the customer was not clustered then. */
  segment: string;
}

/**
 * Reads an earlier run's customers.csv (from `npm run segment` or the site's download). It is our own format, so a
 * line that does not fit it is an error, not a tallied exclusion.
 */
export async function readPreviousCustomers(file: string): Promise<PreviousCustomer[]> {
  const input = await openInputFile(file);
  const customers: PreviousCustomer[] = [];
  let columns: Record<"id" | "country" | "recency" | "frequency" | "revenue" | "segment", number> | undefined;
  let width = 0;
  await readCsv(input.chunks, {
    file,
    delimiter: ",",
    onHeader: (header) => {
      width = header.length;
      columns = {
        id: findColumn(header, ["customer_id"], file, "customer id"),
        country: findColumn(header, ["country"], file, "country"),
        recency: findColumn(header, ["recency_days"], file, "recency"),
        frequency: findColumn(header, ["frequency"], file, "frequency"),
        revenue: findColumn(header, ["revenue"], file, "revenue"),
        segment: findColumn(header, ["segment"], file, "segment")
      };
    },
    onRecord: (fields, line) => {
      if (fields.length === 1 && fields[0] === "") return;
      const c = columns!;
      if (fields.length !== width) {
        throw new SegmentError("not a customers.csv line", {
          file,
          line,
          found: `${fields.length} fields`,
          expected: `${width} fields like the header`
        });
      }
      const number = (index: number, name: string) => {
        const value = parseDecimal(fields[index]);
        if (Number.isNaN(value))
          throw new SegmentError(`unparsable ${name}`, {
            file,
            line,
            column: index + 1,
            found: quote(fields[index]),
            expected: "a plain decimal number"
          });
        return value;
      };
      customers.push({
        id: fields[c.id],
        country: fields[c.country],
        recencyDays: number(c.recency, "recency_days"),
        frequency: number(c.frequency, "frequency"),
        revenue: number(c.revenue, "revenue"),
        segment: fields[c.segment]
      });
    }
  });
  return customers;
}
