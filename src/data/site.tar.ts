// The JSON files of every page, as data/site/<name>: FileAttachment("data/site/summary.json") extracts one.
import {tarArchive} from "../../data-loaders/site-archive.ts";
import {siteSegmentation} from "../../data-loaders/site-data.ts";
import {siteFiles} from "../../data-loaders/site-files.ts";

process.stdout.write(tarArchive(siteFiles(await siteSegmentation())));
