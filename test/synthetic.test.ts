import {test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {gunzipSync} from "node:zlib";
import {generateTransactions, type SyntheticOptions} from "../data-loaders/synthetic.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEEKLY_HEADER = "country,id,week.year,revenue,units";
const INVOICE_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
const NON_PRODUCT: Record<string, string> = {
  POST: "POSTAGE",
  M: "Manual",
  D: "Discount",
  DOT: "DOTCOM POSTAGE",
  "BANK CHARGES": "Bank Charges",
  AMAZONFEE: "AMAZON FEE",
  CRUK: "CRUK Commission"
};

function generate(options: SyntheticOptions): string {
  return [...generateTransactions(options)].join("");
}

/** Data lines (header excluded) of a generated file, split on its own line ending. */
function dataLines(text: string, eol: string): string[] {
  assert.ok(text.endsWith(eol), "the file ends with a line break");
  return text.slice(0, -eol.length).split(eol).slice(1);
}

/** Splits a CSV line on commas outside double quotes, unquoting quoted fields. */
function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === "," && !quoted) {
      fields.push(field);
      field = "";
    } else {
      field += ch;
    }
  }
  assert.ok(!quoted, `unbalanced quotes in ${line}`);
  fields.push(field);
  return fields;
}

/** The Monday of `%W` week W of a year (the seed notebook's `%Y%W-%w` with w = 1), as days since 1970. */
function mondayOfWeek(weekYear: string): number {
  const [week, yearText] = weekYear.split(".");
  const year = Number(yearText.padEnd(4, "0")); // undo the float artifact: 202 is 2020
  const jan1 = Date.UTC(year, 0, 1) / 86400000;
  const firstMonday = jan1 + ((8 - new Date(jan1 * 86400000).getUTCDay()) % 7);
  return firstMonday + (Number(week) - 1) * 7;
}

function day(iso: string): number {
  return Date.parse(iso) / 86400000;
}

/** `m/d/yyyy h:mm` as minutes since 1970. */
function invoiceMinutes(date: string): number {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(date);
  assert.ok(match, `date ${date}`);
  const [m, d, y, h, min] = match.slice(1).map(Number);
  return Date.UTC(y, m - 1, d, h, min) / 60000;
}

const WEEKLY = generate({format: "weekly", lines: 30000});
const INVOICE = generate({format: "invoice", lines: 40000});
const WEEKLY_ROWS = dataLines(WEEKLY, "\r\n");
const INVOICE_ROWS = dataLines(INVOICE, "\n").map(splitCsv);

test("generateTransactions({format, lines}) yields exactly `lines` data lines after the header", () => {
  for (const format of ["weekly", "invoice"] as const) {
    const eol = format === "weekly" ? "\r\n" : "\n";
    for (const lines of [0, 1, 2, 7, 100, 2345, 70001]) {
      const text = generate({format, lines, seed: 5});
      const all = text.slice(0, -eol.length).split(eol);
      assert.equal(all[0], format === "weekly" ? WEEKLY_HEADER : INVOICE_HEADER);
      assert.equal(all.length - 1, lines, `${format} with ${lines} lines`);
    }
  }
});

test("generateTransactions({format: 'weekly'}) uses CRLF only and {format: 'invoice'} LF only", () => {
  assert.equal(WEEKLY.split("\r\n").length, WEEKLY.split("\n").length);
  assert.ok(!INVOICE.includes("\r"));
});

test("generateTransactions() yields the header alone first, then ~64 KB chunks that end at line breaks", () => {
  for (const format of ["weekly", "invoice"] as const) {
    const chunks = [...generateTransactions({format, lines: 50000})];
    const eol = format === "weekly" ? "\r\n" : "\n";
    assert.equal(chunks[0], (format === "weekly" ? WEEKLY_HEADER : INVOICE_HEADER) + eol);
    for (const chunk of chunks.slice(1)) assert.ok(chunk.endsWith(eol));
    for (const chunk of chunks.slice(1, -1)) assert.ok(chunk.length >= 65536 && chunk.length < 65536 + 65536);
  }
});

