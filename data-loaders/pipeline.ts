import {SegmentedCustomers} from "./segmented-customers.ts";
import {fitWhileElbowRuns, selectK, type ElbowRunner, type KSelection} from "./diagnostics.ts";
import {isoFromDay} from "./dates.ts";
import {SegmentError} from "./errors.ts";
import {buildFeatures, toOriginalUnits} from "./features.ts";
import {roundMoney} from "./ledger.ts";
import type {ReadWorker} from "./fast-parallel-read.ts";
import {readTransactions, type BookSize, type ReadProgress} from "./read-transactions.ts";
import {computeRfm, computeRfmOnThreads, sumsThreadFrom, type RfmTable, type SumsRunner} from "./rfm.ts";
import {summarizeCountries} from "./country-summary.ts";
import {stringOrder} from "./fast-string-order.ts";
import type {Settings} from "./settings.ts";
import {
  describeOnThreadFor,
  describeThreadFrom,
  type DescriptionRunner,
  type SegmentColumns
} from "./segment-description.ts";
import {describeSegments} from "./describe-segments.ts";
import {monthlyTimeline} from "./timeline.ts";
import type {KMeansFit} from "./kmeans.ts";
import type {Diagnostics, PeriodPoint, Summary} from "./types.ts";
import {toolName, toolVersion} from "./version.ts";
import {computeMigration, type Migration} from "./migration.ts";
import {readPreviousCustomers} from "./read-previous.ts";
import {createPseudonymizer} from "./pseudonymize.ts";

export interface Segmentation {
  summary: Summary;
  /** Sorted by id. */
  customers: SegmentedCustomers;
  timeline: PeriodPoint[];
  /** How customers moved since the earlier run given by `previous`; null without one. */
  migration: Migration | null;
}

export interface PipelineHooks {
  onProgress?: ReadProgress;
  /** The secret for `pseudonymize`; kept out of the settings so that it never reaches summary.json. */
  pseudonymKey?: string;
  onStage?: (stage: string) => void;
  /**
   * Called when large memory has just become garbage: the reader's key tables once the file is read. A full
   * collection then returns it to the system before the RFM table is made, where the engine would otherwise hold
   * both.
   */
  collectGarbage?: () => void;
  /** Starts a reader thread, so that a large file is parsed on one core while the book fills on another. */
  startReadWorker?: () => ReadWorker;
  /**
   * Runs the elbow diagnostics on another thread (`elbow` there), so that they take one core while the chosen k is
   * fitted on every customer on the other.
   */
  runElbow?: ElbowRunner;
  /**
   * Describes the segments on another thread (`describeSegments` there), while this one makes the customer
   * columns.
   */
  describeOnThread?: DescriptionRunner;
  /**
   * Sums a share of the customers on another thread (`sumCustomers` there), while this one sums the rest: the
   * other core is idle once the file is read.
   */
  sumOnThread?: SumsRunner;
  /**
   * Starts the threads of the stages to come (`threads`) ahead of their requests, once the book read so far shows
   * that they will be asked for (each stage's own threshold: `sumsThreadFrom` entries, `elbowThreadFrom` and
   * `describeThreadFrom` customers). The reader leaves one core partly idle, where their start-up costs no time,
   * while started on request they cost about 0.1 s each of a 10M-line run's wall time.
   */
  prestartThreads?: (threads: HelperThread[]) => void;
}

/** The stages whose work a hook can run on a thread of its own. */
export type HelperThread = "sums" | "elbow" | "describe";

/**
 * Clustered customers from which the elbow runs on a thread of its own, when k is set. Below, the thread's start-up
 * costs more than the elbow: UCI Online Retail's 4,264 customers took 0.47 → 0.60 s to cluster with it; 111,547 took
 * 0.93–1.28 → 0.92–0.98 s, 1,114,995 took 1.36–1.39 → 1.13–1.59 s.
 */
export const elbowThreadFrom = 50_000;

/** Customers that cannot be clustered, and why: log1p needs revenue ≥ 0, and recency needs a purchase. */
export const unclusteredReasons = {
  negative_revenue: "total revenue below zero (returns exceed purchases)",
  no_purchase: "no purchase in the window (returns only)"
} as const;

