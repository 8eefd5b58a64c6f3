// npm run bench [-- --sizes 1000000,10000000 --formats weekly,invoice --no-reference --uci FILE --repeat N]
// Generates seeded synthetic inputs, times the pipeline against pandas + scikit-learn and DuckDB on the same files,
// and prints a Markdown table (also written to bench/out/results.md) for BENCHMARKS.md.
import {execFile, spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {cpus, loadavg, totalmem} from "node:os";
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
const uciFile = option("uci", "../shared/datasets/online-retail.csv.gz");
/** Runs of each command; the one with the median wall time is reported, as a shared machine makes single runs noisy. */
const repeat = Number(option("repeat", "1"));
if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`invalid --repeat: ${option("repeat", "1")}`);

interface Measure {
  wallMs: number;
  /** User + system CPU seconds of the command: steadier than wall time when other work shares the machine. */
  cpuMs: number;
  maxRssKb: number;
  /** 1-minute load average when the command ended: above the core count, other processes competed for the CPU. */
  load: number;
  detail: Record<string, unknown>;
}

/** `repeat` runs of a command, the one with the median wall time kept, with every run's wall time beside it. */
async function measure(command: string, commandArgs: string[]): Promise<Measure & {runsMs: number[]}> {
  const runs: Measure[] = [];
  for (let r = 0; r < repeat; r++) runs.push(await measureOnce(command, commandArgs));
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return {...sorted[(sorted.length - 1) >> 1], runsMs: runs.map((m) => Math.round(m.wallMs))};
}

