// Builds the report for a few datasets, serves dist/ offline and opens every page in Chromium: no console error,
// no failed or external request, every chart drawn with marks and a text alternative, every table with rows, the
// downloads equal to the pipeline's customer lists, a screenshot of each page in test/out/screenshots/.
//
//   node --import tsx --test test/browser/site.test.ts
//
// SITE_TEST_DATASETS=sample,previous,seed,uci,payload picks datasets (default: all of them). A chosen dataset whose
// input is missing fails: CI has ../shared, so a missing file there is a broken checkout, not a reason to skip. The
// previous dataset is the sample compared with an earlier run of it (the Changes page with a migration); the
// payload dataset has HTML and script in customer ids and countries.
import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {mkdir, readFile, readdir, writeFile} from "node:fs/promises";
import {dirname, join, resolve} from "node:path";
import {after, before, describe, test} from "node:test";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {cachedSegmentation} from "../../data-loaders/cached-segmentation.ts";
import {csvField, formatCustomersCsv} from "../../data-loaders/customers-csv.ts";
import {runSegmentation, type Segmentation} from "../../data-loaders/pipeline.ts";
import {SegmentedCustomers} from "../../data-loaders/segmented-customers.ts";
import {createRandom} from "../../data-loaders/random.ts";
import {settingsForBuild} from "../../data-loaders/settings-sources.ts";
import {formatMigrationCsv} from "../../data-loaders/write-outputs.ts";
import {
  buildSite,
  distDir,
  externalReferences,
  launchBrowser,
  openPage,
  projectRoot,
  serve,
  type BuildEnv,
  type PageReport
} from "./harness.ts";

interface Dataset {
  name: string;
  env: BuildEnv;
  input: string;
  /** Writes the input first, for generated datasets. */
  prepare?: () => Promise<void>;
  /** How many countries (hence country pages) the dataset must give, when known. */
  countries?: number;
  /**
   * Only these pages differ from those of another dataset's build (same input, same settings but one): the others
   * and the site-wide tests are left to that dataset, which keeps the suite's time down.
   */
  only?: string[];
}

const payloadFile = join(projectRoot, "test/out/payload.csv");
const previousFile = join(projectRoot, "test/out/previous-sample/customers.csv");

const datasets: Dataset[] = [
  {name: "sample", env: {}, input: "sample/invoices.csv.gz"},
  // The sample against an earlier run of itself: three months earlier and another seed, so that customers arrive,
  // leave and move between segments.
  {
    name: "previous",
    env: {SEGMENT_PREVIOUS: previousFile},
    input: "sample/invoices.csv.gz",
    prepare: writePrevious,
    only: ["/", "/changes", "/data-quality"]
  },
  {
    name: "seed",
    env: {SEGMENT_INPUT: "../shared/seed/transactions-weekly.csv", SEGMENT_K: "6"},
    input: "../shared/seed/transactions-weekly.csv",
    countries: 17
  },
  {
    name: "uci",
    env: {SEGMENT_INPUT: "../shared/datasets/online-retail.csv.gz"},
    input: "../shared/datasets/online-retail.csv.gz",
    countries: 36
  },
  // Ids and countries that are HTML and script: the pages must show them as text and run nothing.
  {name: "payload", env: {SEGMENT_INPUT: payloadFile}, input: payloadFile, prepare: writePayload}
];
const defaults = datasets.map((dataset) => dataset.name);
const chosen = (process.env.SITE_TEST_DATASETS?.split(",") ?? defaults).map((name) => name.trim());
const screenshots = join(projectRoot, "test/out/screenshots");
const maxPageBytes = 3 * 1024 * 1024;
const concurrency = 3;

/** What a page must show at least, beyond "no errors": charts and tables. */
function expectations(path: string, result: Segmentation): {charts: number; tables: number} {
  const k = result.summary.segments.length;
  switch (path) {
    case "/":
      return {charts: 1, tables: 0};
    case "/segments":
      return {charts: 8, tables: 1};
    case "/clusters":
      return {charts: 4, tables: 0};
    case "/countries":
      return {charts: 4 + k, tables: 1};
    case "/customers":
      return {charts: 0, tables: 1};
    case "/data-quality":
      return {charts: 0, tables: 3};
    case "/changes":
      // The flow charts of customers and revenue, the matrix and the matching; or only the note without a migration.
      return result.migration ? {charts: 2, tables: 2} : {charts: 0, tables: 0};
    default: {
      // A country page: its mix chart, and a table of top customers unless none of its customers was clustered.
      const country = result.summary.countries.find((c) => path === `/countries/${c.slug}`);
      if (!country) throw new Error(`unexpected page ${path}`);
      return {charts: 1, tables: country.clustered > 0 ? 1 : 0};
    }
  }
}

