import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {dayFromCivil} from "../data-loaders/dates.ts";
import {SegmentError} from "../data-loaders/errors.ts";
import {createInvoiceParser, invoiceColumns} from "../data-loaders/invoice-format.ts";
import {ExclusionLedger} from "../data-loaders/ledger.ts";
import {OrderBook} from "../data-loaders/order-book.ts";
import {computeRfm} from "../data-loaders/rfm.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";
import {uciHeader} from "./uci-header.ts";

const uci2Header = [
  "Invoice",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "Price",
  "Customer ID",
  "Country"
];

interface Line {
  invoice?: string;
  code?: string;
  quantity?: string;
  date?: string;
  price?: string;
  customer?: string;
  country?: string;
}

function fields(line: Line): string[] {
  return [
    line.invoice ?? "536365",
    line.code ?? "85123A",
    "WHITE HANGING HEART T-LIGHT HOLDER",
    line.quantity ?? "6",
    line.date ?? "12/1/2010 8:26",
    line.price ?? "2.55",
    line.customer ?? "17850",
    line.country ?? "United Kingdom"
  ];
}

function setup(settings: Partial<Settings> = {}, header = uciHeader) {
  const book = new OrderBook();
  const ledger = new ExclusionLedger();
  const parse = createInvoiceParser(header, "invoices.csv", {...defaultSettings, ...settings}, {book, ledger});
  let lineNumber = 1;
  const feed = (...lines: (Line | string[])[]) =>
    lines.forEach((line) => parse(Array.isArray(line) ? line : fields(line), ++lineNumber));
  return {book, ledger, feed};
}

/** The single reason the ledger holds, checking that nothing reached the book. */
function onlyReason(ledger: ExclusionLedger, book: OrderBook): [string, number] {
  const json = ledger.toJSON();
  assert.equal(book.size, 0, "nothing reaches the book");
  assert.equal(Object.keys(json).length, 1, JSON.stringify(json));
  const [reason, entry] = Object.entries(json)[0];
  assert.equal(entry.lines, 1);
  return [reason, entry.revenue];
}

