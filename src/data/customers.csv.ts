import {siteOutputFile, writeToStdout} from "../../data-loaders/site-data.ts";

// The cache entry's customers.csv, the bytes `npm run segment` writes: copied, not formatted again.
const file = await siteOutputFile("customers.csv");
await writeToStdout(file.createReadStream());
