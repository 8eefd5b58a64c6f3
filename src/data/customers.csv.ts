import {once} from "node:events";
import {customersCsvChunks} from "../../data-loaders/customers-csv.ts";
import {siteSegmentation} from "../../data-loaders/site-data.ts";

const {customers, summary} = await siteSegmentation();
// In chunks: a few million customers would not fit in one string. Each chunk is written before the next is made.
for (const chunk of customersCsvChunks(customers, summary.segments)) {
  if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
}
