// A copy of the project in a temporary directory, sharing node_modules, so that a test can build the site, break
// it on purpose and inspect dist/ without touching the checkout or racing other builds.
import {existsSync} from "node:fs";
import {cp, mkdtemp, rm, symlink} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {runNpmScript} from "./run-npm.ts";

const projectRoot = resolve(import.meta.dirname, "..");
const copied = ["package.json", "tsconfig.json", "observablehq.config.ts", "data-loaders", "scripts", "src", "sample"];

export interface IsolatedProject {
  root: string;
  /** Runs an npm script there with the given environment on top of ours; resolves with its exit code and output. */
  npm(script: string, env?: Record<string, string>): Promise<{code: number | null; log: string}>;
  remove(): Promise<void>;
}

export async function isolatedProject(): Promise<IsolatedProject> {
  const root = await mkdtemp(join(tmpdir(), "segments-project-"));
  for (const entry of copied) {
    await cp(join(projectRoot, entry), join(root, entry), {
      recursive: true,
      filter: (source) => !source.includes(`${join("src", ".observablehq")}`)
    });
  }
  await symlink(join(projectRoot, "node_modules"), join(root, "node_modules"), "dir");
  // Framework's browser bundles of d3, Plot and Inputs depend on node_modules alone; reusing the checkout's spares
  // half a minute per project.
  const bundles = join(projectRoot, "src/.observablehq/cache/_node");
  if (existsSync(bundles)) await cp(bundles, join(root, "src/.observablehq/cache/_node"), {recursive: true});
  return {
    root,
    npm: (script, env = {}) => runNpmScript(root, script, env),
    remove: () => rm(root, {recursive: true, force: true})
  };
}
