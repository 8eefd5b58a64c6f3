// The customer → segment list of each segment, as data/segments/<cluster>.csv (exported through dynamicPaths).
import {tarParts} from "../../data-loaders/site-archive.ts";
import {segmentCsvEntries} from "../../data-loaders/site-customers.ts";
import {siteOutputBytes, siteOverview, writeToStdout} from "../../data-loaders/site-data.ts";

const {summary, key} = await siteOverview();
// Cut from the entry's own customers.csv, the bytes `npm run segment` writes: its customers are not read.
const csv = await siteOutputBytes("customers.csv", key);
await writeToStdout(tarParts(segmentCsvEntries(csv, summary.segments)));
