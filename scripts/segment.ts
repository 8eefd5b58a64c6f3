// npm run segment -- --input <file> [...]: segments a transaction file and writes customers.csv and summary.json.
import {reportFailure} from "../data-loaders/report-failure.ts";
import {runSegmentation} from "../data-loaders/pipeline.ts";
import {pseudonymKeyVariable} from "../data-loaders/pseudonymize.ts";
import {parseArguments, readConfigFile, resolveSettings} from "../data-loaders/settings-sources.ts";
import {outputFiles, writeOutputs} from "../data-loaders/write-outputs.ts";
import {pipelineHooks} from "./pipeline-hooks.ts";

try {
  const args = parseArguments(process.argv.slice(2));
  const config = args.config ? readConfigFile(args.config) : undefined;
  const settings = resolveSettings({config, cli: args.settings});
  const out = args.out ?? "out";
  const started = performance.now();
  const result = await runSegmentation(settings, {
    pseudonymKey: process.env[pseudonymKeyVariable],
    ...pipelineHooks(),
    onProgress: (lines) => {
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        `read ${lines.toLocaleString("en-US")} lines (${Math.round(lines / seconds).toLocaleString("en-US")} lines/s)\n`
      );
    }
  });
  await writeOutputs(out, outputFiles(result));
  const {summary} = result;
  process.stderr.write(
    `${summary.input.lines.toLocaleString("en-US")} lines: ${summary.input.used.toLocaleString("en-US")} used, ` +
      `${(summary.input.lines - summary.input.used).toLocaleString("en-US")} excluded; ${summary.customers.toLocaleString("en-US")} customers, ` +
      `${summary.clustered.toLocaleString("en-US")} clustered into k = ${summary.k} (inertia ${summary.inertia}); wrote ${out}/customers.csv and ${out}/summary.json ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s\n`
  );
} catch (error) {
  process.exitCode = reportFailure(error);
}
