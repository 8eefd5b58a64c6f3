// Framework writes each data file's modification time into the pages that load it (`registerFile(…,
// {"lastModified": …})`): the time its loader happened to run, so two builds of the same data differ. The build
// stamps one date instead, a function of the data: every other byte of a build already is.
import {readdir, readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";

const lastModified = /"lastModified":\d+/g;

/** Sets every `"lastModified"` in the HTML pages under `dir` to `time` (ms since 1970); returns the pages changed. */
export async function stampFileDates(dir: string, time: number): Promise<number> {
  if (!Number.isSafeInteger(time) || time < 0) throw new Error(`invalid time: ${time}`);
  let changed = 0;
  for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const path = join(entry.parentPath, entry.name);
    const page = await readFile(path, "utf8");
    const stamped = page.replace(lastModified, `"lastModified":${time}`);
    if (stamped === page) continue;
    await writeFile(path, stamped);
    changed++;
  }
  return changed;
}
