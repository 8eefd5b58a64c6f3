import {spawn} from "node:child_process";

/**
 * Runs `npm run <script>` in `root` with the caller's environment, less its SEGMENT_* settings, plus `env`;
 * resolves with the exit code and the interleaved output. A run past `timeoutMs` is killed.
 */
export function runNpmScript(
  root: string,
  script: string,
  env: Record<string, string | undefined> = {},
  {timeoutMs = 300_000} = {}
): Promise<{code: number | null; log: string}> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SEGMENT_")));
  const child = spawn("npm", ["run", "--silent", script], {
    cwd: root,
    env: {...inherited, NO_COLOR: "1", FORCE_COLOR: "0", ...env},
    stdio: ["ignore", "pipe", "pipe"]
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
  return new Promise((done, fail) =>
    child.on("error", fail).on("close", (code) => {
      clearTimeout(timer);
      done({code, log});
    })
  );
}
