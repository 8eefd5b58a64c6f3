// The customer → segment list of each segment, as data/segments/<cluster>.csv (exported through dynamicPaths).
import {tarArchive} from "../../data-loaders/site-archive.ts";
import {segmentCsvEntries} from "../../data-loaders/site-customers.ts";
import {siteSegmentation} from "../../data-loaders/site-data.ts";

const {summary, customers} = await siteSegmentation();
process.stdout.write(tarArchive(segmentCsvEntries(customers, summary.segments)));