const unknown = chosen.filter((name) => !datasets.some((dataset) => dataset.name === name));
if (unknown.length) {
  throw new Error(
    `unknown dataset in SITE_TEST_DATASETS: ${unknown.join(", ")}; expected ${datasets.map((d) => d.name).join(", ")}`
  );
}

for (const dataset of datasets) {
  const skip = chosen.includes(dataset.name) ? false : `not in SITE_TEST_DATASETS (${chosen.join(",")})`;

  // A variant dataset opens only the pages it changes: the site-wide checks belong to the dataset it differs from.
  const siteWideTest = (name: string, fn: () => Promise<void>) => {
    if (!dataset.only) test(name, fn);
  };

  describe(`the report built from ${dataset.name} (${dataset.input})`, {skip}, () => {
    let server: Awaited<ReturnType<typeof serve>>;
    let browser: Browser;
    let context: BrowserContext;
    let result: Segmentation;
    let paths: string[];

    before(async () => {
      await dataset.prepare?.();
      if (!existsSync(resolve(projectRoot, dataset.input))) {
        throw new Error(`${dataset.input} is missing: the ${dataset.name} dataset cannot be tested without it`);
      }
      const build = await buildSite(dataset.env);
      process.stderr.write(`# built ${dataset.name} in ${build.seconds.toFixed(1)} s\n`);
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SEGMENT_")));
      result = await cachedSegmentation(settingsForBuild({...env, ...dataset.env}), {
        cacheDir: join(projectRoot, ".segment-cache")
      });
      const countries = result.summary.countries.map((country) => `/countries/${country.slug}`);
      paths = dataset.only ?? [
        "/",
        "/segments",
        "/clusters",
        "/countries",
        "/customers",
        "/changes",
        "/data-quality",
        ...countries
      ];
      server = await serve(distDir);
      browser = await launchBrowser();
      context = await browser.newContext({
        viewport: {width: 1280, height: 900},
        colorScheme: "light",
        acceptDownloads: true
      });
      await mkdir(join(screenshots, dataset.name), {recursive: true});
    });

    after(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
    });

    test("nothing in dist/ references another host", async () => {
      assert.deepEqual(await externalReferences(distDir), []);
    });

    siteWideTest("every country has its page, and no other country page exists", async () => {
      const built = (await readdir(join(distDir, "countries"))).filter((file) => file.endsWith(".html"));
      const expected = result.summary.countries.map((country) => `${country.slug}.html`);
      assert.deepEqual(built.sort(), expected.sort());
      assert.equal(built.length, result.summary.countries.length);
      if (dataset.countries !== undefined) assert.equal(built.length, dataset.countries);
    });

    test("every page renders without errors, with its charts and tables", async () => {
      const failures: string[] = [];
      const queue = [...paths];
      const worker = async () => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          const page = await context.newPage();
          try {
            const report = await openPage(page, server.origin, path);
            failures.push(
              ...(await checkPage(page, report, expectations(path, result))).map((problem) => `${path}: ${problem}`)
            );
            const name = path === "/" ? "index" : path.slice(1).replaceAll("/", "-");
            // Country pages share one template and are many: their first screen (title, verdict, mix chart) is
            // enough to look at, and a full-page capture costs about a third of a second more per page.
            await page.screenshot({
              path: join(screenshots, dataset.name, `${name}.png`),
              fullPage: !path.startsWith("/countries/")
            });
          } catch (error) {
            failures.push(`${path}: ${(error as Error).message}`);
          } finally {
            await page.close();
          }
        }
      };
      await Promise.all(Array.from({length: concurrency}, worker));
      assert.deepEqual(failures, []);
    });

    siteWideTest("the downloads are the customer lists: all customers and one file per segment", async () => {
      const page = await context.newPage();
      try {
        const report = await openPage(page, server.origin, "/customers");
        assert.deepEqual(report.problems, []);
        const {summary, customers} = result;
        const whole = formatCustomersCsv(customers, summary.segments);
        const links = page.locator("a[download]");
        assert.equal(await links.count(), 1 + summary.segments.length);
        const downloaded = new Map<string, string>();
        for (let i = 0; i < (await links.count()); i++) {
          const link = links.nth(i);
          const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
          const key = (await link.getAttribute("data-cluster")) ?? "all";
          downloaded.set(key, await readFile(await download.path(), "utf8"));
        }
        assert.equal(downloaded.get("all"), whole, "the whole list differs from the pipeline's customers.csv");
        const lines = whole.trimEnd().split("\n");
        let rows = 0;
        for (const segment of summary.segments) {
          const expected = formatCustomersCsv(
            SegmentedCustomers.fromRecords(
              customers.records().filter((customer) => customer.cluster === segment.cluster)
            ),
            summary.segments
          );
          const text = downloaded.get(String(segment.cluster));
          assert.equal(text, expected, `the list of segment ${segment.cluster} (${segment.name}) differs`);
          rows += text!.trimEnd().split("\n").length - 1;
          assert.equal(text!.trimEnd().split("\n").length - 1, segment.size);
        }
        // Every clustered customer is in exactly one segment file; the rest are the unclustered ones.
        assert.equal(rows, summary.clustered);
        assert.equal(lines.length - 1, summary.customers);
      } finally {
        await page.close();
      }
    });

    siteWideTest("the customers table lists the top customers by revenue and its search finds a customer", async () => {
      const page = await context.newPage();
      try {
        await openPage(page, server.origin, "/customers");
        const top = [...result.customers.records()].sort(
          (a, b) => b.revenue - a.revenue || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
        );
        const firstCell = page.locator(".customers-table tbody tr").first().locator("td").nth(1);
        assert.equal(await firstCell.textContent(), top[0].id);
        const target = top[Math.min(5, top.length - 1)];
        await page.locator("main input[type=search]").fill(target.id);
        await page.waitForFunction(
          (id) =>
            [...document.querySelectorAll(".customers-table tbody tr")].some((row) => row.textContent?.includes(id)),
          target.id,
          {timeout: 5_000}
        );
      } finally {
        await page.close();
      }
    });

    test("the Changes page offers the CLI's migration.csv, or says there is no earlier run", async () => {
      const page = await context.newPage();
      try {
        const report = await openPage(page, server.origin, "/changes");
        assert.deepEqual(report.problems, []);
        const links = page.locator("main a[download]");
        const text = (await page.locator("main").textContent()) ?? "";
        if (!result.migration) {
          assert.match(text, /No earlier run to compare with/);
          assert.match(text, /SEGMENT_PREVIOUS=/);
          assert.equal(await links.count(), 0);
          return;
        }
        const {migration} = result;
        assert.doesNotMatch(text, /No earlier run/);
        assert.equal(await links.count(), 1);
        const [download] = await Promise.all([page.waitForEvent("download"), links.first().click()]);
        const csv = await readFile(await download.path(), "utf8");
        assert.equal(csv, formatMigrationCsv(migration.transitions));
        assert.equal(csv.split("\n")[0], "from_segment,to_segment,customers,revenue");
        // Headline figures, the largest movement in words and one matrix row per earlier segment (and arrivals).
        for (const value of [migration.retained, migration.new, migration.gone]) {
          assert.ok(text.includes(value.toLocaleString("en-US")), `${value} is not on the page`);
        }
        const largest = migration.movements[0];
        if (largest) {
          const first = (await page.locator("ol.movements li").first().textContent())?.replace(/\s+/g, " ") ?? "";
          assert.ok(first.includes(`${largest.customers.toLocaleString("en-US")} customer`), first);
          assert.ok(first.includes(largest.to), first);
        }
        const froms = new Set(migration.transitions.map((t) => t.from));
        assert.equal(await page.locator("table.migration-matrix tbody tr").count(), froms.size);
      } finally {
        await page.close();
      }
    });

    siteWideTest("the site search finds pages", async () => {
      const page = await context.newPage();
      try {
        await openPage(page, server.origin, "/");
        await page.locator("#observablehq-search input").fill("relationship");
        await page.waitForSelector("#observablehq-search-results li", {timeout: 5_000});
        assert.ok((await page.locator("#observablehq-search-results li").count()) > 0);
      } finally {
        await page.close();
      }
    });
  });
}

