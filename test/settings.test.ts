import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {
  defaultSettings,
  parseColumnMap,
  parseK,
  parseWindow,
  SettingsError,
  validateSettings,
  type Settings
} from "../data-loaders/settings.ts";

const withPatch = (patch: Record<string, unknown>): Settings => ({...defaultSettings, ...patch}) as Settings;

function rejects(patch: Record<string, unknown>, name: string) {
  assert.throws(
    () => validateSettings(withPatch(patch)),
    (error: unknown) =>
      error instanceof SettingsError && error.name === "SettingsError" && error.message.startsWith(`invalid ${name}:`),
    `${JSON.stringify(patch)} should be rejected as ${name}`
  );
}

describe("validateSettings", () => {
  test("validateSettings(defaultSettings) accepts the defaults and returns them", () => {
    const settings = {...defaultSettings};
    assert.equal(validateSettings(settings), settings);
  });

  test("defaultSettings are the README's defaults", () => {
    assert.equal(defaultSettings.k, 6);
    assert.equal(defaultSettings.window, 365);
    assert.deepEqual(defaultSettings.kRange, [2, 10]);
    assert.equal(defaultSettings.diagnosticsMaxK, 10);
    assert.equal(defaultSettings.restarts, 10);
    assert.equal(defaultSettings.seed, 0);
    assert.equal(defaultSettings.maxIterations, 300);
    assert.equal(defaultSettings.sampleSize, 2000);
    assert.equal(defaultSettings.cancellations, "exclude");
    assert.equal(defaultSettings.nonProduct, "keep");
    assert.equal(defaultSettings.standardize, false);
    assert.equal(defaultSettings.referenceDate, null);
    assert.ok(defaultSettings.nonProductCodes.includes("POST"));
    assert.ok(defaultSettings.nonProductCodes.includes("BANK CHARGES"));
  });

  test("validateSettings accepts every documented value of the enumerated settings", () => {
    for (const patch of [
      {format: "weekly"},
      {format: "invoice"},
      {format: "mapped", map: {customer: "c", date: "d", amount: "a"}},
      {delimiter: ";"},
      {delimiter: "\t"},
      {decimal: ","},
      {k: "auto"},
      {k: 1},
      {window: "all"},
      {window: 1},
      {referenceDate: "2011-12-10"},
      {standardize: true},
      {seed: 0xffffffff},
      {sampleSize: 100},
      {cancellations: "net"},
      {nonProduct: "exclude"},
      {diagnosticsMaxK: 30},
      {kRange: [2, 2]},
      {segments: {"recent-high-high": {name: "VIPs", relationship: "Invite them."}}}
    ]) {
      assert.doesNotThrow(() => validateSettings(withPatch(patch)), JSON.stringify(patch));
    }
  });

  test("validateSettings names the first bad setting", () => {
    rejects({input: ""}, "input");
    rejects({format: "excel"}, "format");
    rejects({delimiter: "|"}, "delimiter");
    rejects({decimal: "'"}, "decimal");
    rejects({format: "mapped", map: null}, "map");
    rejects({kRange: [1, 5]}, "kRange");
    rejects({kRange: [5, 4]}, "kRange");
    rejects({kRange: [2.5, 4]}, "kRange");
    rejects({k: 0}, "k");
    rejects({k: 2.5}, "k");
    rejects({k: "6"}, "k");
    rejects({diagnosticsMaxK: 0}, "diagnosticsMaxK");
    rejects({diagnosticsMaxK: 31}, "diagnosticsMaxK");
    rejects({window: 0}, "window");
    rejects({window: "365"}, "window");
    rejects({referenceDate: "10/12/2011"}, "referenceDate");
    rejects({standardize: "yes"}, "standardize");
    rejects({restarts: 0}, "restarts");
    rejects({seed: -1}, "seed");
    rejects({seed: 2 ** 32}, "seed");
    rejects({seed: Number.NaN}, "seed");
    rejects({maxIterations: 0}, "maxIterations");
    rejects({sampleSize: 99}, "sampleSize");
    rejects({cancellations: "drop"}, "cancellations");
    rejects({nonProduct: "drop"}, "nonProduct");
    rejects({nonProductCodes: "POST"}, "nonProductCodes");
    rejects({nonProductCodes: ["POST", 1]}, "nonProductCodes");
    rejects({segments: []}, "segments");
    rejects({segments: {"recent-very-high": {name: "x"}}}, "segments key");
    rejects({segments: {"recent-high-high": {colour: "red"}}}, "segments.recent-high-high.colour");
    rejects({segments: {"recent-high-high": {name: 3}}}, "segments.recent-high-high.name");
  });

  test("validateSettings rejects a referenceDate that is not a calendar date", () => {
    rejects({referenceDate: "2023-02-30"}, "referenceDate");
    rejects({referenceDate: "2023-13-01"}, "referenceDate");
  });

  test("validateSettings rejects a map with both amount and quantity, or neither", () => {
    assert.throws(
      () => validateSettings(withPatch({map: {customer: "c", date: "d", amount: "a", quantity: "q"}})),
      /invalid map: both amount and quantity\/price/
    );
    assert.throws(
      () => validateSettings(withPatch({map: {customer: "c", date: "d", quantity: "q"}})),
      /invalid map: neither amount nor quantity and price/
    );
    assert.throws(
      () => validateSettings(withPatch({map: {date: "d", amount: "a"}})),
      /invalid map: no customer column/
    );
  });
});

