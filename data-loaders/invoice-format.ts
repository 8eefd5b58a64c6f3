import {findColumn} from "./columns.ts";
import {parseUsDateTime, parseIsoDate} from "./dates.ts";
import {parseDecimal} from "./numbers.ts";
import {tallyMalformed, type RowParser, type RowSink} from "./row-sink.ts";
import type {Settings} from "./settings.ts";

/** UCI Online Retail and Online Retail II name their columns differently; both are accepted. */
export const invoiceColumns = {
  invoice: ["InvoiceNo", "Invoice"],
  stockCode: ["StockCode"],
  quantity: ["Quantity"],
  date: ["InvoiceDate"],
  price: ["UnitPrice", "Price"],
  customer: ["CustomerID", "Customer ID"],
  country: ["Country"]
};

/**
 * Invoice lines: revenue = quantity × price and frequency = distinct invoices. Checks run in a fixed order so that
 * each line lands under one reason: customer id, cancellation, numbers, date, non-product code, sign.
 */
export function createInvoiceParser(header: string[], file: string, settings: Settings, sink: RowSink): RowParser {
  const invoice = findColumn(header, invoiceColumns.invoice, file, "invoice number");
  const stockCode = findColumn(header, invoiceColumns.stockCode, file, "stock code");
  const quantity = findColumn(header, invoiceColumns.quantity, file, "quantity");
  const date = findColumn(header, invoiceColumns.date, file, "invoice date");
  const price = findColumn(header, invoiceColumns.price, file, "unit price");
  const customer = findColumn(header, invoiceColumns.customer, file, "customer id");
  const country = findColumn(header, invoiceColumns.country, file, "country");
  const width = header.length;
  const excludeCancellations = settings.cancellations === "exclude";
  const nonProductCodes =
    settings.nonProduct === "exclude" ? new Set(settings.nonProductCodes.map((code) => code.toUpperCase())) : null;
  const {book, ledger} = sink;
  return (fields, line) => {
    if (tallyMalformed(fields, width, line, sink)) return;
    const q = parseDecimal(fields[quantity].trim());
    const p = parseDecimal(fields[price].trim());
    const amount = q * p;
    const customerId = fields[customer].trim();
    if (customerId === "") return ledger.exclude("missing_customer_id", line, amount);
    const invoiceNo = fields[invoice].trim();
    const cancelled = invoiceNo.charCodeAt(0) === 67 /* C */ || invoiceNo.charCodeAt(0) === 99; /* c */
    if (cancelled && excludeCancellations) return ledger.exclude("cancellation", line, amount);
    if (Number.isNaN(q)) return ledger.exclude("unparsable_quantity", line, 0);
    if (Number.isNaN(p)) return ledger.exclude("unparsable_price", line, 0);
    const dateText = fields[date].trim();
    let day = parseUsDateTime(dateText);
    if (Number.isNaN(day)) day = parseIsoDate(dateText);
    if (Number.isNaN(day)) return ledger.exclude("unparsable_date", line, amount);
    if (nonProductCodes?.has(fields[stockCode].trim().toUpperCase()))
      return ledger.exclude("non_product_code", line, amount);
    if (excludeCancellations) {
      if (q <= 0) return ledger.exclude("non_positive_quantity", line, amount);
      if (p <= 0) return ledger.exclude("non_positive_price", line, amount);
    }
    book.add(customerId, fields[country].trim(), invoiceNo, day, amount, q, line, !cancelled && q > 0 && p > 0);
  };
}