describe("createInvoiceParser", () => {
  test("invoice line revenue is quantity × price, its order the invoice number", () => {
    const {book, ledger, feed} = setup();
    feed({quantity: "6", price: "2.55"}, {quantity: "6", price: "3.39", code: "71053"}, {invoice: "536366"});
    assert.deepEqual(ledger.toJSON(), {});
    assert.equal(book.size, 2);
    assert.deepEqual(book.customerIds, ["17850"]);
    assert.ok(Math.abs(book.revenueOf(0) - (6 * 2.55 + 6 * 3.39)) < 1e-9);
    assert.equal(book.units[0], 12);
    assert.equal(book.rows[0], 2);
    assert.equal(book.day[0], dayFromCivil(2010, 12, 1));
    assert.equal(book.purchase[0], 1);
    assert.equal(book.country(0), "United Kingdom");
  });

  test("invoice reads Online Retail II's column names and ISO dates", () => {
    const {book, ledger, feed} = setup({}, uci2Header);
    feed({invoice: "489434", date: "2009-12-01 07:45:00", quantity: "12", price: "6.95", customer: "13085"});
    assert.deepEqual(ledger.toJSON(), {});
    assert.deepEqual(book.customerIds, ["13085"]);
    assert.equal(book.revenueOf(0), 12 * 6.95);
    assert.equal(book.day[0], dayFromCivil(2009, 12, 1));
  });

  test("invoice blank and short lines are blank_line and malformed_line", () => {
    const {book, ledger, feed} = setup();
    feed([""], ["  "], fields({}).slice(1), [...fields({}), "extra"]);
    assert.equal(book.size, 0);
    assert.deepEqual(ledger.toJSON(), {
      blank_line: {lines: 2, revenue: 0, examples: [2, 3]},
      malformed_line: {lines: 2, revenue: 0, examples: [4, 5]}
    });
  });

  test("invoice with an empty customer is missing_customer_id, before the cancellation check", () => {
    const {book, ledger, feed} = setup();
    feed({invoice: "C536379", customer: " ", quantity: "-1", price: "27.50"});
    assert.deepEqual(onlyReason(ledger, book), ["missing_customer_id", -27.5]);
  });

  test("invoice C… with cancellations exclude is a cancellation, before the number checks", () => {
    const {book, ledger, feed} = setup();
    feed({invoice: "C536379", quantity: "-1", price: "27.50"});
    assert.deepEqual(onlyReason(ledger, book), ["cancellation", -27.5]);
    const second = setup();
    second.feed({invoice: "c536380", quantity: "lots", date: "never"});
    assert.deepEqual(onlyReason(second.ledger, second.book), ["cancellation", 0]);
  });

  test("invoice with an unparsable quantity is unparsable_quantity, before the price and the date", () => {
    const {book, ledger, feed} = setup();
    feed({quantity: "six", price: "x", date: "never"});
    assert.deepEqual(onlyReason(ledger, book), ["unparsable_quantity", 0]);
  });

  test("invoice with an unparsable price is unparsable_price, before the date", () => {
    const {book, ledger, feed} = setup();
    feed({price: "£2.55", date: "never"});
    assert.deepEqual(onlyReason(ledger, book), ["unparsable_price", 0]);
  });

  test("invoice with an unparsable date is unparsable_date with its revenue, before the stock code", () => {
    const {book, ledger, feed} = setup({nonProduct: "exclude"});
    feed({date: "31/12/2010 8:00", code: "POST", quantity: "2", price: "5"});
    assert.deepEqual(onlyReason(ledger, book), ["unparsable_date", 10]);
  });

  test("invoice non-product codes are non_product_code with nonProduct exclude, before the sign checks", () => {
    const {book, ledger, feed} = setup({nonProduct: "exclude"});
    feed({code: " post ", quantity: "-3", price: "18"});
    assert.deepEqual(onlyReason(ledger, book), ["non_product_code", -54]);
  });

  test("invoice non-product codes are kept with nonProduct keep", () => {
    const {book, ledger, feed} = setup({nonProduct: "keep"});
    feed({code: "POST", quantity: "3", price: "18"});
    assert.deepEqual(ledger.toJSON(), {});
    assert.equal(book.revenueOf(0), 54);
  });

  test("invoice with quantity ≤ 0 is non_positive_quantity, before the price sign", () => {
    const {book, ledger, feed} = setup();
    feed({quantity: "0", price: "-1"});
    assert.deepEqual(onlyReason(ledger, book), ["non_positive_quantity", 0]);
    const negative = setup();
    negative.feed({quantity: "-2", price: "3"});
    assert.deepEqual(onlyReason(negative.ledger, negative.book), ["non_positive_quantity", -6]);
  });

  test("invoice with price ≤ 0 is non_positive_price", () => {
    const {book, ledger, feed} = setup();
    feed({quantity: "2", price: "0"});
    assert.deepEqual(onlyReason(ledger, book), ["non_positive_price", 0]);
    const negative = setup();
    negative.feed({quantity: "1", price: "-11062.06"});
    assert.deepEqual(onlyReason(negative.ledger, negative.book), ["non_positive_price", -11062.06]);
  });

  test('invoice with cancellations "net" keeps C… lines and returns, netted, and not as purchases', () => {
    const {book, ledger, feed} = setup({cancellations: "net"});
    feed(
      {invoice: "536365", quantity: "10", price: "2", date: "12/1/2010 8:00"},
      {invoice: "C536366", quantity: "-4", price: "2", date: "12/5/2010 8:00"},
      {invoice: "536367", quantity: "-1", price: "2", date: "12/6/2010 8:00"}
    );
    assert.deepEqual(ledger.toJSON(), {});
    assert.equal(book.size, 3);
    assert.deepEqual(Array.from(book.purchase.subarray(0, 3)), [1, 0, 0]);
    const rfm = computeRfm(book, ledger, {window: "all", referenceDate: "2010-12-11", frequency: "orders"});
    assert.equal(rfm.revenue[0], 20 - 8 - 2);
    assert.equal(rfm.units[0], 10 - 4 - 1);
    assert.equal(rfm.frequency[0], 1, "cancellations and returns are not purchases");
    assert.equal(rfm.recencyDays[0], 10, "recency counts from the purchase on 2010-12-01");
  });

  test('invoice with cancellations "net" does not count a negative-price line as a purchase', () => {
    // README: net keeps C… invoices and lines with quantity or price ≤ 0; "they are not purchases".
    const {book, ledger, feed} = setup({cancellations: "net"});
    feed(
      {invoice: "536365", quantity: "10", price: "2", date: "12/1/2010 8:00"},
      {invoice: "A563185", code: "B", quantity: "1", price: "-5", date: "12/8/2010 8:00"}
    );
    const rfm = computeRfm(book, ledger, {window: "all", referenceDate: "2010-12-11", frequency: "orders"});
    assert.equal(rfm.revenue[0], 15);
    assert.equal(rfm.frequency[0], 1);
    assert.equal(rfm.recencyDays[0], 10);
  });

  test("invoice trims fields and groups lines by the trimmed invoice number", () => {
    const {book, feed} = setup();
    feed({invoice: " 536365 ", customer: " 17850 ", country: " France "}, {invoice: "536365"});
    assert.equal(book.size, 1);
    assert.deepEqual(book.customerIds, ["17850"]);
    assert.equal(book.country(0), "France");
  });

  test("invoice without a price column throws SegmentError naming both accepted names", () => {
    const header = uciHeader.filter((name) => name !== "UnitPrice");
    assert.throws(
      () => setup({}, header),
      (error: unknown) =>
        error instanceof SegmentError &&
        error.details.line === 1 &&
        error.details.expected === 'a column named "UnitPrice" or "Price"'
    );
  });

  test("invoiceColumns accept both UCI spellings of each role", () => {
    for (const [i, name] of uciHeader.entries()) {
      if (name === "Description") continue;
      const role = Object.values(invoiceColumns).find((names) => names.includes(name));
      assert.ok(role, name);
      assert.ok(role.includes(uci2Header[i]), `${name} / ${uci2Header[i]}`);
    }
  });
});