/** Reads a transaction file and segments its customers. Everything it returns is a pure function of the file and the settings. */
export async function runSegmentation(settings: Settings, hooks: PipelineHooks = {}): Promise<Segmentation> {
  const threads = new AbortController();
  try {
    return await segment(settings, withSignal(hooks, threads.signal));
  } catch (error) {
    // A run that fails while a thread still works stops it, rather than wait up to a second for an unread answer.
    threads.abort(error);
    throw error;
  }
}

/** `hooks` whose threads (elbow, sums, describe) are started with `signal`, which stops them once it aborts. */
export function withSignal(hooks: PipelineHooks, signal: AbortSignal): PipelineHooks {
  const {runElbow, sumOnThread, describeOnThread} = hooks;
  return {
    ...hooks,
    runElbow: runElbow && ((request) => runElbow(request, signal)),
    sumOnThread: sumOnThread && ((task) => sumOnThread(task, signal)),
    describeOnThread: describeOnThread && ((input, transfer) => describeOnThread(input, transfer, signal))
  };
}

/**
 * `hooks.onProgress`, which also starts each stage's thread once the book read so far reaches the stage's threshold.
 * Customers read are an upper bound of those clustered, so a window or filters may still leave a started thread
 * unused: it then waits without keeping the process alive.
 */
export function progressStartingThreads(settings: Settings, hooks: PipelineHooks): ReadProgress | undefined {
  const {onProgress, prestartThreads} = hooks;
  if (prestartThreads === undefined) return onProgress;
  const due: [HelperThread, boolean, (book: BookSize) => boolean][] = [
    ["sums", hooks.sumOnThread !== undefined, (book) => book.size >= sumsThreadFrom],
    // With `k: auto` the elbow runs on this thread (see below).
    ["elbow", hooks.runElbow !== undefined && settings.k !== "auto", (book) => book.customers >= elbowThreadFrom],
    ["describe", hooks.describeOnThread !== undefined, (book) => book.customers >= describeThreadFrom]
  ];
  const started = new Set<HelperThread>();
  return (lines, book) => {
    const threads = due
      .filter(([thread, hooked, reached]) => hooked && !started.has(thread) && reached(book))
      .map(([thread]) => thread);
    if (threads.length > 0) {
      threads.forEach((thread) => started.add(thread));
      prestartThreads(threads);
    }
    onProgress?.(lines, book);
  };
}

