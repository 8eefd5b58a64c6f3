// What the browser tests and the screenshot script share: building the site for a dataset, serving dist/ the way a
// static host would, and driving the system Chromium offline.
import {runNpmScript} from "../run-npm.ts";
import {createReadStream} from "node:fs";
import {readdir, readFile, stat} from "node:fs/promises";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, relative, resolve, sep} from "node:path";
import {chromium, type Browser, type Page} from "playwright-core";

export const projectRoot = resolve(import.meta.dirname, "../..");
export const distDir = join(projectRoot, "dist");

/** Settings variables the builds may set; every other SEGMENT_* of the caller's environment is dropped. */
export type BuildEnv = Partial<
  Record<
    "SEGMENT_INPUT" | "SEGMENT_PREVIOUS" | "SEGMENT_CONFIG" | "SEGMENT_K" | "SEGMENT_WINDOW" | "SEGMENT_SEED",
    string
  >
>;

/** Builds the site with `npm run build` and the given settings; rejects with the end of the build's output when it fails. */
export async function buildSite(env: BuildEnv, {timeoutMs = 240_000} = {}): Promise<{seconds: number; log: string}> {
  const started = performance.now();
  const {code, log} = await runNpmScript(projectRoot, "build", env, {timeoutMs});
  if (code !== 0) {
    throw new Error(
      `npm run build with ${JSON.stringify(env)} exited with ${code}:\n${log.split("\n").slice(-40).join("\n")}`
    );
  }
  return {seconds: (performance.now() - started) / 1000, log};
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml"
};

/**
 * Serves a directory on 127.0.0.1 with Framework's clean URLs: /segments is segments.html, /countries/ID is
 * countries/ID.html, / is index.html. Nothing outside the directory is reachable.
 */
export async function serve(root: string): Promise<{origin: string; close: () => Promise<void>}> {
  const server: Server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const path = normalize(decodeURIComponent(url.pathname));
      const candidates = path.endsWith("/") ? [join(path, "index.html")] : [path, `${path}.html`];
      for (const candidate of candidates) {
        const file = join(root, candidate);
        if (relative(root, file).startsWith("..") || !file.startsWith(root + sep)) break;
        const info = await stat(file).catch(() => null);
        if (!info?.isFile()) continue;
        response.writeHead(200, {
          "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
          "content-length": info.size,
          // Framework's assets have content hashes in their names: a static host caches them for good, and so
          // pages after the first open as fast as they would for a reader.
          "cache-control": /^\/_(node|npm|observablehq|file|import)\//.test(candidate)
            ? "public, max-age=31536000, immutable"
            : "no-cache"
        });
        createReadStream(file).pipe(response);
        return;
      }
      response.writeHead(404, {"content-type": "text/plain"}).end(`not found: ${url.pathname}`);
    } catch (error) {
      response.writeHead(500, {"content-type": "text/plain"}).end(String(error));
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const {port} = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())))
  };
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run"
    ]
  });
}

export interface PageReport {
  path: string;
  problems: string[];
  /** Bytes of every response the page loaded (HTML, JS, CSS and data), decoded. */
  bytes: number;
}

/**
 * Opens a page and waits until Framework has rendered every cell. Records console errors, uncaught exceptions,
 * failed or non-2xx requests, any request leaving the origin, and cells that rendered an error.
 */
export async function openPage(page: Page, origin: string, path: string): Promise<PageReport> {
  const problems: string[] = [];
  let bytes = 0;
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception: ${error.message}`));
  // A dialog means a script ran that the site did not write: data rendered as HTML.
  page.on("dialog", (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("requestfailed", (request) => {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? "unknown"})`);
  });
  page.on("response", async (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    const length = Number(response.headers()["content-length"] ?? 0);
    bytes += Number.isFinite(length) ? length : 0;
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    problems.push(`request to another host: ${url}`);
    return route.abort("blockedbyclient");
  });
  await page.goto(`${origin}${path}`, {waitUntil: "load"});
  // Framework runs cells after load; until a cell displays, its place holds an <observablehq-loading> element.
  // Polled on a timer: pages opened side by side are background tabs, whose animation frames Chromium throttles.
  await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {
    timeout: 30_000,
    polling: 50
  });
  // Charts inside resize() render on the next animation frame.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const errors = await page.$$eval(".observablehq--error", (nodes) => nodes.map((node) => node.textContent ?? ""));
  for (const error of errors) problems.push(`cell error: ${error}`);
  return {path, problems, bytes};
}

/** Text files of dist/ that a browser would load as code or markup. */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

// XML namespace names are identifiers, not addresses: DOM and SVG code must spell them, and nothing fetches them.
const namespaces = new Set([
  "http://www.w3.org/2000/svg",
  "http://www.w3.org/1999/xhtml",
  "http://www.w3.org/1999/xlink",
  "http://www.w3.org/XML/1998/namespace",
  "http://www.w3.org/2000/xmlns/"
]);

/** Every http(s) URL in the HTML, JavaScript and CSS of a directory that points at a host other than localhost. */
export async function externalReferences(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await listFiles(dir)) {
    // Data files are left out on purpose: a URL inside a customer id or a country name is text, not a reference.
    if (![".html", ".js", ".css", ".svg"].includes(extname(file))) continue;
    const text = await readFile(file, "utf8");
    for (const [url] of text.matchAll(/https?:\/\/[^\s"'`()<>\\]+/g)) {
      if (namespaces.has(url.replace(/[.,;]+$/, ""))) continue;
      const host = /^https?:\/\/([^/:?#]*)/.exec(url)?.[1] ?? "";
      if (host === "localhost" || host === "127.0.0.1") continue;
      found.push(`${relative(dir, file)}: ${url}`);
    }
  }
  return found;
}
