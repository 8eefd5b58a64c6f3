import {cachedOverview, cachedSegmentation, type CachedSegmentation} from "./cached-segmentation.ts";
import {settingsForBuild} from "./settings-sources.ts";

/** What every site loader starts from: the segmentation for the build's settings, from the cache when it is fresh. */
export function siteSegmentation(): Promise<CachedSegmentation> {
  return cachedSegmentation(settingsForBuild());
}

/** `siteSegmentation` without the customers, which a cached entry then does not read: for the list of pages. */
export function siteOverview(): Promise<Omit<CachedSegmentation, "customers">> {
  return cachedOverview(settingsForBuild());
}