async function segment(settings: Settings, hooks: PipelineHooks): Promise<Segmentation> {
  const stage = hooks.onStage ?? (() => {});
  // Checked first: a missing key should fail before minutes of reading.
  const publishedId = settings.pseudonymize ? createPseudonymizer(hooks.pseudonymKey) : (id: string) => id;
  stage("read");
  const transactions = await readTransactions(
    settings,
    progressStartingThreads(settings, hooks),
    hooks.startReadWorker
  );
  const {book, ledger} = transactions;
  const file = settings.input;
  if (book.size === 0) {
    throw new SegmentError("no line of the file can be used", {
      file,
      found: describeLedger(ledger.toJSON()),
      expected: "at least one line with a customer id, a date and an amount"
    });
  }

  // The reader's tables of customer and order keys are unreachable now.
  hooks.collectGarbage?.();
  stage("rfm");
  const rfmOptions = {
    window: settings.window,
    referenceDate: settings.referenceDate,
    frequency: transactions.frequency
  };
  const rfm = hooks.sumOnThread
    ? await computeRfmOnThreads(book, ledger, rfmOptions, hooks.sumOnThread)
    : computeRfm(book, ledger, rfmOptions);
  const n = rfm.customer.length;
  if (n === 0) {
    throw new SegmentError("no transaction falls inside the analysis window", {
      file,
      found: `dates from ${isoFromDay(book.minDay)} to ${isoFromDay(book.maxDay)} and the window ${isoFromDay(rfm.startDay)} to ${isoFromDay(rfm.referenceDay - 1)}`,
      expected: "a window (--window) or reference date (referenceDate) that covers the data"
    });
  }

  // computeRfm numbers slots in the order of the customers' ids, not of their first line: seeding samples and
  // restarts see the same points in the same order whatever the order of the input.
  const {reasons, rows} = clusterable(rfm);
  if (rows.length === 0) {
    throw new SegmentError("no customer can be clustered", {
      file,
      found: `${n} customers, none with a purchase and revenue ≥ 0`,
      expected: "customers with purchases"
    });
  }

  stage("cluster");
  const space = buildFeatures(rfm, rows, {standardize: settings.standardize});
  const selectOptions = {
    seed: settings.seed,
    restarts: settings.restarts,
    maxIterations: settings.maxIterations,
    silhouetteSample: settings.sampleSize,
    elbowSample: settings.elbowSampleSize,
    elbowRestarts: settings.elbowRestarts,
    maxK: settings.diagnosticsMaxK,
    kRange: settings.kRange
  };
  let fit: KMeansFit;
  let selection: KSelection | Promise<KSelection>;
  try {
    // With `k: auto` the fit waits for the elbow's silhouettes: a thread would overlap nothing.
    if (hooks.runElbow && settings.k !== "auto" && rows.length >= elbowThreadFrom) {
      const started = fitWhileElbowRuns(space.points, space.dimensions, settings.k, selectOptions, hooks.runElbow);
      fit = started.chosen;
      // Awaited once the customers are described, while the elbow thread finishes. Should describing fail first,
      // its error is the run's, and the thread ends on its own once its elbow is done.
      selection = started.selection;
    } else {
      selection = selectK(space.points, space.dimensions, settings.k, selectOptions);
      fit = selection.chosen;
    }
  } catch (error) {
    throw asInputError(error, file);
  }
  const clusterOfSlot = new Int32Array(n).fill(-1);
  scatter(clusterOfSlot, rows, fit.assignments);

  stage("describe");
  // The last uses of the order book's entries, the largest memory of a run.
  const clusterOfCustomer = new (fit.k < 32767 ? Int16Array : Int32Array)(book.customers).fill(-1);
  scatter(clusterOfCustomer, rfm.customer, clusterOfSlot);
  const take = (values: Float64Array) => gather(values, rows);
  const segmentColumns = (): SegmentColumns => ({
    k: fit.k,
    assignments: fit.assignments,
    recencyDays: take(rfm.recencyDays),
    frequency: take(rfm.frequency),
    revenue: take(rfm.revenue),
    centroids: fit.centroids.map((centroid) => roundFeatures(toOriginalUnits(space, centroid))),
    overrides: settings.segments
  });
  // For many customers, a thread describes the segments while this one makes the timeline and the customer columns.
  const onThread = describeOnThreadFor(segmentColumns, rows.length, hooks.describeOnThread);
  const used = {revenue: 0, lines: 0};
  const timeline = monthlyTimeline(book, rfm, clusterOfCustomer, used);
  const {revenue: usedRevenue, lines: usedLines} = used;
  // Released, not collected: what is made after this is a few columns of customers, and a full collection of the
  // heap here took 0.3–0.4 s of a 10M-line run for about 20 MB of peak.
  book.releaseEntries();
  const described = onThread ?? describeSegments(segmentColumns());
  const countryOf = book.countriesOf(rfm.customer);
  const countries = summarizeCountries({
    k: fit.k,
    country: countryOf,
    revenue: rfm.revenue,
    frequency: rfm.frequency,
    cluster: clusterOfSlot
  });

  const ids = gatherStrings(book.customerIds, rfm.customer);
  if (settings.pseudonymize) for (let slot = 0; slot < n; slot++) ids[slot] = publishedId(ids[slot]);
  const units = roundedUnits(rfm.units);
  let customers = new SegmentedCustomers({
    id: ids,
    country: countryOf,
    recencyDays: rfm.recencyDays,
    frequency: rfm.frequency,
    revenue: rfm.revenue,
    units,
    cluster: clusterOfSlot,
    reason: reasons
  });
  // Slots already follow the raw ids; published pseudonyms need their own order.
  if (settings.pseudonymize) customers = customers.reordered(stringOrder(ids));

  const unclustered = tally(reasons);
  const segments = await described;

  let diagnostics: Diagnostics;
  let reason: string;
  try {
    ({diagnostics, reason} = await selection);
  } catch (error) {
    throw asInputError(error, file);
  }

  const summary: Summary = {
    tool: {name: toolName, version: toolVersion},
    input: {
      file,
      format: transactions.format,
      delimiter: transactions.delimiter,
      compressed: transactions.compressed,
      bytes: transactions.bytes,
      sha256: transactions.sha256,
      lines: transactions.lines,
      used: usedLines,
      excluded: ledger.toJSON(),
      revenue: {used: roundMoney(usedRevenue), excluded: roundMoney(ledger.totalRevenue)},
      firstDate: isoFromDay(book.minDay),
      lastDate: isoFromDay(book.maxDay)
    },
    settings: {...settings},
    referenceDate: isoFromDay(rfm.referenceDay),
    window: {days: settings.window, start: isoFromDay(rfm.startDay), end: isoFromDay(rfm.referenceDay - 1)},
    customers: n,
    clustered: rows.length,
    unclustered,
    orders: rfm.frequency.reduce((total, value) => total + value, 0),
    revenue: roundMoney(usedRevenue),
    k: fit.k,
    kSelection: reason,
    inertia: round(fit.inertia, 6),
    restarts: settings.restarts,
    diagnostics: {
      sample: diagnostics.sample,
      elbowSample: diagnostics.elbowSample,
      inertia: diagnostics.inertia.map(({k, inertia}) => ({k, inertia: round(inertia, 6)})),
      silhouette: diagnostics.silhouette.map(({k, silhouette}) => ({k, silhouette: round(silhouette, 6)}))
    },
    segments,
    countries
  };
  if (usedLines + ledger.totalLines !== transactions.lines) {
    throw new Error(
      `reconciliation failed: ${transactions.lines} lines read, ${usedLines} used and ${ledger.totalLines} excluded`
    );
  }
  let migration: Migration | null = null;
  if (settings.previous) {
    stage("migration");
    migration = computeMigration(await readPreviousCustomers(settings.previous), customers, segments);
    summary.migration = {
      file: settings.previous,
      previousCustomers: migration.previousCustomers,
      retained: migration.retained,
      new: migration.new,
      gone: migration.gone,
      matches: migration.matches
    };
  }
  return {summary, customers, timeline, migration};
}