test("generateTransactions({format: 'weekly'}) is byte-identical for the same seed", () => {
  assert.equal(generate({format: "weekly", lines: 30000}), WEEKLY);
  assert.equal(
    generate({format: "weekly", lines: 5000, seed: 42}),
    generate({format: "weekly", lines: 5000, seed: 42})
  );
});

test("generateTransactions({format: 'invoice'}) is byte-identical for the same seed", () => {
  assert.equal(generate({format: "invoice", lines: 40000}), INVOICE);
  const options: SyntheticOptions = {format: "invoice", lines: 5000, seed: 42, customers: 300, start: "2019-06-03"};
  assert.equal(generate(options), generate({...options}));
});

test("generateTransactions() differs for different seeds, customers and starts", () => {
  for (const format of ["weekly", "invoice"] as const) {
    const base = generate({format, lines: 3000, seed: 1});
    assert.notEqual(generate({format, lines: 3000, seed: 2}), base);
    assert.notEqual(generate({format, lines: 3000, seed: 1, customers: 200}), base);
    assert.notEqual(generate({format, lines: 3000, seed: 1, start: "2023-01-09"}), base);
  }
});

test("generateTransactions({format: 'weekly'}) lines match `country,id,W.YYYY,\"revenue\",units`", () => {
  const pattern =
    /^(KR|JP|CN|IN|ID|PH|VN|TH|MY|SG|BD|PK|LK|NP|TW|SA|AF),\d{6,7},([1-9]|[1-4]\d|5[0-2])\.(2023|2024),"(-?)\d+,\d\d",(-?)[1-9]\d*$/;
  for (const line of WEEKLY_ROWS) {
    const match = pattern.exec(line);
    assert.ok(match, line);
    assert.equal(match[4], match[5], `revenue and units share their sign: ${line}`);
  }
  const returns = WEEKLY_ROWS.filter((line) => line.endsWith(",-1") || /,-\d+$/.test(line));
  assert.ok(returns.length > 20 && returns.length < WEEKLY_ROWS.length * 0.02, `${returns.length} return rows`);
});

test("generateTransactions({format: 'weekly'}) writes Mondays of weeks 1–52 within the span, 2020 as 202", () => {
  const start = day("2023-01-02");
  for (const line of WEEKLY_ROWS) {
    const monday = mondayOfWeek(line.split(",")[2]);
    assert.ok(monday >= start && monday < start + 730, line);
  }
  const weeks = new Set(WEEKLY_ROWS.map((line) => line.split(",")[2]));
  assert.ok(weeks.has("1.2023") && weeks.has("52.2024") && weeks.size === 104, `${weeks.size} weeks`);

  const text = generate({format: "weekly", lines: 2000, start: "2019-12-23", days: 28});
  const labels = new Set(dataLines(text, "\r\n").map((line) => line.split(",")[2]));
  // Mondays 2019-12-23 and 2019-12-30 are weeks 51 and 52 of 2019; 2020-01-06 and 2020-01-13 weeks 1 and 2.
  assert.deepEqual([...labels].sort(), ["1.202", "2.202", "51.2019", "52.2019"]);
  // A year with 53 Mondays (2018: Monday 2018-12-31 is week 53) skips week 53.
  const edge = dataLines(generate({format: "weekly", lines: 500, start: "2018-12-24", days: 14}), "\r\n");
  assert.deepEqual([...new Set(edge.map((line) => line.split(",")[2]))], ["52.2018"]);
});

test("generateTransactions({format: 'weekly'}) has the same id in two countries now and then", () => {
  const countries = new Map<string, Set<string>>();
  for (const line of WEEKLY_ROWS) {
    const [country, id] = line.split(",");
    countries.set(id, (countries.get(id) ?? new Set()).add(country));
  }
  const shared = [...countries.values()].filter((set) => set.size > 1).length;
  assert.ok(shared >= 1 && shared < countries.size / 100, `${shared} ids in two countries`);
});

