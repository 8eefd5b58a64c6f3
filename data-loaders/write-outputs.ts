import {mkdir, rename, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {formatCustomersCsv} from "./customers-csv.ts";
import type {Segmentation} from "./pipeline.ts";

/** The files `npm run segment` writes: customers.csv and summary.json, plus timeline.json for the site. */
export function outputFiles(result: Segmentation): Record<string, string> {
  return {
    "customers.csv": formatCustomersCsv(result.customers, result.summary.segments),
    "summary.json": JSON.stringify(result.summary, null, 2) + "\n",
    "timeline.json": JSON.stringify(result.timeline) + "\n"
  };
}

/** Writes each file through a temporary name, so that a reader never sees half a file. */
export async function writeOutputs(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, {recursive: true});
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(`${path}.tmp`, content);
    await rename(`${path}.tmp`, path);
  }
}