// The per-customer loops of `segment`, each a function of its own: inside one large async function, a long loop
// after an await was at times left to the interpreter (units: 10 ms in one run, 115 ms in another).

/** The slots that can be clustered, and why each other one cannot. */
function clusterable(rfm: RfmTable): {reasons: (keyof typeof unclusteredReasons | null)[]; rows: Int32Array} {
  const n = rfm.customer.length;
  const reasons: (keyof typeof unclusteredReasons | null)[] = new Array(n).fill(null);
  // The slots that are clustered, in a typed array: a million pushes onto an array cost a tenth of a second.
  const clusteredSlots = new Int32Array(n);
  let clustered = 0;
  for (let slot = 0; slot < n; slot++) {
    if (rfm.frequency[slot] === 0) reasons[slot] = "no_purchase";
    else if (rfm.revenue[slot] < 0) reasons[slot] = "negative_revenue";
    else clusteredSlots[clustered++] = slot;
  }
  return {reasons, rows: clusteredSlots.subarray(0, clustered)};
}

/** `target[at[i]] = values[i]` for every i. */
function scatter(target: Int16Array | Int32Array, at: Int32Array, values: Int32Array): void {
  for (let i = 0; i < at.length; i++) target[at[i]] = values[i];
}

/** `values[at[i]]` for every i. */
function gather(values: Float64Array, at: Int32Array): Float64Array {
  const taken = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) taken[i] = values[at[i]];
  return taken;
}

/** `values[index[i]]` for each i: the ids of the customers in slot order. */
function gatherStrings(values: readonly string[], index: Int32Array): string[] {
  const gathered = new Array<string>(index.length);
  for (let i = 0; i < index.length; i++) gathered[i] = values[index[i]];
  return gathered;
}

/** Units to three decimals, as customers.csv shows them. */
function roundedUnits(values: Float64Array): Float64Array {
  const rounded = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) rounded[i] = Math.round(values[i] * 1000) / 1000;
  return rounded;
}

/** How many times each reason is given. */
function tally(reasons: (string | null)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason of reasons) if (reason) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

function roundFeatures(features: {recency_days: number; frequency: number; revenue: number}) {
  return {
    recency_days: round(features.recency_days, 2),
    frequency: round(features.frequency, 2),
    revenue: roundMoney(features.revenue)
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Only a k the customers cannot have is the input's problem; a thread that failed is not, and stays itself. */
function asInputError(error: unknown, file: string): unknown {
  if (!(error instanceof Error && error.message.startsWith("invalid k"))) return error;
  return new SegmentError(error.message, {
    file,
    expected: "fewer clusters than customers with distinct recency, frequency and revenue"
  });
}

function describeLedger(excluded: Record<string, {lines: number}>): string {
  return Object.entries(excluded)
    .map(([reason, {lines}]) => `${lines} ${reason.replaceAll("_", " ")}`)
    .join(", ");
}