test("generateTransactions({format: 'weekly'}) has heterogeneous, seasonal customers", () => {
  const start = day("2023-01-02");
  const days = new Map<string, number[]>();
  const byMonth = new Array<number>(12).fill(0);
  for (const line of WEEKLY_ROWS) {
    const [country, id, weekYear] = line.split(",");
    const monday = mondayOfWeek(weekYear);
    days.set(country + id, [...(days.get(country + id) ?? []), monday - start]);
    byMonth[new Date(monday * 86400000).getUTCMonth()]++;
  }
  // All customers of the default (about lines / 6) place at least one order.
  assert.equal(days.size, 5000);
  const counts = [...days.values()].map((d) => d.length).sort((a, b) => b - a);
  const top = counts.slice(0, 500).reduce((a, b) => a + b, 0);
  assert.ok(top / WEEKLY_ROWS.length > 0.45, "the top 10 % of customers place nearly half of the lines");
  assert.ok(counts[0] > 100, "a few customers are very frequent");
  assert.ok(counts.filter((c) => c === 1).length / days.size > 0.35, "many one-off buyers");
  const churned = [...days.values()].filter((d) => d.length >= 3 && Math.max(...d) < 365).length;
  const recent = [...days.values()].filter((d) => Math.min(...d) > 730 * 0.85).length;
  assert.ok(churned > 100, `${churned} regular customers stopped in the first year`);
  assert.ok(recent > 500, `${recent} customers started in the last 15 % of the span`);
  assert.ok(byMonth[10] > 1.5 * byMonth[2], "November is busier than March");
});

test("generateTransactions({format: 'invoice'}) lines parse as CSV with 8 fields of the UCI syntax", () => {
  for (const fields of INVOICE_ROWS) {
    assert.equal(fields.length, 8, fields.join("|"));
    const [invoice, code, description, quantity, date, price, customer, country] = fields;
    assert.match(invoice, /^C?\d{6}$/);
    assert.match(code, /^(\d{5}[A-Z]?|POST|M|D|DOT|BANK CHARGES|AMAZONFEE|CRUK)$/);
    assert.ok(description.length > 0);
    assert.match(quantity, /^-?[1-9]\d*$/);
    assert.match(date, /^([1-9]|1[0-2])\/([1-9]|[12]\d|3[01])\/202[34] ([1-9]|1\d|20):[0-5]\d$/);
    assert.match(price, /^(0|[1-9]\d*)(\.\d?[1-9])?$/, `price ${price} without trailing zeros`);
    // Ids from 12346 upward, one per customer of the default (about lines / 6 = 6,667).
    assert.ok(customer === "" || (/^\d{5}$/.test(customer) && +customer >= 12346 && +customer < 12346 + 6667));
    assert.match(country, /^[A-Z][A-Za-z ]+$/);
    if (code in NON_PRODUCT) assert.equal(description, NON_PRODUCT[code]);
    else assert.equal(description, description.toUpperCase());
  }
});

test("generateTransactions({format: 'invoice'}) cancellations are C-prefixed with negative quantities", () => {
  const cancelled = INVOICE_ROWS.filter((f) => f[0].startsWith("C"));
  assert.ok(cancelled.length > 100 && cancelled.length < INVOICE_ROWS.length * 0.05, `${cancelled.length}`);
  for (const fields of cancelled) assert.ok(Number(fields[3]) < 0, fields.join(","));
  for (const fields of INVOICE_ROWS.filter((f) => !f[0].startsWith("C"))) assert.ok(Number(fields[3]) > 0);
});

