import {cachedSegmentation, type CachedSegmentation} from "./cached-segmentation.ts";
import {settingsForBuild} from "./settings-sources.ts";

/** What every site loader starts from: the segmentation for the build's settings, from the cache when it is fresh. */
export function siteSegmentation(): Promise<CachedSegmentation> {
  return cachedSegmentation(settingsForBuild());
}
