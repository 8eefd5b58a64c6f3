// `npm run build` end to end, in a copy of the project: fresh results when the data change, no rerun when they
// do not, byte-identical rebuilds, and a failed build that leaves the published dist/ as it was.
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join, relative} from "node:path";
import {after, before, describe, test} from "node:test";
import {gunzipSync} from "node:zlib";
import {isolatedProject, type IsolatedProject} from "./isolated-project.ts";

/** Every file of a directory with the SHA-256 of its bytes, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return files;
}

/** The published summary: the JSON file the overview and data-quality pages load. */
function publishedSummary(dist: string) {
  const dir = join(dist, "_file/data/site");
  const name = readdirSync(dir).find((file) => /^summary\.[0-9a-f]+\.json$/.test(file));
  assert.ok(name, `no summary.*.json in ${dir}`);
  return JSON.parse(readFileSync(join(dir, name), "utf8"));
}

/** Files made from the data: the loaders' outputs and the CSV downloads (pages and bundles aside). */
function dataFiles(files: Record<string, string>) {
  return Object.fromEntries(Object.entries(files).filter(([path]) => /^(_file|data)\//.test(path)));
}

describe("npm run build", {timeout: 600_000}, () => {
  let project: IsolatedProject;
  let input: string;
  let dist: string;
  let lines: string[];
  const build = (env: Record<string, string> = {}) => project.npm("build", {SEGMENT_INPUT: input, ...env});

  before(async () => {
    project = await isolatedProject();
    dist = join(project.root, "dist");
    // A plain copy of the embedded sample that the tests can edit line by line.
    input = join(project.root, "transactions.csv");
    lines = gunzipSync(readFileSync(join(project.root, "sample/invoices.csv.gz")))
      .toString("utf8")
      .split("\n");
    writeFileSync(input, lines.join("\n"));
  });
  after(() => project.remove());

  let first: Record<string, string>;

  test("builds the site and publishes the input's hash, size and line count", async () => {
    const {code, log} = await build();
    assert.equal(code, 0, log);
    assert.match(log, /computed segmentation/);
    first = snapshot(dist);
    const summary = publishedSummary(dist);
    assert.equal(summary.input.sha256, createHash("sha256").update(readFileSync(input)).digest("hex"));
    assert.equal(summary.input.bytes, readFileSync(input).length);
    assert.equal(summary.input.lines, lines.filter((line) => line !== "").length - 1);
  });

  test("a second build on unchanged data reuses the segmentation and runs no loader", async () => {
    const {code, log} = await build();
    assert.equal(code, 0, log);
    assert.match(log, /reused segmentation/);
    assert.doesNotMatch(log, /cleared the loader outputs/);
    // Framework marks every loader it has to run as [missing]; a loader whose output it reuses is not run.
    assert.doesNotMatch(log, /\[missing\]/);
    assert.deepEqual(dataFiles(snapshot(dist)), dataFiles(first));
  });

  test("a build from scratch gives a byte-identical site: data files, downloads, pages and bundles", async () => {
    // Without the key of the loader outputs, the build must run every loader again.
    rmSync(join(project.root, "src/.observablehq/cache/.segment-key"));
    const {code, log} = await build({SEGMENT_CACHE_DIR: join(project.root, "fresh-cache")});
    assert.equal(code, 0, log);
    assert.match(log, /computed segmentation/);
    assert.match(log, /cleared the loader outputs/);
    const again = snapshot(dist);
    assert.ok(Object.keys(dataFiles(again)).some((path) => path.endsWith(".csv")));
    assert.deepEqual(dataFiles(again), dataFiles(first));
    // Pages too: Framework dates each data file by when its loader ran; the build stamps the data's last day.
    assert.deepEqual(again, first);
    const page = readFileSync(join(dist, "index.html"), "utf8");
    assert.match(page, /"lastModified":\d+/);
    assert.doesNotMatch(
      page,
      new RegExp(`"lastModified":(?!${Date.parse(`${publishedSummary(dist).input.lastDate}T00:00:00Z`)})`)
    );
  });

  test("changing one line of the input changes the published figures", async () => {
    const before = publishedSummary(dist);
    // One more unit on a line that counts: the revenue of its customer, and so the total, must move.
    const index = lines.findIndex(
      (line, i) => i > 0 && /,1\d{4},/.test(line) && !line.includes('"') && !line.startsWith("C")
    );
    const fields = lines[index].split(",");
    fields[3] = String(Number(fields[3]) + 1);
    writeFileSync(input, [...lines.slice(0, index), fields.join(","), ...lines.slice(index + 1)].join("\n"));
    const {code, log} = await build();
    assert.equal(code, 0, log);
    assert.match(log, /computed segmentation/);
    const after = publishedSummary(dist);
    assert.notEqual(after.input.sha256, before.input.sha256);
    assert.notDeepEqual(after.input.revenue, before.input.revenue);
  });

  test("a failed data step exits non-zero and leaves dist/ untouched", async () => {
    const published = snapshot(dist);
    const {code, log} = await build({SEGMENT_INPUT: join(project.root, "missing.csv")});
    assert.equal(code, 1, log);
    assert.match(log, /missing\.csv: cannot read input: no such file/);
    assert.deepEqual(snapshot(dist), published);
  });

  test("a failure inside observable build exits non-zero and leaves dist/ untouched", async () => {
    const published = snapshot(dist);
    writeFileSync(
      join(project.root, "src/data/broken.json.ts"),
      'process.stderr.write("boom\\n");\nprocess.exit(3);\n'
    );
    writeFileSync(
      join(project.root, "src/broken.md"),
      '# Broken\n\n```js\nFileAttachment("data/broken.json").json()\n```\n'
    );
    const {code, log} = await build();
    assert.notEqual(code, 0, log);
    assert.match(log, /the previous dist\/ is untouched/);
    assert.deepEqual(snapshot(dist), published);
  });
});
