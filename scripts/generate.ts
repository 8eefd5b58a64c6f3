// Writes a seeded synthetic transaction export (see data-loaders/synthetic.ts) to a file, streaming.
//
//   npm run generate -- --format weekly|invoice --lines N [--seed S] [--customers C] [--start ISO]
//                           [--days D] --out FILE
//
// FILE ending in .gz is gzip-compressed at a fixed level; node's gzip header carries no timestamp (mtime 0)
// and no file name, so the same options give the same bytes with the same node version.

import {createWriteStream} from "node:fs";
import {stat} from "node:fs/promises";
import {Readable, type Writable} from "node:stream";
import {pipeline} from "node:stream/promises";
import {parseArgs} from "node:util";
import {createGzip} from "node:zlib";
import {generateTransactions, type SyntheticOptions} from "../data-loaders/synthetic.ts";

const GZIP_LEVEL = 6;

const USAGE =
  "usage: npm run generate -- --format weekly|invoice --lines N [--seed S] [--customers C]" +
  " [--start YYYY-MM-DD] [--days D] --out FILE";

/** Parses the command line into generator options and an output path; throws on a bad argument. */
function parseCommandLine(args: string[]): {options: SyntheticOptions; out: string} {
  const {values, positionals} = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      format: {type: "string"},
      lines: {type: "string"},
      seed: {type: "string"},
      customers: {type: "string"},
      start: {type: "string"},
      days: {type: "string"},
      out: {type: "string"}
    }
  });
  if (positionals.length > 0) throw new Error(`unexpected argument: ${positionals[0]}`);
  if (values.format === undefined) throw new Error("missing --format");
  if (values.lines === undefined) throw new Error("missing --lines");
  if (values.out === undefined || values.out === "") throw new Error("missing --out");
  const integer = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    // Digits, optionally grouped with underscores: 10_000_000.
    if (!/^\d+(_\d+)*$/.test(value)) throw new Error(`invalid ${name}: ${value}`);
    return Number(value.replace(/_/g, ""));
  };
  const options: SyntheticOptions = {
    format: values.format as SyntheticOptions["format"],
    lines: integer("lines", values.lines)!
  };
  const seed = integer("seed", values.seed);
  const customers = integer("customers", values.customers);
  const days = integer("days", values.days);
  if (seed !== undefined) options.seed = seed;
  if (customers !== undefined) options.customers = customers;
  if (values.start !== undefined) options.start = values.start;
  if (days !== undefined) options.days = days;
  return {options, out: values.out};
}

/** Streams the generated file to `out` (gzip when it ends in .gz), respecting backpressure. */
async function writeTransactions(options: SyntheticOptions, out: string): Promise<{bytes: number}> {
  const chunks = generateTransactions(options);
  let bytes = 0;
  // The generator's text is ASCII, so latin1 encodes it byte for byte (and faster than utf8).
  const source = Readable.from(
    (function* () {
      for (const chunk of chunks) {
        bytes += chunk.length;
        yield Buffer.from(chunk, "latin1");
      }
    })(),
    {objectMode: false}
  );
  const sink: Writable = createWriteStream(out);
  if (out.endsWith(".gz")) await pipeline(source, createGzip({level: GZIP_LEVEL}), sink);
  else await pipeline(source, sink);
  return {bytes};
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(process.argv.slice(2));
    generateTransactions(parsed.options); // validates the options before the output file is created
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const {options, out} = parsed;
  const started = performance.now();
  const {bytes} = await writeTransactions(options, out);
  const seconds = (performance.now() - started) / 1000;
  const {size} = await stat(out);
  const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 2 : 0)} MB`;
  const sizes = out.endsWith(".gz") ? `${mb(size)} (${mb(bytes)} uncompressed)` : mb(size);
  const rate = Math.round(options.lines / seconds).toLocaleString("en");
  process.stderr.write(
    `${out}: ${options.lines.toLocaleString("en")} ${options.format} lines, seed ${options.seed ?? 1}, ` +
      `${sizes}, ${seconds.toFixed(2)} s (${rate} lines/s)\n`
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
