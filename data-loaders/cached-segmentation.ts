import {createHash} from "node:crypto";
import {createReadStream, existsSync} from "node:fs";
import {mkdir, open, readdir, readFile, rename, rm, type FileHandle} from "node:fs/promises";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {ColumnFileError, customerColumnChunks, readCustomerColumns} from "./customer-columns-file.ts";
import {SegmentError} from "./errors.ts";
import {runSegmentation, type PipelineHooks, type Segmentation} from "./pipeline.ts";
import type {Settings} from "./settings.ts";
import {toolVersion} from "./version.ts";
import {pseudonymKeyVariable} from "./pseudonymize.ts";
import {outputFileNames, outputFiles, writeOutputFile} from "./write-outputs.ts";

export const defaultCacheDir = ".segment-cache";

/**
 * The content key of a run: the input file's bytes, the settings and the pipeline's own source. Any change to
 * one of them gives a new key, so a rebuild can never serve numbers computed from older data or code.
 */
export async function segmentationKey(
  settings: Settings,
  pseudonymKey?: string
): Promise<{key: string; inputSha256: string}> {
  const inputSha256 = await hashFile(settings.input);
  const hash = createHash("sha256");
  hash.update(`${toolVersion}\n${JSON.stringify(settings)}\n${inputSha256}\n`);
  if (settings.previous) hash.update(`previous ${await hashFile(settings.previous)}\n`);
  // A new pseudonym key changes every published id; only a hash of it enters the key.
  if (settings.pseudonymize)
    hash.update(
      `pseudonyms ${createHash("sha256")
        .update(pseudonymKey ?? "")
        .digest("hex")}\n`
    );
  const sourceDir = fileURLToPath(new URL(".", import.meta.url));
  // The site-* modules shape pages only: editing them must not recompute the segmentation (the build clears
  // Framework's loader outputs for them separately).
  const sources = (await readdir(sourceDir)).filter((file) => file.endsWith(".ts") && !file.startsWith("site-"));
  for (const name of sources.sort()) {
    hash.update(`${name}\n`);
    hash.update(await readFile(join(sourceDir, name)));
  }
  return {key: hash.digest("hex").slice(0, 32), inputSha256};
}

/** A segmentation as result.json holds it: all but the customers, which are in their own column file. */
type CachedResult = Omit<Segmentation, "customers">;

const resultFile = "result.json";
const customersFile = "customers.columns";

export interface CachedSegmentation extends Segmentation {
  key: string;
  /** True when the result came from the cache. */
  cached: boolean;
}

/**
 * `cachedSegmentation` without the customers: what the site's list of pages needs. A cached entry's customers are
 * not read (a few seconds for millions of them); without an entry, the segmentation is computed and cached.
 */
export async function cachedOverview(
  settings: Settings,
  options: {cacheDir?: string} & PipelineHooks = {}
): Promise<Omit<CachedSegmentation, "customers">> {
  const {dir, key} = await cacheEntry(settings, options);
  // Entries appear whole (renamed from a staging folder): with result.json there, the customers are there too.
  const result = await readEntry(() => readResult(dir));
  if (result !== null) return {...result, key, cached: true};
  const {customers: _customers, ...overview} = await cachedSegmentation(settings, options);
  return overview;
}

/**
 * The output file `name` of the cache entry of `settings` (customers.csv, say: the bytes `npm run segment`
 * writes), opened, the entry computed on a miss: a loader can then copy it instead of reading the customers and
 * formatting them again. Open, it stays readable even if a run with other settings drops the entry meanwhile.
 *
 * With `key`, the key of a `cachedOverview` or `cachedSegmentation` of the same settings, the file is that entry's,
 * so that it matches what the caller read from it even if the input changed in between, and the input is not hashed
 * again (a second or so for a few hundred megabytes). An entry that another run dropped meanwhile is an error: the
 * current entry would mix two segmentations.
 */
export async function openCachedOutputFile(
  settings: Settings,
  name: string,
  options: {cacheDir?: string; key?: string} & PipelineHooks = {}
): Promise<FileHandle> {
  if (!outputFileNames.includes(name))
    throw new Error(`openCachedOutputFile: invalid name ${JSON.stringify(name)}; expected one of ${outputFileNames}`);
  const {key} = options;
  const dir = key !== undefined ? join(cacheDirOf(options), key) : (await cacheEntry(settings, options)).dir;
  const openFile = () => readEntry(() => open(join(dir, name)));
  if (existsSync(join(dir, resultFile))) {
    const file = await openFile();
    if (file !== null) return file;
  }
  let result: Segmentation;
  if (key === undefined) result = await cachedSegmentation(settings, options);
  else {
    const entry = await readEntry(() => readCachedEntry(dir));
    if (entry === null) {
      throw new Error(
        `openCachedOutputFile: the cache entry ${key} is gone, replaced by a run with other data or settings while this one read it; run the build again`
      );
    }
    result = entry;
  }
  const content = outputFiles(result)[name];
  if (content === undefined) throw new Error(`openCachedOutputFile: the segmentation has no ${name}`);
  const file = await openFile();
  if (file !== null) return file;
  // An entry that lost the file (removed by hand, say) has it written again, through a name no reader opens.
  const path = join(dir, name);
  await writeOutputFile(`${path}.${process.pid}.tmp`, content);
  await rename(`${path}.${process.pid}.tmp`, path);
  return open(path);
}

