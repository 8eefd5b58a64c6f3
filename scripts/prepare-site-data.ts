// npm run data: the build's data step alone (see site-data.ts). With SEGMENT_EXPORT_DIR set, it also writes
// customers.csv, summary.json (and migration.csv) there.
import {reportFailure} from "../data-loaders/report-failure.ts";
import {prepareSiteData} from "./site-data.ts";

try {
  await prepareSiteData();
} catch (error) {
  process.exitCode = reportFailure(error);
}
