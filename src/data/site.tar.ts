// The JSON files of every page, as data/site/<name>: FileAttachment("data/site/summary.json") extracts one.
import {tarParts} from "../../data-loaders/site-archive.ts";
import {siteSegmentation, writeToStdout} from "../../data-loaders/site-data.ts";
import {siteFiles} from "../../data-loaders/site-files.ts";

await writeToStdout(tarParts(siteFiles(await siteSegmentation())));