/** Problems of a rendered page: errors seen while loading, empty or unlabelled charts, empty tables, weight. */
async function checkPage(
  page: Page,
  report: PageReport,
  expected: {charts: number; tables: number}
): Promise<string[]> {
  const problems = [...report.problems];
  if (report.bytes > maxPageBytes) problems.push(`loads ${report.bytes} bytes, more than ${maxPageBytes}`);
  const found = await page.evaluate(() => {
    // Plot charts are the svg elements classed plot-xxxxxx (legends are classed plot-xxxxxx-ramp or are swatches).
    const charts = [...document.querySelectorAll("main svg")].filter((svg) =>
      /^plot-[0-9a-f]+$/.test(svg.getAttribute("class") ?? "")
    );
    const dataMarks = new Set(["bar", "dot", "geo", "rect", "line", "area", "tick"]);
    return {
      charts: charts.map((svg) => ({
        label: svg.getAttribute("aria-label") ?? "",
        description: svg.getAttribute("aria-description") ?? "",
        caption: svg.closest("figure")?.querySelector("figcaption")?.textContent ?? "",
        marks: [...svg.querySelectorAll("g[aria-label]")]
          .filter((g) => dataMarks.has(g.getAttribute("aria-label")!))
          .reduce((sum, g) => sum + g.querySelectorAll("rect, path, circle, line").length, 0)
      })),
      tables: [...document.querySelectorAll("main table")].map((table) => ({
        rows: table.querySelectorAll("tbody tr").length,
        head: table.querySelector("th")?.textContent ?? ""
      })),
      title: document.querySelector("main h1")?.textContent ?? ""
    };
  });
  if (!found.title.trim()) problems.push("no title");
  if (found.charts.length < expected.charts)
    problems.push(`${found.charts.length} charts, expected at least ${expected.charts}`);
  found.charts.forEach((chart, i) => {
    const name = chart.label || `chart ${i + 1}`;
    if (!chart.label) problems.push(`chart ${i + 1} has no aria-label`);
    if (!chart.description) problems.push(`${name} has no aria-description`);
    if (!chart.caption) problems.push(`${name} has no caption`);
    if (chart.marks === 0) problems.push(`${name} drew no marks`);
  });
  if (found.tables.length < expected.tables)
    problems.push(`${found.tables.length} tables, expected at least ${expected.tables}`);
  found.tables.forEach((table, i) => {
    if (table.rows === 0) problems.push(`table ${i + 1} (${table.head}) has no rows`);
  });
  return problems;
}

