import {once} from "node:events";
import type {FileHandle} from "node:fs/promises";
import {
  cachedOverview,
  cachedSegmentation,
  openCachedOutputFile,
  readOpenFile,
  type CachedSegmentation
} from "./cached-segmentation.ts";
import {settingsForBuild} from "./settings-sources.ts";

/** What every site loader starts from: the segmentation for the build's settings, from the cache when it is fresh. */
export function siteSegmentation(): Promise<CachedSegmentation> {
  return cachedSegmentation(settingsForBuild());
}

/** `siteSegmentation` without the customers, which a cached entry then does not read: for the list of pages. */
export function siteOverview(): Promise<Omit<CachedSegmentation, "customers">> {
  return cachedOverview(settingsForBuild());
}

/**
 * The cached output file `name` (customers.csv, say) of the build's segmentation, opened; with `key`, that of the
 * segmentation `siteSegmentation` gave, without hashing the input again.
 */
export function siteOutputFile(name: string, key?: string): Promise<FileHandle> {
  return openCachedOutputFile(settingsForBuild(), name, {key});
}

/** The whole of `siteOutputFile(name, key)`, in one buffer. */
export async function siteOutputBytes(name: string, key?: string): Promise<Buffer> {
  return readOpenFile(await siteOutputFile(name, key));
}

/** Writes `chunks` to standard output, a loader's output, one after the other, waiting whenever the pipe is full. */
export async function writeToStdout(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
  }
}