/** Runs a command under GNU time for its wall clock and peak resident memory; the command prints one JSON line. */
async function measureOnce(command: string, commandArgs: string[]): Promise<Measure> {
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
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  return {
    wallMs,
    cpuMs: user && system ? (Number(user[1]) + Number(system[1])) * 1000 : NaN,
    maxRssKb: rss ? Number(rss[1]) : (detail.maxRssKb ?? NaN),
    load: loadavg()[0],
    detail
  };
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
      process.execPath,
      [
        "scripts/run.mjs",
        "scripts/generate.ts",
        "--format",
        format,
        "--lines",
        String(lines),
        "--seed",
        "1",
        "--out",
        file
      ],
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
const timed = (m: Measure) => `${seconds(m.wallMs)} s (CPU ${seconds(m.cpuMs)} s) / ${megabytes(m.maxRssKb)}`;
const rows: string[] = [];
const goals: string[] = [];
const results: Record<string, unknown>[] = [];
const goal = (met: boolean, text: string) => goals.push(`- ${met ? "met" : "NOT met"}: ${text}`);
mkdirSync(outDir, {recursive: true});
const pythonAvailable = withReference && (await hasPythonReference());
const pythonNote = withReference
  ? pythonAvailable
    ? ""
    : `not run: ${python} cannot import pandas and sklearn (apt-get install -y python3-pandas python3-sklearn)`
  : "not run (--no-reference)";
if (pythonNote && withReference) process.stderr.write(`pandas + scikit-learn reference ${pythonNote}\n`);

/** One measured input: our full pipeline and read + group, and the references on weekly files. */
async function bench(format: string, lines: number, file: string, references: boolean): Promise<void> {
  process.stderr.write(`measuring ${file}\n`);
  const ours = await measure("node", ["scripts/run.mjs", "--prestart-reader", "bench/pipeline-run.ts", "full", file]);
  const read = await measure("node", ["scripts/run.mjs", "--prestart-reader", "bench/pipeline-run.ts", "read", file]);
  const stages = ours.detail.stagesMs as Record<string, number>;
  const linesPerSecond = Math.round(lines / (ours.wallMs / 1000));
  const result: Record<string, unknown> = {format, lines, file, ours, read};
  let duckdbCell = "";
  let ratioCell = "";
  let pandasCell = "";
  let speedupCell = "";
  let quality = "";
  if (references) {
    const duckdb = await measure("node", ["scripts/run.mjs", "bench/reference/duckdb-rfm.ts", file]);
    result.duckdb = duckdb;
    const ratio = read.wallMs / duckdb.wallMs;
    duckdbCell = timed(duckdb);
    ratioCell = ratio.toFixed(2);
    if ((duckdb.detail.customers as number) !== (read.detail.customers as number))
      ratioCell += ` (customers differ: ${String(duckdb.detail.customers)} vs ${String(read.detail.customers)})`;
    goal(
      ratio <= 1,
      `${lines.toLocaleString("en-US")} ${format} lines: read + group ÷ DuckDB = ${ratioCell} (goal ≤ 1.0)`
    );
    if (pythonAvailable) {
      const pandas = await measure(python, ["bench/reference/seed_recipe.py", file]);
      result.pandas = pandas;
      const gap = ((ours.detail.inertia as number) / (pandas.detail.inertia as number) - 1) * 100;
      const speedup = pandas.wallMs / ours.wallMs;
      pandasCell = timed(pandas);
      speedupCell = `${speedup.toFixed(1)}×`;
      quality = `${gap >= 0 ? "+" : ""}${gap.toFixed(3)} %`;
      goal(
        speedup >= 15,
        `${lines.toLocaleString("en-US")} ${format} lines: ${speedupCell} faster than pandas + scikit-learn (goal ≥ 15×)`
      );
      goal(
        gap <= 0.5,
        `${lines.toLocaleString("en-US")} ${format} lines: k = 6 inertia ${quality} vs scikit-learn (goal ≤ +0.5 %)`
      );
    } else {
      pandasCell = pythonNote;
    }
  }
  if (format === "weekly" && lines >= 10_000_000) {
    goal(
      ours.wallMs <= 6000,
      `${lines.toLocaleString("en-US")} ${format} lines: full pipeline ${seconds(ours.wallMs)} s (goal ≤ 6 s)`
    );
    goal(
      ours.maxRssKb <= 600 * 1024,
      `${lines.toLocaleString("en-US")} ${format} lines: peak ${megabytes(ours.maxRssKb)} (goal ≤ 600 MB)`
    );
  }
  if (format === "invoice (UCI Online Retail)")
    goal(ours.wallMs <= 1500, `UCI Online Retail: full pipeline ${seconds(ours.wallMs)} s (goal ≤ 1.5 s)`);
  results.push(result);
  rows.push(
    `| ${format} | ${lines.toLocaleString("en-US")} | ${(ours.detail.customers as number).toLocaleString("en-US")} | ` +
      `${timed(ours)} | ${linesPerSecond.toLocaleString("en-US")} | ${Object.entries(stages)
        .map(([stage, ms]) => `${stage} ${seconds(ms)}`)
        .join(", ")} | ${timed(read)} | ${duckdbCell} | ${ratioCell} | ${pandasCell} | ${speedupCell} | ${quality} | ` +
      `${Math.max(ours.load, read.load).toFixed(1)} |`
  );
}

for (const format of formats) {
  for (const lines of sizes) {
    const file = await generate(format, lines);
    await bench(format, lines, file, withReference && format === "weekly");
  }
}
if (existsSync(uciFile)) {
  // Lines of data, header excluded, as the pipeline counts them.
  const uciLines = 541_909;
  await bench("invoice (UCI Online Retail)", uciLines, uciFile, false);
} else process.stderr.write(`UCI Online Retail not measured: ${uciFile} is missing\n`);

const table = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  "",
  "Times are wall clock (and user + system CPU) of one process each, from its start (Node, and esbuild or a cached",
  `bundle, included) to its exit, the median of ${repeat} run${repeat === 1 ? "" : "s"}; memory is that run's peak resident set.`,
  "`load` is the highest 1-minute load average seen at the end of our runs: above",
  `${cpus().length}, other processes competed for the cores and the wall times are inflated.`,
  "",
  "| input | lines | customers | full pipeline | lines/s | stages (s) | read + group only | DuckDB (one SQL statement) | read + group ÷ DuckDB | pandas + scikit-learn | pandas ÷ ours | k = 6 inertia vs scikit-learn | load |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows,
  "",
  "Goals of issue 4 measured in this run:",
  "",
  ...goals
].join("\n");
writeFileSync(join(outDir, "results.md"), table + "\n");
writeFileSync(join(outDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
process.stdout.write(table + "\n");
