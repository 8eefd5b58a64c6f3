// node scripts/run.mjs [--prestart-reader] <entry.ts> [args…]: runs one of the project's TypeScript entry points as
// a single bundle. With --prestart-reader, the pipeline's reader thread starts first (see reader-thread.mjs).
//
// This file is plain JavaScript on purpose: it exists to avoid a TypeScript loader. tsx transpiles and resolves
// the entry's modules one by one on every start, about half a second to a second here, as long as the whole
// pipeline on UCI Online Retail. The bundle esbuild makes of them is kept with the SHA-256 of every source it was
// made from, and remade as soon as one differs, so it is never stale.
//
// Packages are bundled too, tree-shaken: importing ml-kmeans from node_modules loads its hundreds of modules
// (ml-spectra-processing alone is most of them), a quarter of a second of every run, and d3 another tenth.
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {join, resolve} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {setFlagsFromString} from "node:v8";
import {threadId} from "node:worker_threads";

const prestartReader = process.argv[2] === "--prestart-reader";
const [entry, ...args] = process.argv.slice(prestartReader ? 3 : 2);
if (!entry) {
  process.stderr.write("usage: node scripts/run.mjs [--prestart-reader] <entry.ts> [arguments]\n");
  process.exit(2);
}
const entryPath = resolve(entry);
// Inside the project, so that the bundle's package imports resolve from node_modules.
const dir = resolve("node_modules/.cache/run");
const name = entryPath.replace(/[^A-Za-z0-9]+/g, "_");
const bundle = join(dir, `${name}.mjs`);
const manifest = join(dir, `${name}.sources.json`);

const launcher = fileURLToPath(import.meta.url);
const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

/**
 * Packages left as imports from node_modules: native addons, which cannot be bundled. A package that reads files
 * next to its own modules belongs here too.
 */
const unbundled = ["@duckdb/node-api"];

/**
 * npm's record of the installed tree, rewritten by every install: it stands for the hundreds of package modules a
 * bundle is made from, which would cost more to hash at every start than the bundle saves.
 */
const installedTree = resolve("node_modules/.package-lock.json");

/** What turns the bundle's top-level bindings back into constants, and its parser: part of how the bundle is made. */
const constants = fileURLToPath(new URL("./top-level-constants.mjs", import.meta.url));
const parser = fileURLToPath(import.meta.resolve("acorn"));

/**
 * What the bundle depends on: each project source, the installed tree for the package modules, and this file, the one
 * it hands the bundle to and that one's parser, whose options and rules make the bundle.
 */
function sourceHashes(inputs) {
  const sources = {[launcher]: sha256(launcher), [constants]: sha256(constants), [parser]: sha256(parser)};
  // Without npm's record (another package manager), each package module is hashed itself.
  const tree = existsSync(installedTree) ? sha256(installedTree) : null;
  for (const path of inputs.map((input) => resolve(input))) {
    if (tree !== null && path.includes("/node_modules/")) sources[installedTree] = tree;
    else sources[path] = sha256(path);
  }
  return sources;
}

function upToDate() {
  try {
    const sources = JSON.parse(readFileSync(manifest, "utf8"));
    // A manifest without this file is from a launcher older than the record of its own options.
    return launcher in sources && Object.entries(sources).every(([path, hash]) => sha256(path) === hash);
  } catch {
    return false;
  }
}

/** The project's modules that find files next to themselves keep their own location, not the bundle's. */
const ownUrl = {
  name: "own-import-meta-url",
  setup(bundler) {
    bundler.onLoad({filter: /\.(ts|mjs)$/}, async ({path}) => {
      // Packages' own modules load as esbuild loads them.
      if (path.includes("/node_modules/")) return undefined;
      const source = await readFile(path, "utf8");
      const contents = source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(path).href));
      return {contents, loader: path.endsWith(".ts") ? "ts" : "js"};
    });
  }
};

async function rebuild() {
  const {build} = await import("esbuild");
  mkdirSync(dir, {recursive: true});
  // Written aside and renamed, so that runs starting at the same time never load half a bundle; named by process
  // and thread, as two threads of one process may make the same bundle at once.
  const staging = `${bundle}.${process.pid}-${threadId}.tmp`;
  const {metafile, outputFiles} = await build({
    entryPoints: [entryPath],
    outfile: staging,
    // Handed over in memory, to be written once its constants are declared so.
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: unbundled,
    sourcemap: "inline",
    // Traces name the sources on disk; their text in the bundle would only slow every start.
    sourcesContent: false,
    metafile: true,
    logLevel: "warning",
    plugins: [ownUrl]
  });
  const {constTopLevel} = await import("./top-level-constants.mjs");
  writeFileSync(staging, constTopLevel(outputFiles[0].text));
  const sources = sourceHashes(Object.keys(metafile.inputs));
  renameSync(staging, bundle);
  writeFileSync(`${manifest}.${process.pid}-${threadId}.tmp`, JSON.stringify(sources));
  renameSync(`${manifest}.${process.pid}-${threadId}.tmp`, manifest);
}

/**
 * How much bytecode V8 inlines into one optimized function, in all (its default is 920 bytes). The read's hot path,
 * a record's fields and a line's keys, calls many small functions, and at the default some stay calls: at 2000 the
 * 10M-line weekly file was read in 3.95–4.07 s against 4.15–4.23 s (five alternating pairs). Set before any of the
 * bundle is compiled; the flag is the process's, so worker threads have it too.
 */
const inliningBudget = "--max-inlined-bytecode-size-cumulative=2000";
setFlagsFromString(inliningBudget);

// Before the bundle is checked and loaded, so that the thread boots meanwhile; after the flags, which it shares.
if (prestartReader) (await import("./reader-thread.mjs")).prestartReaderThread();

if (!upToDate()) await rebuild();
// Stack traces name the TypeScript sources.
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entryPath, ...args];
await import(pathToFileURL(bundle).href);
