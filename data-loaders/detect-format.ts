import {hasColumn} from "./columns.ts";
import {SegmentError} from "./errors.ts";
import {invoiceColumns} from "./invoice-format.ts";
import type {Settings} from "./settings.ts";
import type {Format} from "./types.ts";
import {weeklyColumns} from "./weekly-format.ts";

/** Tells the format from the header: the seed's weekly columns, invoice lines, or the configured mapping. */
export function detectFormat(header: string[], settings: Settings, file: string): Format {
  if (settings.format !== "auto") return settings.format;
  if (weeklyColumns.every((name) => hasColumn(header, name))) return "weekly";
  if (Object.values(invoiceColumns).every((names) => names.some((name) => hasColumn(header, name)))) return "invoice";
  if (settings.map) return "mapped";
  throw new SegmentError("cannot tell the file's format from its header", {
    file,
    line: 1,
    found: `the columns ${header.map((column) => JSON.stringify(column.trim())).join(", ")}`,
    expected: `the weekly columns (${weeklyColumns.join(",")}), the invoice columns (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country), or a column mapping (--map customer=COL,date=COL,amount=COL)`
  });
}
