// One timed pipeline run in its own process, so that peak memory is this run's alone. Prints one JSON line.
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {computeRfmOnThreads} from "../data-loaders/rfm.ts";
import {progressStartingThreads, runSegmentation} from "../data-loaders/pipeline.ts";
import {readTransactions} from "../data-loaders/read-transactions.ts";
import {resolveSettings} from "../data-loaders/settings-sources.ts";
import {outputFiles, writeOutputs} from "../data-loaders/write-outputs.ts";
import {startReadWorker} from "../scripts/start-read-worker.ts";
import {sumCustomersOnThread} from "../scripts/sum-customers-on-thread.ts";
import {pipelineHooks} from "../scripts/pipeline-hooks.ts";
import {garbageCollector} from "../scripts/collect-garbage.ts";

const [mode, input] = process.argv.slice(2);
const settings = resolveSettings({cli: {input}});
const started = performance.now();
const stages: Record<string, number> = {};
/** Peak resident memory (MB) of the process at the end of each stage: where the peak is reached. */
const peakAfter: Record<string, number> = {};
const peakNow = () => Math.round(process.resourceUsage().maxRSS / 1024);
/**
 * Minor page faults in each stage: each is a page of memory touched for the first time, which costs this machine's
 * virtual machine about 14 µs, 3.5 ms a megabyte. They show where fresh memory costs time.
 */
const faultsIn: Record<string, number> = {};
let faultsBefore = process.resourceUsage().minorPageFault;
const countFaults = (stage: string) => {
  const now = process.resourceUsage().minorPageFault;
  faultsIn[stage] = now - faultsBefore;
  faultsBefore = now;
};
let lines: number;
let customers: number;
let inertia: number | null = null;
if (mode === "read") {
  // Reading and grouping alone: the work DuckDB's single statement does.
  // As the pipeline does, the sums' thread starts once the book turns out large enough for it.
  const {prestartThreads} = pipelineHooks();
  const progress = progressStartingThreads(settings, {sumOnThread: sumCustomersOnThread, prestartThreads});
  const transactions = await readTransactions(settings, progress, startReadWorker);
  stages.read = performance.now() - started;
  peakAfter.read = peakNow();
  countFaults("read");
  // As the pipeline does between these two stages: the reader's key tables are garbage now.
  garbageCollector()();
  const rfm = await computeRfmOnThreads(
    transactions.book,
    transactions.ledger,
    {window: settings.window, referenceDate: settings.referenceDate, frequency: transactions.frequency},
    sumCustomersOnThread
  );
  stages.rfm = performance.now() - started - stages.read;
  peakAfter.rfm = peakNow();
  countFaults("rfm");
  lines = transactions.lines;
  customers = rfm.customer.length;
} else {
  let last = started;
  let current = "start";
  const result = await runSegmentation(settings, {
    ...pipelineHooks(),
    onStage: (stage) => {
      const now = performance.now();
      if (current !== "start") {
        stages[current] = now - last;
        peakAfter[current] = peakNow();
        countFaults(current);
      }
      current = stage;
      last = now;
    }
  });
  // The pipeline's last stage ends when it returns; writing the output files is a stage of its own.
  const returned = performance.now();
  stages[current] = returned - last;
  peakAfter[current] = peakNow();
  countFaults(current);
  const out = mkdtempSync(join(tmpdir(), "bench-"));
  await writeOutputs(out, outputFiles(result));
  rmSync(out, {recursive: true, force: true});
  stages.write = performance.now() - returned;
  peakAfter.write = peakNow();
  countFaults("write");
  lines = result.summary.input.lines;
  customers = result.summary.customers;
  inertia = result.summary.inertia;
}
const wall = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    mode,
    input,
    lines,
    customers,
    inertia,
    wallMs: wall,
    stagesMs: stages,
    peakMbAfterStage: peakAfter,
    minorFaultsInStage: faultsIn,
    maxRssKb: process.resourceUsage().maxRSS
  }) + "\n"
);
