import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {detectFormat} from "../data-loaders/detect-format.ts";
import {SegmentError} from "../data-loaders/errors.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";

const settings = (patch: Partial<Settings> = {}): Settings => ({...defaultSettings, ...patch});
const uci = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];
const uci2 = ["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"];
const map = {customer: "Client", date: "Day", amount: "Total"};

describe("detectFormat", () => {
  test("detectFormat(country,id,week.year,revenue,units) is weekly, in any case and order", () => {
    assert.equal(detectFormat(["country", "id", "week.year", "revenue", "units"], settings(), "f"), "weekly");
    assert.equal(
      detectFormat([" Units", "REVENUE", "Week.Year", "Id ", "Country", "extra"], settings(), "f"),
      "weekly"
    );
  });

  test("detectFormat of UCI Online Retail I and II headers is invoice", () => {
    assert.equal(detectFormat(uci, settings(), "f"), "invoice");
    assert.equal(detectFormat(uci2, settings(), "f"), "invoice");
    assert.equal(
      detectFormat(
        uci.filter((name) => name !== "Description"),
        settings(),
        "f"
      ),
      "invoice",
      "Description is not needed"
    );
  });

  test("detectFormat with a map and another header is mapped", () => {
    assert.equal(detectFormat(["Client", "Day", "Total"], settings({map}), "f"), "mapped");
  });

  test("detectFormat prefers the weekly and invoice headers over a map", () => {
    assert.equal(detectFormat(uci, settings({map}), "f"), "invoice");
    assert.equal(detectFormat(["country", "id", "week.year", "revenue", "units"], settings({map}), "f"), "weekly");
  });

  test("detectFormat returns a forced format whatever the header", () => {
    assert.equal(detectFormat(["x", "y"], settings({format: "weekly"}), "f"), "weekly");
    assert.equal(detectFormat(uci, settings({format: "mapped", map}), "f"), "mapped");
    assert.equal(detectFormat(["x"], settings({format: "invoice"}), "f"), "invoice");
  });

  test("detectFormat of an unknown header without a map throws SegmentError listing the columns", () => {
    assert.throws(
      () => detectFormat(["Client", " Day", "Total"], settings(), "sales.csv"),
      (error: unknown) =>
        error instanceof SegmentError &&
        error.details.file === "sales.csv" &&
        error.details.line === 1 &&
        error.details.found === 'the columns "Client", "Day", "Total"' &&
        /--map/.test(error.details.expected ?? "")
    );
  });

  test("detectFormat of an invoice header missing Country is not invoice", () => {
    assert.throws(
      () =>
        detectFormat(
          uci.filter((name) => name !== "Country"),
          settings(),
          "f"
        ),
      SegmentError
    );
  });
});
