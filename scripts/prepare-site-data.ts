// npm run data: computes (or reuses) the segmentation for the site, and clears Framework's loader cache when the
// data, the settings or the pipeline changed, because Framework would otherwise serve its stale loader outputs.
// With SEGMENT_EXPORT_DIR set, it also writes customers.csv, summary.json (and migration.csv) there.
import {existsSync} from "node:fs";
import {mkdir, readFile, rm, writeFile} from "node:fs/promises";
import {cachedSegmentation} from "../data-loaders/cached-segmentation.ts";
import {outputFiles, writeOutputs} from "../data-loaders/write-outputs.ts";
import {reportFailure} from "../data-loaders/report-failure.ts";
import {settingsForBuild} from "../data-loaders/settings-sources.ts";

const frameworkCache = "src/.observablehq/cache";
const keyFile = `${frameworkCache}/.segment-key`;

try {
  const settings = settingsForBuild();
  const started = performance.now();
  const result = await cachedSegmentation(settings, {
    onProgress: (lines) => process.stderr.write(`read ${lines.toLocaleString("en-US")} lines\n`)
  });
  const previous = existsSync(keyFile) ? await readFile(keyFile, "utf8") : null;
  if (previous !== result.key) {
    await rm(frameworkCache, {recursive: true, force: true});
    await mkdir(frameworkCache, {recursive: true});
    await writeFile(keyFile, result.key);
  }
  // CI keeps these as the next run's `previous` assignments (see .github/workflows/report.yml).
  const exportDir = process.env.SEGMENT_EXPORT_DIR;
  if (exportDir) await writeOutputs(exportDir, outputFiles(result));
  const {summary} = result;
  process.stderr.write(
    `${result.cached ? "reused" : "computed"} segmentation ${result.key} of ${summary.input.file}: ${summary.customers} customers, k = ${summary.k}` +
      `${previous === result.key ? "" : "; cleared the loader cache"} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`
  );
} catch (error) {
  process.exitCode = reportFailure(error);
}
