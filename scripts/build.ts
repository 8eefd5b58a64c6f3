// npm run build: the data step, then `observable build` into a staging directory that replaces the output only
// when everything succeeded. A failed build exits non-zero and leaves the previous site as it was, so a CI job
// can never publish a half-built report.
import {spawn} from "node:child_process";
import {existsSync} from "node:fs";
import {rename, rm} from "node:fs/promises";
import {join, resolve} from "node:path";
import {reportFailure} from "../data-loaders/report-failure.ts";
import {prepareSiteData} from "./site-data.ts";
import {stampFileDates} from "./stable-file-dates.ts";

const output = process.env.SITE_OUTPUT ?? "dist";
const staging = `${output}.building`;
const retired = `${output}.previous`;

try {
  const {result} = await prepareSiteData();
  await rm(staging, {recursive: true, force: true});
  const code = await observableBuild(staging);
  if (code !== 0) {
    await rm(staging, {recursive: true, force: true});
    process.stderr.write(
      `error: observable build exited with ${code}; ${existsSync(output) ? `the previous ${output}/ is untouched` : `no ${output}/ was written`}\n`
    );
    process.exitCode = 1;
  } else {
    // The data's files are dated by its last transaction day, so that the same data always builds the same site.
    await stampFileDates(staging, Date.parse(`${result.summary.input.lastDate}T00:00:00Z`));
    await rm(retired, {recursive: true, force: true});
    if (existsSync(output)) await rename(output, retired);
    await rename(staging, output);
    await rm(retired, {recursive: true, force: true});
    process.stderr.write(`built ${resolve(output)}\n`);
  }
} catch (error) {
  await rm(staging, {recursive: true, force: true});
  process.exitCode = reportFailure(error);
}

function observableBuild(outputDir: string): Promise<number | null> {
  const bin = join("node_modules", ".bin");
  const child = spawn(join(bin, "observable"), ["build"], {
    stdio: "inherit",
    env: {
      ...process.env,
      // observablehq.config.ts reads it: Framework has no command-line flag for the output directory.
      SITE_BUILD_OUTPUT: outputDir,
      OBSERVABLE_TELEMETRY_DISABLE: "true",
      // Framework runs the .ts loaders with tsx, which must be found on PATH as under npm run.
      PATH: `${resolve(bin)}:${process.env.PATH ?? ""}`
    }
  });
  return new Promise((done, fail) => child.on("error", fail).on("close", done));
}
