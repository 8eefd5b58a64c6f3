// npm run bench [-- --sizes 1000000,10000000 --formats weekly,invoice --no-reference]
// Generates seeded synthetic inputs, times the pipeline against pandas + scikit-learn and DuckDB on the same files,
// and prints a Markdown table (also written to bench/out/results.md) for BENCHMARKS.md.
import {execFile, spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {cpus, totalmem} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";

const run = promisify(execFile);
const outDir = "bench/out";
const python = "/usr/bin/python3";
const timeBinary = "/usr/bin/time";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option("sizes", "1000000,10000000").split(",").map(Number);
const formats = option("formats", "weekly,invoice").split(",") as ("weekly" | "invoice")[];
const withReference = !args.includes("--no-reference");

interface Measure {
  wallMs: number;
  maxRssKb: number;
  detail: Record<string, unknown>;
}

/** Runs a command under GNU time for its wall clock and peak resident memory; the command prints one JSON line. */
async function measure(command: string, commandArgs: string[]): Promise<Measure> {
  const useTime = existsSync(timeBinary);
  const [file, argv] = useTime ? [timeBinary, ["-v", command, ...commandArgs]] : [command, commandArgs];
  const started = performance.now();
  const {stdout, stderr} = await run(file, argv, {
    maxBuffer: 1 << 26,
    env: {...process.env, OPENBLAS_NUM_THREADS: process.env.OPENBLAS_NUM_THREADS}
  });
  const wallMs = performance.now() - started;
  const detail = JSON.parse(stdout.trim().split("\n").pop()!);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return {wallMs, maxRssKb: rss ? Number(rss[1]) : (detail.maxRssKb ?? NaN), detail};
}

/** Generated files are named by the generator's source hash, so a changed generator never reuses old files. */
const generatorHash = createHash("sha256")
  .update(readFileSync("data-loaders/synthetic.ts"))
  .update(readFileSync("data-loaders/random.ts"))
  .digest("hex")
  .slice(0, 8);

async function generate(format: string, lines: number): Promise<string> {
  const file = join(outDir, `${format}-${lines}-${generatorHash}.csv`);
  if (existsSync(file)) return file;
  process.stderr.write(`generating ${file}\n`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      "npx",
      ["tsx", "scripts/generate.ts", "--format", format, "--lines", String(lines), "--seed", "1", "--out", file],
      {stdio: "inherit"}
    );
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`generator exited with ${code}`))));
  });
  return file;
}

async function hasPythonReference(): Promise<boolean> {
  try {
    await run(python, ["-c", "import pandas, sklearn"]);
    return true;
  } catch {
    return false;
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const megabytes = (kb: number) => `${Math.round(kb / 1024)} MB`;
const rows: string[] = [];
const results: Record<string, unknown>[] = [];
mkdirSync(outDir, {recursive: true});
const pythonAvailable = withReference && (await hasPythonReference());
if (withReference && !pythonAvailable)
  process.stderr.write(
    `pandas + scikit-learn reference skipped: ${python} cannot import pandas and sklearn (apt-get install -y python3-pandas python3-sklearn)\n`
  );

for (const format of formats) {
  for (const lines of sizes) {
    const file = await generate(format, lines);
    process.stderr.write(`measuring ${file}\n`);
    const ours = await measure("node", ["--import", "tsx", "bench/pipeline-run.ts", "full", file]);
    const read = await measure("node", ["--import", "tsx", "bench/pipeline-run.ts", "read", file]);
    const stages = ours.detail.stagesMs as Record<string, number>;
    const linesPerSecond = Math.round(lines / (ours.wallMs / 1000));
    const result: Record<string, unknown> = {format, lines, file, ours, read};
    let vsPandas = "";
    let vsDuckdb = "";
    let quality = "";
    if (withReference && format === "weekly") {
      const duckdb = await measure("node", ["--import", "tsx", "bench/reference/duckdb-rfm.ts", file]);
      result.duckdb = duckdb;
      vsDuckdb = `${seconds(duckdb.wallMs)} s / ${megabytes(duckdb.maxRssKb)} (read+group ratio ${(read.wallMs / duckdb.wallMs).toFixed(2)})`;
      if (pythonAvailable) {
        const pandas = await measure(python, ["bench/reference/seed_recipe.py", file]);
        result.pandas = pandas;
        const gap = ((ours.detail.inertia as number) / (pandas.detail.inertia as number) - 1) * 100;
        vsPandas = `${seconds(pandas.wallMs)} s / ${megabytes(pandas.maxRssKb)} (${(pandas.wallMs / ours.wallMs).toFixed(1)}× slower)`;
        quality = `${gap >= 0 ? "+" : ""}${gap.toFixed(3)} %`;
      }
    }
    results.push(result);
    rows.push(
      `| ${format} | ${lines.toLocaleString("en-US")} | ${(ours.detail.customers as number).toLocaleString("en-US")} | ${seconds(ours.wallMs)} s | ${megabytes(ours.maxRssKb)} | ` +
        `${linesPerSecond.toLocaleString("en-US")} | ${Object.entries(stages)
          .map(([stage, ms]) => `${stage} ${seconds(ms)}`)
          .join(", ")} | ` +
        `${seconds(read.wallMs)} s / ${megabytes(read.maxRssKb)} | ${vsDuckdb} | ${vsPandas} | ${quality} |`
    );
  }
}

const table = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  "",
  "| format | lines | customers | full pipeline | peak memory | lines/s | stages (s) | read + group only | DuckDB (one SQL statement) | pandas + scikit-learn | k = 6 inertia vs scikit-learn |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows
].join("\n");
writeFileSync(join(outDir, "results.md"), table + "\n");
writeFileSync(join(outDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
process.stdout.write(table + "\n");
