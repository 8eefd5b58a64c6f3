import type {FileHandle} from "node:fs/promises";
import {
  cachedOverview,
  cachedSegmentation,
  openCachedOutputFile,
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

/** The cached output file `name` (customers.csv, say) of the build's segmentation, opened. */
export function siteOutputFile(name: string): Promise<FileHandle> {
  return openCachedOutputFile(settingsForBuild(), name);
}
