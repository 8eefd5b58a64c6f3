import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {SegmentError} from "../data-loaders/errors.ts";
import {defaultSettings, SettingsError} from "../data-loaders/settings.ts";
import {
  parseArguments,
  readConfigFile,
  resolveSettings,
  settingsForBuild,
  settingsFromEnvironment
} from "../data-loaders/settings-sources.ts";

const dir = mkdtempSync(join(tmpdir(), "settings-sources-"));
after(() => rmSync(dir, {recursive: true, force: true}));

let files = 0;
function configFile(content: string, folder = dir): string {
  const file = join(folder, `config-${++files}.json`);
  writeFileSync(file, content);
  return file;
}

function segmentError(run: () => unknown): SegmentError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SegmentError, `expected a SegmentError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a SegmentError");
}

describe("parseArguments", () => {
  test("parseArguments reads --name value and --name=value pairs, --config and --out", () => {
    const parsed = parseArguments([
      "--input",
      "data/a.csv",
      "--k=4",
      "--window",
      "all",
      "--reference-date",
      "2011-12-10",
      "--seed",
      "7",
      "--restarts=3",
      "--format",
      "invoice",
      "--config",
      "c.json",
      "--out=out/x"
    ]);
    assert.deepEqual(parsed, {
      settings: {
        input: "data/a.csv",
        k: 4,
        window: "all",
        referenceDate: "2011-12-10",
        seed: 7,
        restarts: 3,
        format: "invoice"
      },
      config: "c.json",
      out: "out/x"
    });
  });

  test("parseArguments reads --standardize as a switch", () => {
    assert.deepEqual(parseArguments(["--standardize"]).settings, {standardize: true});
    assert.deepEqual(parseArguments([]), {settings: {}, config: null, out: null});
  });

  test("parseArguments never reads --standardize=false as true", () => {
    let settings: unknown;
    try {
      settings = parseArguments(["--standardize=false"]).settings;
    } catch (error) {
      assert.ok(error instanceof SettingsError);
      return;
    }
    assert.notDeepEqual(settings, {standardize: true});
  });

  test("parseArguments reads --delimiter tab and \\t as a tab", () => {
    assert.equal(parseArguments(["--delimiter", "tab"]).settings.delimiter, "\t");
    assert.equal(parseArguments(["--delimiter=\\t"]).settings.delimiter, "\t");
    assert.equal(parseArguments(["--delimiter", ";"]).settings.delimiter, ";");
  });

  test("parseArguments parses --map, --date-format, --decimal, --cancellations and --non-product", () => {
    const {settings} = parseArguments([
      "--map",
      "customer=Client,date=Day,order=Ticket,amount=Total,country=Land",
      "--date-format",
      "DD.MM.YYYY",
      "--decimal",
      ",",
      "--cancellations=net",
      "--non-product",
      "exclude"
    ]);
    assert.deepEqual(settings, {
      map: {customer: "Client", date: "Day", order: "Ticket", amount: "Total", country: "Land"},
      dateFormat: "DD.MM.YYYY",
      decimal: ",",
      cancellations: "net",
      nonProduct: "exclude"
    });
  });

  test("parseArguments keeps = inside a value", () => {
    assert.deepEqual(parseArguments(["--map=customer=C,date=D,amount=A"]).settings.map, {
      customer: "C",
      date: "D",
      amount: "A"
    });
  });

  test("parseArguments rejects unknown arguments, listing the known flags", () => {
    assert.throws(
      () => parseArguments(["--colour", "red"]),
      (error: unknown) =>
        error instanceof SettingsError &&
        error.message.startsWith('unknown argument: "--colour"') &&
        error.message.includes("--input") &&
        error.message.includes("--standardize")
    );
    assert.throws(() => parseArguments(["data.csv"]), /unknown argument: "data.csv"/);
  });

  test("parseArguments rejects a flag without its value", () => {
    assert.throws(() => parseArguments(["--input"]), /missing value for --input/);
  });

  test("parseArguments rejects a bad k or window at once", () => {
    assert.throws(() => parseArguments(["--k", "zero"]), SettingsError);
    assert.throws(() => parseArguments(["--window", "-1"]), SettingsError);
  });
});

describe("settingsFromEnvironment", () => {
  test("settingsFromEnvironment reads the SEGMENT_* variables and ignores blank ones", () => {
    const {settings, config} = settingsFromEnvironment({
      SEGMENT_INPUT: "exports/2024.csv.gz",
      SEGMENT_K: "auto",
      SEGMENT_WINDOW: "730",
      SEGMENT_SEED: "5",
      SEGMENT_FORMAT: "",
      SEGMENT_CONFIG: "site.json",
      OTHER: "x"
    });
    assert.deepEqual(settings, {input: "exports/2024.csv.gz", k: "auto", window: 730, seed: 5});
    assert.equal(config, "site.json");
  });

  test("settingsFromEnvironment without variables is empty", () => {
    assert.deepEqual(settingsFromEnvironment({}), {settings: {}, config: null});
  });

  test("settingsFromEnvironment reads SEGMENT_MAP, SEGMENT_DATE_FORMAT and SEGMENT_REFERENCE_DATE", () => {
    const {settings} = settingsFromEnvironment({
      SEGMENT_MAP: "customer=C,date=D,amount=A",
      SEGMENT_DATE_FORMAT: "YYYY/MM/DD",
      SEGMENT_REFERENCE_DATE: "2024-01-01"
    });
    assert.deepEqual(settings, {
      map: {customer: "C", date: "D", amount: "A"},
      dateFormat: "YYYY/MM/DD",
      referenceDate: "2024-01-01"
    });
  });
});

describe("readConfigFile", () => {
  test("readConfigFile resolves input relative to the config file's folder and parses a map string", () => {
    const folder = join(dir, "nested");
    mkdirSync(folder, {recursive: true});
    const file = configFile(
      JSON.stringify({
        $schema: "./schema.json",
        input: "data/orders.csv.gz",
        k: "auto",
        map: "customer=C,date=D,amount=A",
        segments: {"recent-high-high": {name: "VIPs"}}
      }),
      folder
    );
    assert.deepEqual(readConfigFile(file), {
      input: join(folder, "data/orders.csv.gz"),
      k: "auto",
      map: {customer: "C", date: "D", amount: "A"},
      segments: {"recent-high-high": {name: "VIPs"}}
    });
  });

  test("readConfigFile keeps an absolute input as it is", () => {
    const file = configFile(JSON.stringify({input: "/data/x.csv"}));
    assert.equal(readConfigFile(file).input, "/data/x.csv");
  });

  test("readConfigFile rejects an unknown setting, naming it", () => {
    const file = configFile(JSON.stringify({colour: "red"}));
    const error = segmentError(() => readConfigFile(file));
    assert.match(error.message, /unknown setting "colour" in config file/);
    assert.equal(error.details.file, file);
    assert.match(error.details.expected ?? "", /input, format/);
  });

  test("readConfigFile reports invalid JSON with the line and column when the parser gives a position", () => {
    const file = configFile('{\n  "k": 3,\n}');
    const error = segmentError(() => readConfigFile(file));
    assert.match(error.message, /config file is not valid JSON/);
    assert.equal(error.details.file, file);
    assert.equal(error.details.line, 3);
    assert.equal(error.details.column, 1);
  });

  test("readConfigFile rejects JSON that is not an object", () => {
    for (const content of ["[1, 2]", "null", '"text"', "3"]) {
      const error = segmentError(() => readConfigFile(configFile(content)));
      assert.match(error.message, /config file is not a JSON object/, content);
      assert.equal(error.details.line, 1);
    }
  });

  test("readConfigFile of a missing file says there is no such file", () => {
    const error = segmentError(() => readConfigFile(join(dir, "missing.json")));
    assert.match(error.message, /cannot read config file: no such file/);
  });
});

describe("resolveSettings", () => {
  test("resolveSettings layers defaults < config < environment < command line", () => {
    const config = {k: 3, window: 100, seed: 1} as const;
    const env = {k: 4, window: 200} as const;
    const cli = {k: 5} as const;
    const settings = resolveSettings({config, env, cli});
    assert.equal(settings.k, 5);
    assert.equal(settings.window, 200);
    assert.equal(settings.seed, 1);
    assert.equal(settings.restarts, defaultSettings.restarts);
    assert.equal(resolveSettings({config, env}).k, 4);
    assert.equal(resolveSettings({config}).k, 3);
    assert.deepEqual(resolveSettings({}), defaultSettings);
  });

  test("resolveSettings validates the result", () => {
    assert.throws(() => resolveSettings({cli: {seed: Number("abc")}}), /invalid seed/);
    assert.throws(() => resolveSettings({config: {k: 0}}), /invalid k/);
  });

  test("resolveSettings does not change defaultSettings", () => {
    const before = JSON.stringify(defaultSettings);
    resolveSettings({cli: {k: 2, input: "x.csv"}});
    assert.equal(JSON.stringify(defaultSettings), before);
  });
});

describe("settingsForBuild", () => {
  test("settingsForBuild reads the config named by SEGMENT_CONFIG under the SEGMENT_* variables", () => {
    const file = configFile(JSON.stringify({input: "orders.csv", k: 3, window: 90}));
    const settings = settingsForBuild({SEGMENT_CONFIG: file, SEGMENT_K: "4"});
    assert.equal(settings.input, join(dir, "orders.csv"));
    assert.equal(settings.k, 4);
    assert.equal(settings.window, 90);
  });

  test("settingsForBuild without variables is the defaults", () => {
    assert.deepEqual(settingsForBuild({}), defaultSettings);
  });
});
