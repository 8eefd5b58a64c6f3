import type {CustomerRecord, SegmentSummary} from "./types.ts";

export const customersCsvHeader = "customer_id,country,recency_days,frequency,revenue,cluster,segment";

/** The customer → segment list: one row per customer, in the given order, numbers in plain decimal notation. */
export function formatCustomersCsv(customers: CustomerRecord[], segments: SegmentSummary[]): string {
  const names = new Map(segments.map((segment) => [segment.cluster, segment.name]));
  const lines = [customersCsvHeader];
  for (const customer of customers) {
    lines.push(
      [
        csvField(customer.id),
        csvField(customer.country),
        plainNumber(customer.recencyDays, 0),
        plainNumber(customer.frequency, 0),
        plainNumber(customer.revenue, 2),
        customer.cluster === null ? "" : String(customer.cluster),
        customer.cluster === null ? "" : csvField(names.get(customer.cluster) ?? "")
      ].join(",")
    );
  }
  return lines.join("\n") + "\n";
}

/** Quotes a field when it holds a delimiter, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Fixed-point text, never exponent notation, and never "-0". */
export function plainNumber(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.charCodeAt(0) === 45 && Number(text) === 0 ? text.slice(1) : text;
}
