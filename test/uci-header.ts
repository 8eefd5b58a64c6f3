/** The header of UCI Online Retail, the invoice format's reference export. */
export const uciHeader = [
  "InvoiceNo",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "UnitPrice",
  "CustomerID",
  "Country"
];
