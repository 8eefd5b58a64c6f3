import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import {execFile} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {promisify} from "node:util";

const run = promisify(execFile);
const launcher = resolve("scripts/run.mjs");
const scratch = mkdtempSync(join(tmpdir(), "run-launcher-"));
after(() => rmSync(scratch, {recursive: true, force: true}));

/** A scratch project with an entry point that prints what it imports, its arguments and its dependency's URL. */
function scratchProject(): string {
  const dir = mkdtempSync(join(scratch, "project-"));
  writeFileSync(
    join(dir, "main.ts"),
    `import {value, where} from "./lib/dep.ts";\n` +
      `const args: string[] = process.argv.slice(2);\n` +
      `console.log(JSON.stringify({value, where, args, entry: process.argv[1]}));\n` +
      `if (args.includes("--fail")) process.exitCode = 3;\n`
  );
  dependency(dir, "first");
  return dir;
}

function dependency(dir: string, value: string): void {
  const lib = join(dir, "lib");
  mkdirSync(lib, {recursive: true});
  writeFileSync(
    join(lib, "dep.ts"),
    `export const value: string = ${JSON.stringify(value)};\nexport const where = import.meta.url;\n`
  );
}

/** A scratch project whose entry prints the value of the package `answer`. */
function packageProject(): string {
  const dir = scratchProject();
  writeFileSync(join(dir, "main.ts"), `import {value} from "answer";\nconsole.log(JSON.stringify({value}));\n`);
  return dir;
}

/** A scratch project whose entry takes the reader thread twice and reports what it got. */
function readerProject(): string {
  const dir = mkdtempSync(join(scratch, "project-"));
  const readerThread = JSON.stringify(resolve("scripts/reader-thread.mjs"));
  writeFileSync(
    join(dir, "main.ts"),
    `import {takeReaderThread} from ${readerThread};\n` +
      `const held = (globalThis as any)[Symbol.for("customer-segments.prestarted-reader-thread")];\n` +
      `const worker = takeReaderThread();\n` +
      `const second = takeReaderThread();\n` +
      `worker.once("message", (reply: {type: string}) => {\n` +
      `  const report = {prestarted: held !== undefined, taken: held?.worker === worker,\n` +
      `    second: second === worker ? "the same thread" : "a new thread", reply: reply.type};\n` +
      `  console.log(JSON.stringify(report));\n` +
      `  void worker.terminate();\n` +
      `  void second.terminate();\n` +
      `});\n` +
      `worker.postMessage({type: "start"});\n`
  );
  return dir;
}

/** Installs the package `answer` exporting `value`, with npm's record of the installed tree or without one. */
function installAnswer(dir: string, value: string, {record}: {record: boolean}): void {
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "answer"), {recursive: true});
  writeFileSync(join(modules, "answer", "package.json"), `{"name": "answer", "type": "module"}`);
  writeFileSync(join(modules, "answer", "index.js"), `export const value = ${JSON.stringify(value)};\n`);
  if (record) writeFileSync(join(modules, ".package-lock.json"), JSON.stringify({installed: value}));
}

async function launch(dir: string, ...args: string[]) {
  const {stdout} = await run(process.execPath, [launcher, "main.ts", ...args], {cwd: dir});
  return JSON.parse(stdout) as {value: string; where: string; args: string[]; entry: string};
}

describe("scripts/run.mjs", () => {
  test("run.mjs entry.ts args… runs the entry with its arguments, as the entry itself", async () => {
    const dir = scratchProject();
    const output = await launch(dir, "--input", "a b.csv");
    assert.equal(output.value, "first");
    assert.deepEqual(output.args, ["--input", "a b.csv"]);
    assert.equal(output.entry, join(dir, "main.ts"));
  });

  test("run.mjs remakes the bundle when a source it was made from changes", async () => {
    const dir = scratchProject();
    assert.equal((await launch(dir)).value, "first");
    assert.equal((await launch(dir)).value, "first");
    dependency(dir, "second");
    assert.equal((await launch(dir)).value, "second");
  });

  test("run.mjs keeps import.meta.url of each module its own file", async () => {
    const dir = scratchProject();
    assert.equal((await launch(dir)).where, `file://${join(dir, "lib", "dep.ts")}`);
  });

  test("run.mjs bundles a package and remakes the bundle when the installed packages change", async () => {
    const dir = packageProject();
    installAnswer(dir, "one", {record: true});
    assert.equal((await launch(dir)).value, "one");
    installAnswer(dir, "two", {record: true});
    assert.equal((await launch(dir)).value, "two");
  });

  test("run.mjs without npm's record of the installed packages hashes each package module", async () => {
    const dir = packageProject();
    installAnswer(dir, "one", {record: false});
    assert.equal((await launch(dir)).value, "one");
    installAnswer(dir, "two", {record: false});
    assert.equal((await launch(dir)).value, "two");
  });

  test("run.mjs --prestart-reader entry.ts hands the entry the reader thread it started, once", async () => {
    const dir = readerProject();
    const {stdout} = await run(process.execPath, [launcher, "--prestart-reader", "main.ts"], {
      cwd: dir,
      timeout: 60_000
    });
    // The thread taken is the one started, and a live reader: it answers a start it cannot use with an error.
    assert.deepEqual(JSON.parse(stdout), {prestarted: true, taken: true, second: "a new thread", reply: "error"});
  });

  test("run.mjs entry.ts without --prestart-reader starts no reader thread; takeReaderThread starts one", async () => {
    const dir = readerProject();
    const {stdout} = await run(process.execPath, [launcher, "main.ts"], {cwd: dir, timeout: 60_000});
    assert.deepEqual(JSON.parse(stdout), {prestarted: false, taken: false, second: "a new thread", reply: "error"});
  });

  test("run.mjs --prestart-reader ends with its entry when the reader thread is never taken", async () => {
    const dir = scratchProject();
    const {stdout} = await run(process.execPath, [launcher, "--prestart-reader", "main.ts", "x"], {
      cwd: dir,
      timeout: 60_000
    });
    assert.deepEqual(JSON.parse(stdout).args, ["x"]);
  });

  test("run.mjs declares the bundle's top-level bindings const unless they are assigned", async () => {
    const dir = scratchProject();
    writeFileSync(
      join(dir, "main.ts"),
      `import {value} from "./lib/dep.ts";\nlet count = 0;\ncount++;\nconsole.log(JSON.stringify({value: value + count}));\n`
    );
    assert.equal((await launch(dir)).value, "first1");
    const name = join(dir, "main.ts").replace(/[^A-Za-z0-9]+/g, "_");
    const bundle = readFileSync(join(dir, "node_modules", ".cache", "run", `${name}.mjs`), "utf8");
    // esbuild declares both with var; only the one never assigned is made const.
    assert.match(bundle, /^const value = "first";$/m);
    assert.match(bundle, /^var count = 0;$/m);
  });

  test("run.mjs exits with the entry's exit code", async () => {
    const dir = scratchProject();
    await assert.rejects(launch(dir, "--fail"), (error: {code: number}) => error.code === 3);
  });
});