describe("parseColumnMap", () => {
  test('parseColumnMap("customer=Client,date=Day,amount=Total") maps the keys to columns', () => {
    assert.deepEqual(parseColumnMap("customer=Client,date=Day,amount=Total"), {
      customer: "Client",
      date: "Day",
      amount: "Total"
    });
  });

  test("parseColumnMap trims keys and columns and keeps spaces inside column names", () => {
    assert.deepEqual(
      parseColumnMap(
        " customer = Customer ID , date=Invoice Date, quantity=Qty,price=Unit Price,order=Invoice,country=Land "
      ),
      {
        customer: "Customer ID",
        date: "Invoice Date",
        quantity: "Qty",
        price: "Unit Price",
        order: "Invoice",
        country: "Land"
      }
    );
  });

  test("parseColumnMap rejects unknown keys, missing = and empty columns", () => {
    assert.throws(() => parseColumnMap("customer=C,date=D,amount=A,colour=X"), /invalid map entry: "colour=X"/);
    assert.throws(() => parseColumnMap("customer=C,date,amount=A"), /invalid map entry: "date"/);
    assert.throws(() => parseColumnMap("customer=C,date=,amount=A"), /invalid map entry: "date="/);
  });

  test("parseColumnMap rejects a map without amount or quantity and price", () => {
    assert.throws(() => parseColumnMap("customer=C,date=D"), SettingsError);
    assert.throws(() => parseColumnMap("customer=C,date=D,price=P"), SettingsError);
    assert.throws(() => parseColumnMap("customer=C,amount=A"), /no date column/);
  });
});

describe("parseK and parseWindow", () => {
  test('parseK("auto") is auto and parseK("4") is 4', () => {
    assert.equal(parseK("auto"), "auto");
    assert.equal(parseK("4"), 4);
  });

  test("parseK rejects zero, fractions, negatives and words", () => {
    for (const text of ["0", "2.5", "-3", "six", "", "Auto"])
      assert.throws(() => parseK(text), SettingsError, JSON.stringify(text));
  });

  test('parseWindow("all") is all and parseWindow("730") is 730', () => {
    assert.equal(parseWindow("all"), "all");
    assert.equal(parseWindow("730"), 730);
  });

  test("parseWindow rejects zero, fractions, negatives and words", () => {
    for (const text of ["0", "1.5", "-30", "year", ""]) assert.throws(() => parseWindow(text), SettingsError, text);
  });
});
