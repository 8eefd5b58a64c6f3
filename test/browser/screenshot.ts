// The README's screenshot: the overview of the report built with the default settings (the embedded sample), 1280 px
// wide, light theme, written to docs/screenshots/overview.png.
//
//   npx tsx test/browser/screenshot.ts              # builds first (npm run data + observable build)
//   npx tsx test/browser/screenshot.ts --no-build   # uses dist/ as it is
import {mkdir} from "node:fs/promises";
import {join} from "node:path";
import {buildSite, distDir, launchBrowser, openPage, projectRoot, serve} from "./harness.ts";

const out = join(projectRoot, "docs/screenshots/overview.png");

if (!process.argv.includes("--no-build")) await buildSite({});
const server = await serve(distDir);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({viewport: {width: 1280, height: 900}, colorScheme: "light"});
  const report = await openPage(page, server.origin, "/");
  if (report.problems.length) throw new Error(`the overview has problems:\n${report.problems.join("\n")}`);
  await mkdir(join(projectRoot, "docs/screenshots"), {recursive: true});
  await page.screenshot({path: out, fullPage: true});
  process.stderr.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await server.close();
}