/** An earlier run's customers.csv for the previous dataset, made from the sample as `npm run segment` would. */
async function writePrevious(): Promise<void> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SEGMENT_")));
  const earlier = await runSegmentation(
    settingsForBuild({...env, SEGMENT_REFERENCE_DATE: "2024-09-01", SEGMENT_SEED: "3"})
  );
  await mkdir(dirname(previousFile), {recursive: true});
  await writeFile(previousFile, formatCustomersCsv(earlier.customers, earlier.summary.segments));
}

/** A small invoice file whose customer ids and countries are HTML, script and CSV-hostile text. */
async function writePayload(): Promise<void> {
  const random = createRandom(7);
  const ids = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    'a,"b"',
    "</td><td>x",
    "javascript:alert(5)"
  ];
  for (let i = 0; i < 60; i++) ids.push(String(10000 + i));
  const countries = [
    "<script>alert(3)</script>",
    "<b>Bold</b>",
    "United Kingdom",
    "France",
    "Côte d'Ivoire",
    "javascript:alert(4)"
  ];
  const lines = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"];
  let invoice = 500000;
  ids.forEach((id, i) => {
    for (let j = 0, n = 1 + Math.floor(random() * 6); j < n; j++) {
      const date = `${1 + Math.floor(random() * 12)}/${1 + Math.floor(random() * 28)}/2023 10:00`;
      const price = [1.5, 2.55, 10, 99][Math.floor(random() * 4)];
      const fields = [
        ++invoice,
        "85123A",
        "THING",
        1 + Math.floor(random() * 20),
        date,
        price,
        id,
        countries[i % countries.length]
      ];
      lines.push(fields.map((field) => csvField(String(field))).join(","));
    }
  });
  await mkdir(join(projectRoot, "test/out"), {recursive: true});
  await writeFile(payloadFile, lines.join("\n") + "\n");
}
