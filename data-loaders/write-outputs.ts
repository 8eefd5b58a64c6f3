import {mkdir, open, rename, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {csvField, customersCsvChunks, plainNumber} from "./customers-csv.ts";
import type {Segmentation} from "./pipeline.ts";
import {joinChunks} from "./text-bytes.ts";

/**
 * A file's content: text, bytes, or chunks of bytes made as they are written (each valid until the next is asked
 * for), for files too large to hold whole.
 */
export type OutputContent = string | Uint8Array | (() => Iterable<Uint8Array>);

/** The names `outputFiles` may give (migration.csv with an earlier run only). */
export const outputFileNames: readonly string[] = ["customers.csv", "summary.json", "timeline.json", "migration.csv"];

/** The files `npm run segment` writes: customers.csv and summary.json, plus timeline.json for the site. */
export function outputFiles(result: Segmentation): Record<string, OutputContent> {
  return {
    "customers.csv": () => customersCsvChunks(result.customers, result.summary.segments),
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
export async function writeOutputs(dir: string, files: Record<string, OutputContent>): Promise<void> {
  await mkdir(dir, {recursive: true});
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await writeOutputFile(`${path}.tmp`, content);
    await rename(`${path}.tmp`, path);
  }
}

export async function writeOutputFile(path: string, content: OutputContent): Promise<void> {
  if (typeof content !== "function") return writeFile(path, content);
  const file = await open(path, "w");
  try {
    // Each chunk is written before the next is made: they may share memory.
    for (const chunk of content()) await file.write(chunk);
  } finally {
    await file.close();
  }
}

/** The whole content as bytes, chunks joined. */
export function outputBytes(content: OutputContent): Buffer {
  if (typeof content === "string") return Buffer.from(content, "utf8");
  return typeof content === "function" ? joinChunks(content()) : Buffer.from(content);
}
