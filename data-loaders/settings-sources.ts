import {readFileSync} from "node:fs";
import {dirname, resolve} from "node:path";
import {quote, SegmentError} from "./errors.ts";
import {
  defaultSettings,
  parseColumnMap,
  parseK,
  parseWindow,
  SettingsError,
  validateSettings,
  type Settings
} from "./settings.ts";

/** Command-line flags and what they set; README.md lists them with the same words. */
const flags: Record<string, (value: string, into: Partial<Settings>) => void> = {
  "--input": (value, into) => (into.input = value),
  "--previous": (value, into) => (into.previous = value),
  "--format": (value, into) => (into.format = value as Settings["format"]),
  "--map": (value, into) => (into.map = parseColumnMap(value)),
  "--date-format": (value, into) => (into.dateFormat = value),
  "--k": (value, into) => (into.k = parseK(value)),
  "--window": (value, into) => (into.window = parseWindow(value)),
  "--reference-date": (value, into) => (into.referenceDate = value),
  "--seed": (value, into) => (into.seed = Number(value)),
  "--restarts": (value, into) => (into.restarts = Number(value)),
  "--delimiter": (value, into) =>
    (into.delimiter = (value === "\\t" || value === "tab" ? "\t" : value) as Settings["delimiter"]),
  "--decimal": (value, into) => (into.decimal = value as Settings["decimal"]),
  "--cancellations": (value, into) => (into.cancellations = value as Settings["cancellations"]),
  "--non-product": (value, into) => (into.nonProduct = value as Settings["nonProduct"])
};

/** Environment variables for builds, where flags cannot reach the data loaders. */
const environment: Record<string, string> = {
  SEGMENT_INPUT: "--input",
  SEGMENT_PREVIOUS: "--previous",
  SEGMENT_FORMAT: "--format",
  SEGMENT_MAP: "--map",
  SEGMENT_DATE_FORMAT: "--date-format",
  SEGMENT_K: "--k",
  SEGMENT_WINDOW: "--window",
  SEGMENT_REFERENCE_DATE: "--reference-date",
  SEGMENT_SEED: "--seed"
};

export interface ParsedArguments {
  settings: Partial<Settings>;
  config: string | null;
  out: string | null;
}

/** Parses `--name value` pairs (and `--name=value`); unknown flags are an error that lists the known ones. */
export function parseArguments(argv: string[]): ParsedArguments {
  const settings: Partial<Settings> = {};
  let config: string | null = null;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const name = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
    if (name === "--standardize" || name === "--pseudonymize") {
      const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : "true";
      if (value !== "true" && value !== "false")
        throw new SettingsError(`invalid ${name}: ${JSON.stringify(value)}; expected true or false`);
      settings[name === "--standardize" ? "standardize" : "pseudonymize"] = value === "true";
      continue;
    }
    const takesValue = name === "--config" || name === "--out" || name in flags;
    if (!takesValue) {
      throw new SettingsError(
        `unknown argument: ${JSON.stringify(arg)}; expected one of ${["--config", "--out", "--standardize", "--pseudonymize", ...Object.keys(flags)].join(", ")}`
      );
    }
    const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new SettingsError(`missing value for ${name}`);
    if (name === "--config") config = value;
    else if (name === "--out") out = value;
    else flags[name](value, settings);
  }
  return {settings, config, out};
}

export function settingsFromEnvironment(env: NodeJS.ProcessEnv): {settings: Partial<Settings>; config: string | null} {
  const argv: string[] = [];
  for (const [variable, flag] of Object.entries(environment)) {
    const value = env[variable];
    if (value !== undefined && value !== "") argv.push(flag, value);
  }
  if (env.SEGMENT_PSEUDONYMIZE === "true" || env.SEGMENT_PSEUDONYMIZE === "1") argv.push("--pseudonymize");
  return {settings: parseArguments(argv).settings, config: env.SEGMENT_CONFIG || null};
}

/**
 * Reads a JSON config file. Its `input` is relative to the file's folder, so a config can sit beside its data.
 */
export function readConfigFile(file: string): Partial<Settings> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SegmentError(
      `cannot read config file: ${(error as {code?: string}).code === "ENOENT" ? "no such file" : (error as Error).message}`,
      {file}
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1]);
    const where = Number.isFinite(position) ? lineAndColumn(text, position) : {};
    throw new SegmentError("config file is not valid JSON", {
      file,
      ...where,
      found: message,
      expected: "a JSON object of settings"
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SegmentError("config file is not a JSON object", {
      file,
      line: 1,
      found: quote(JSON.stringify(parsed) ?? String(parsed)),
      expected: "a JSON object of settings"
    });
  }
  const config = parsed as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!(key in defaultSettings) && key !== "$schema") {
      throw new SegmentError(`unknown setting ${JSON.stringify(key)} in config file`, {
        file,
        expected: `one of ${Object.keys(defaultSettings).join(", ")}`
      });
    }
  }
  delete config.$schema;
  if (typeof config.input === "string") config.input = resolve(dirname(file), config.input);
  if (typeof config.previous === "string") config.previous = resolve(dirname(file), config.previous);
  if (typeof config.map === "string") config.map = parseColumnMap(config.map);
  return config as Partial<Settings>;
}

/** Defaults, then the config file, then the environment, then the command line. */
export function resolveSettings(layers: {
  config?: Partial<Settings>;
  env?: Partial<Settings>;
  cli?: Partial<Settings>;
}): Settings {
  const settings = {...defaultSettings, ...layers.config, ...layers.env, ...layers.cli} as Settings;
  return validateSettings(settings);
}

/** Settings for the site build: the config file and variables named in the environment (SEGMENT_*). */
export function settingsForBuild(env: NodeJS.ProcessEnv = process.env): Settings {
  const fromEnv = settingsFromEnvironment(env);
  const config = fromEnv.config ? readConfigFile(fromEnv.config) : undefined;
  return resolveSettings({config, env: fromEnv.settings});
}

function lineAndColumn(text: string, position: number): {line: number; column: number} {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return {line, column: position - before.lastIndexOf("\n")};
}