test("generateTransactions({format: 'invoice'}) numbers invoices from 536365 in date order, one customer each", () => {
  const invoices = new Map<string, {customer: string; date: string; country: string}>();
  let previous = -Infinity;
  let expected = 536365;
  for (const [invoice, , , , date, , customer, country] of INVOICE_ROWS) {
    const minutes = invoiceMinutes(date);
    assert.ok(minutes >= previous, "lines are in date order");
    previous = minutes;
    const seen = invoices.get(invoice);
    if (seen) {
      assert.deepEqual(seen, {customer, date, country}, `invoice ${invoice}`);
    } else {
      assert.equal(Number(invoice.replace(/^C/, "")), expected++, "consecutive numbers");
      invoices.set(invoice, {customer, date, country});
    }
  }
  assert.ok(INVOICE_ROWS.length / invoices.size > 2, "several lines per invoice");
  const first = invoiceMinutes(INVOICE_ROWS[0][4]);
  const last = invoiceMinutes(INVOICE_ROWS[INVOICE_ROWS.length - 1][4]);
  assert.ok(first >= day("2023-01-02") * 1440 && last < (day("2023-01-02") + 730) * 1440);
});

test("generateTransactions({format: 'invoice'}) has 20–25 % anonymous lines, UK-heavy countries, real odd codes", () => {
  const anonymous = INVOICE_ROWS.filter((f) => f[6] === "").length / INVOICE_ROWS.length;
  assert.ok(anonymous >= 0.2 && anonymous <= 0.25, `${anonymous}`);
  const countries = new Map<string, number>();
  for (const f of INVOICE_ROWS) countries.set(f[7], (countries.get(f[7]) ?? 0) + 1);
  const uk = countries.get("United Kingdom")! / INVOICE_ROWS.length;
  assert.ok(uk > 0.85 && uk < 0.95, `UK share ${uk}`);
  assert.ok(countries.size >= 25, `${countries.size} countries`);
  for (const code of Object.keys(NON_PRODUCT))
    assert.ok(
      INVOICE_ROWS.some((f) => f[1] === code),
      code
    );
  assert.ok(
    INVOICE_ROWS.some((f) => f[2].includes(",")),
    "some descriptions are quoted for a comma"
  );
  assert.ok(INVOICE.includes(',"'), "quoted fields in the raw text");
  const zero = INVOICE_ROWS.filter((f) => f[5] === "0").length;
  assert.ok(zero > 0 && zero < INVOICE_ROWS.length / 100, `${zero} zero prices`);
  const ids = new Set(INVOICE_ROWS.map((f) => f[6]).filter((id) => id !== ""));
  assert.ok(ids.size > 6000 && ids.size <= 6667, `${ids.size} customers`);
});

test("generateTransactions({format: 'invoice'}) keeps CustomerID within 12346–18287 for up to 5,942 customers", () => {
  const text = generate({format: "invoice", lines: 20000, customers: 1500, seed: 9});
  const ids = dataLines(text, "\n")
    .map((line) => splitCsv(line)[6])
    .filter((id) => id !== "");
  assert.ok(ids.every((id) => Number(id) >= 12346 && Number(id) <= 18287));
  assert.equal(new Set(ids).size, 1500, "every customer buys");
  const perCustomer = new Map<string, Set<string>>();
  for (const line of dataLines(text, "\n")) {
    const [invoice, , , , , , id] = splitCsv(line);
    if (id !== "" && !invoice.startsWith("C")) perCustomer.set(id, (perCustomer.get(id) ?? new Set()).add(invoice));
  }
  const invoices = [...perCustomer.values()].map((s) => s.size).sort((a, b) => b - a);
  assert.ok(invoices[0] >= 20 && invoices[invoices.length - 1] === 1, "frequent and one-off customers");
});

