// node scripts/run.mjs <entry.ts> [args…]: runs one of the project's TypeScript entry points as a single bundle.
//
// This file is plain JavaScript on purpose: it exists to avoid a TypeScript loader. tsx transpiles and resolves the
// entry's modules one by one on every start, which took about a second here, longer than the pipeline itself on
// UCI Online Retail; esbuild bundles them in tens of milliseconds. The bundle is made afresh on every run, so it
// can never be stale, and packages stay imports from node_modules.
import {mkdirSync, rmSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {basename, join, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {build} from "esbuild";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node scripts/run.mjs <entry.ts> [arguments]\n");
  process.exit(2);
}
const entryPath = resolve(entry);
// Inside the project, so that the bundle's package imports resolve from node_modules; one file per process, so
// that runs at the same time never share one.
const dir = resolve("node_modules/.cache/run");
mkdirSync(dir, {recursive: true});
const outfile = join(dir, `${basename(entry, ".ts")}.${process.pid}.mjs`);

/** Modules that find files next to themselves keep their own location, not the bundle's. */
const ownUrl = {
  name: "own-import-meta-url",
  setup(bundler) {
    bundler.onLoad({filter: /\.ts$/}, async ({path}) => {
      const source = await readFile(path, "utf8");
      return {
        contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(path).href)),
        loader: "ts"
      };
    });
  }
};

await build({
  entryPoints: [entryPath],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "inline",
  logLevel: "warning",
  plugins: [ownUrl]
});
// Stack traces name the TypeScript sources.
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entryPath, ...args];
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(outfile, {force: true});
}
