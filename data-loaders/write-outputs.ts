import {mkdir, rename, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {csvField, customersCsvBytes, plainNumber} from "./customers-csv.ts";
import type {Segmentation} from "./pipeline.ts";

/** The files `npm run segment` writes: customers.csv and summary.json, plus timeline.json for the site. */
export function outputFiles(result: Segmentation): Record<string, string | Uint8Array> {
  return {
    "customers.csv": customersCsvBytes(result.customers, result.summary.segments),
    "summary.json": JSON.stringify(result.summary, null, 2) + "\n",
    "timeline.json": JSON.stringify(result.timeline) + "\n",
    ...(result.migration ? {"migration.csv": formatMigrationCsv(result.migration.transitions)} : {})
  };
}

export const migrationCsvHeader = "from_segment,to_segment,customers,revenue";

/** One row per (earlier segment, current segment) pair; empty `from` for new customers, empty `to` for those gone. */
export function formatMigrationCsv(
  transitions: {from: string; to: string; customers: number; revenue: number}[]
): string {
  const lines = [migrationCsvHeader];
  for (const t of transitions)
    lines.push([csvField(t.from), csvField(t.to), String(t.customers), plainNumber(t.revenue, 2)].join(","));
  return lines.join("\n") + "\n";
}

/** Writes each file through a temporary name, so that a reader never sees half a file. */
export async function writeOutputs(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  await mkdir(dir, {recursive: true});
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(`${path}.tmp`, content);
    await rename(`${path}.tmp`, path);
  }
}