function cacheDirOf(options: {cacheDir?: string}): string {
  return options.cacheDir ?? process.env.SEGMENT_CACHE_DIR ?? defaultCacheDir;
}

async function cacheEntry(
  settings: Settings,
  options: {cacheDir?: string; pseudonymKey?: string}
): Promise<{cacheDir: string; dir: string; key: string; pseudonymKey: string | undefined}> {
  const cacheDir = cacheDirOf(options);
  const pseudonymKey = options.pseudonymKey ?? process.env[pseudonymKeyVariable];
  const {key} = await segmentationKey(settings, pseudonymKey);
  return {cacheDir, dir: join(cacheDir, key), key, pseudonymKey};
}

/**
 * What `read` reads from a cache entry, or null when the entry does not hold it whole: a file missing (not cached
 * yet, or an interrupted run) or not what was written. Such entries are computed again; any other error (a
 * permission refused, say) is thrown rather than hidden behind a recomputation on every build.
 */
async function readEntry<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    const missing = (error as {code?: string}).code === "ENOENT";
    if (missing || error instanceof SyntaxError || error instanceof ColumnFileError) return null;
    throw error;
  }
}

async function readResult(dir: string): Promise<CachedResult> {
  return JSON.parse(await readFile(join(dir, resultFile), "utf8")) as CachedResult;
}

/** The segmentation a cache entry holds. */
async function readCachedEntry(dir: string): Promise<Segmentation> {
  const result = await readResult(dir);
  const file = join(dir, customersFile);
  return {...result, customers: readCustomerColumns(await readWholeFile(file), file)};
}

/** A whole file in one buffer: `readFile` stops at 2 GiB, the column file of some 37M customers. */
async function readWholeFile(path: string): Promise<Buffer> {
  return readOpenFile(await open(path));
}

/** The whole of an open file, in one buffer, past `readFile`'s 2 GiB; closes it. */
export async function readOpenFile(file: FileHandle): Promise<Buffer> {
  try {
    const {size} = await file.stat();
    const bytes = Buffer.allocUnsafe(size);
    for (let at = 0; at < size;) {
      const {bytesRead} = await file.read(bytes, at, Math.min(size - at, 1 << 30), at);
      if (bytesRead === 0) return bytes.subarray(0, at);
      at += bytesRead;
    }
    return bytes;
  } finally {
    await file.close();
  }
}

/** Runs the pipeline once per key and keeps the result on disk; later calls with the same key read it back. */
export async function cachedSegmentation(
  settings: Settings,
  options: {cacheDir?: string} & PipelineHooks = {}
): Promise<CachedSegmentation> {
  const {cacheDir, dir, key, pseudonymKey} = await cacheEntry(settings, options);
  const cached = await readEntry(() => readCachedEntry(dir));
  if (cached !== null) return {...cached, key, cached: true};
  const result = await runSegmentation(settings, {...options, pseudonymKey});
  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, {recursive: true, force: true});
  await mkdir(staging, {recursive: true});
  const {customers, ...rest} = result;
  const files = {
    ...outputFiles(result),
    [resultFile]: JSON.stringify(rest satisfies CachedResult),
    [customersFile]: () => customerColumnChunks(customers)
  };
  for (const [name, content] of Object.entries(files)) await writeOutputFile(join(staging, name), content);
  // Older entries are dropped: the cache serves the current data, it is not an archive.
  for (const entry of await readdir(cacheDir))
    if (entry !== key && !entry.endsWith(".tmp")) await rm(join(cacheDir, entry), {recursive: true, force: true});
  await rm(dir, {recursive: true, force: true});
  await rename(staging, dir);
  return {...result, key, cached: false};
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(file, {highWaterMark: 1 << 20})) hash.update(chunk as Buffer);
  } catch (error) {
    const code = (error as {code?: string}).code;
    throw new SegmentError(`cannot read input: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, {
      file,
      expected: "a readable CSV file, plain or gzip-compressed"
    });
  }
  return hash.digest("hex");
}