test("the committed sample files are byte-identical to what the generator produces now", () => {
  const samples: [string, SyntheticOptions][] = [
    ["sample/invoices.csv.gz", {format: "invoice", lines: 60000, customers: 2000, seed: 1}],
    ["sample/weekly.csv.gz", {format: "weekly", lines: 30000, seed: 1}]
  ];
  for (const [path, options] of samples) {
    const gz = readFileSync(join(ROOT, path));
    assert.ok(gz.length < 1.5e6, `${path} is ${gz.length} bytes`);
    assert.deepEqual([...gz.subarray(0, 3)], [0x1f, 0x8b, 8], "gzip, deflate");
    assert.deepEqual([...gz.subarray(4, 8)], [0, 0, 0, 0], "no timestamp in the gzip header");
    assert.equal(gunzipSync(gz).toString("latin1"), generate(options), path);
  }
});

test("generateTransactions() names the bad value of an invalid option", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{format: "csv"}, /^invalid format: csv$/],
    [{lines: -1}, /^invalid lines: -1$/],
    [{lines: 1.5}, /^invalid lines: 1\.5$/],
    [{lines: Number.NaN}, /^invalid lines: NaN$/],
    [{lines: "10" as unknown as number}, /^invalid lines: 10$/],
    [{seed: 0.5}, /^invalid seed: 0\.5$/],
    [{seed: -1}, /^invalid seed: -1$/],
    [{customers: 0}, /^invalid customers: 0$/],
    [{customers: 2.5}, /^invalid customers: 2\.5$/],
    [{start: "2023-02-30"}, /^invalid start: 2023-02-30$/],
    [{start: "yesterday"}, /^invalid start: yesterday$/],
    [{days: 0}, /^invalid days: 0$/],
    [{days: 1.5}, /^invalid days: 1\.5$/],
    [{format: "weekly", start: "2023-01-03", days: 5}, /^invalid days: 5 \(no Monday of weeks 1–52/],
    [{format: "invoice", start: "2023-12-24", days: 10}, /^invalid days: 10 \(no trading day/]
  ];
  for (const [override, message] of cases) {
    const options = {format: "invoice", lines: 100, ...override} as SyntheticOptions;
    // Thrown by the call itself, before any iteration.
    assert.throws(() => generateTransactions(options), {message}, JSON.stringify(override));
  }
});

test("scripts/generate.ts streams the same text to a file, gzipped for .gz, and summarizes on stderr", () => {
  const dir = mkdtempSync(join(tmpdir(), "synthetic-"));
  try {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/generate.ts", ...args], {cwd: ROOT, encoding: "utf8"});
    const args = ["--format", "weekly", "--lines", "1_000", "--seed", "3", "--customers", "90", "--days", "400"];
    const plain = run(...args, "--out", join(dir, "w.csv"));
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stderr, /^\S+w\.csv: 1,000 weekly lines, seed 3, .* lines\/s\)\n$/);
    const expected = generate({format: "weekly", lines: 1000, seed: 3, customers: 90, days: 400});
    assert.equal(readFileSync(join(dir, "w.csv"), "latin1"), expected);

    const zipped = run(
      "--format",
      "invoice",
      "--lines",
      "2000",
      "--start",
      "2020-03-02",
      "--out",
      join(dir, "i.csv.gz")
    );
    assert.equal(zipped.status, 0, zipped.stderr);
    const gz = readFileSync(join(dir, "i.csv.gz"));
    assert.equal(gunzipSync(gz).toString("latin1"), generate({format: "invoice", lines: 2000, start: "2020-03-02"}));
    const again = run(
      "--format",
      "invoice",
      "--lines",
      "2000",
      "--start",
      "2020-03-02",
      "--out",
      join(dir, "j.csv.gz")
    );
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(readFileSync(join(dir, "j.csv.gz")), gz, "reproducible gzip bytes");

    const bad = run("--format", "weekly", "--lines", "ten", "--out", join(dir, "x.csv"));
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^invalid lines: ten\nusage: /);
    const invalid = run("--format", "weekly", "--lines", "10", "--customers", "0", "--out", join(dir, "x.csv"));
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /^invalid customers: 0\n/);
    assert.throws(() => readFileSync(join(dir, "x.csv")), "no file for invalid options");
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});
