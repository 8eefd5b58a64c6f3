// The data step of every build: computes (or reuses) the segmentation, and clears Framework's loader outputs when
// they could be stale. Framework's build serves any cached loader output, even after the input data or the
// loaders' code changed, so the outputs live only as long as the key they were computed under.
import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {mkdir, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {pipelineHooks} from "./pipeline-hooks.ts";
import {cachedOverview, cachedSegmentation, type CachedSegmentation} from "../data-loaders/cached-segmentation.ts";
import {settingsForBuild} from "../data-loaders/settings-sources.ts";
import {outputFiles, writeOutputs} from "../data-loaders/write-outputs.ts";

export const frameworkCache = "src/.observablehq/cache";
const keyFile = join(frameworkCache, ".segment-key");
/** Framework's bundles of node_modules packages: they depend on the lock file alone and take long to rebuild. */
const bundleDirs = new Set(["_node", "_npm", "_jsr"]);

export interface SiteData {
  /** The segmentation without its customers. */
  result: Omit<CachedSegmentation, "customers">;
  /** The key of the loader outputs: the segmentation's key and the sources of every site loader. */
  siteKey: string;
  /** True when the previous loader outputs were thrown away. */
  cleared: boolean;
}

export async function prepareSiteData({log = (text: string) => process.stderr.write(text)} = {}): Promise<SiteData> {
  const settings = settingsForBuild();
  const started = performance.now();
  const hooks = {
    ...pipelineHooks(),
    onProgress: (lines: number) => log(`read ${lines.toLocaleString("en-US")} lines\n`)
  };
  // CI keeps the exported files as the next run's `previous` assignments (see .github/workflows/report.yml). Without
  // an export, a cached entry's customers are not read at all: millions of them take seconds.
  const exportDir = process.env.SEGMENT_EXPORT_DIR;
  let result: Omit<CachedSegmentation, "customers">;
  if (exportDir) {
    const full = await cachedSegmentation(settings, hooks);
    await writeOutputs(exportDir, outputFiles(full));
    result = full;
  } else result = await cachedOverview(settings, hooks);
  const siteKey = await loaderKey(result.key);
  const previous = existsSync(keyFile) ? await readFile(keyFile, "utf8") : null;
  const cleared = previous !== siteKey;
  if (cleared) {
    await mkdir(frameworkCache, {recursive: true});
    for (const entry of await readdir(frameworkCache))
      if (!bundleDirs.has(entry)) await rm(join(frameworkCache, entry), {recursive: true, force: true});
    await writeFile(keyFile, siteKey);
  }
  const {summary} = result;
  log(
    `${result.cached ? "reused" : "computed"} segmentation ${result.key} of ${summary.input.file}: ` +
      `${summary.customers} customers, k = ${summary.k}${cleared ? "; cleared the loader outputs" : ""} ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)\n`
  );
  return {result, siteKey, cleared};
}

async function loaderKey(segmentationKey: string): Promise<string> {
  const hash = createHash("sha256").update(`${segmentationKey}\n`);
  for (const dir of ["data-loaders", "src/data"]) {
    const names = (await readdir(dir)).filter(
      (name) => name.endsWith(".ts") && (dir !== "data-loaders" || name.startsWith("site-"))
    );
    for (const name of names.sort()) hash.update(`${dir}/${name}\n`).update(await readFile(join(dir, name)));
  }
  return hash.digest("hex").slice(0, 32);
}
