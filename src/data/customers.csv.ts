import {createReadStream} from "node:fs";
import {once} from "node:events";
import {cachedOutputFile} from "../../data-loaders/cached-segmentation.ts";
import {settingsForBuild} from "../../data-loaders/settings-sources.ts";

// The cache entry's customers.csv, the bytes `npm run segment` writes: copied, not formatted again.
for await (const chunk of createReadStream(await cachedOutputFile(settingsForBuild(), "customers.csv"))) {
  if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
}
