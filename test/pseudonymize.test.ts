import assert from "node:assert/strict";
import {createHmac} from "node:crypto";
import {describe, test} from "node:test";
import {runSegmentation} from "../data-loaders/pipeline.ts";
import {createPseudonymizer} from "../data-loaders/pseudonymize.ts";
import {defaultSettings, SettingsError} from "../data-loaders/settings.ts";
import {siteFiles} from "../data-loaders/site-files.ts";
import {outputBytes, outputFiles} from "../data-loaders/write-outputs.ts";

const key = "a secret of the analytics team";
// Weekly ids are country + id (GB702234): no price, count or line number can look like one.
const sample = new URL("../sample/weekly.csv.gz", import.meta.url).pathname;

describe("createPseudonymizer", () => {
  test("createPseudonymizer(key)(id) is the HMAC-SHA256 of the id, 16 hex digits after c-", () => {
    const expected = createHmac("sha256", key).update("17850").digest("hex").slice(0, 16);
    assert.equal(createPseudonymizer(key)("17850"), `c-${expected}`);
    assert.equal(createPseudonymizer(key)("17850"), createPseudonymizer(key)("17850"));
  });

  test("createPseudonymizer(key) gives other ids for another key or another id", () => {
    assert.notEqual(createPseudonymizer(key)("17850"), createPseudonymizer(`${key}!`)("17850"));
    assert.notEqual(createPseudonymizer(key)("17850"), createPseudonymizer(key)("17851"));
  });

  test("createPseudonymizer(undefined or a short key) throws a SettingsError naming the variable", () => {
    assert.throws(
      () => createPseudonymizer(undefined),
      (error: unknown) => {
        assert.ok(error instanceof SettingsError);
        assert.match(error.message, /invalid SEGMENT_PSEUDONYM_KEY: not set/);
        return true;
      }
    );
    assert.throws(() => createPseudonymizer("short"), /invalid SEGMENT_PSEUDONYM_KEY: 5 characters/);
  });
});

describe("runSegmentation with pseudonymize", () => {
  test("publishes no raw id in any output or site file, and keeps every customer's figures", async () => {
    const settings = {...defaultSettings, input: sample};
    const plain = await runSegmentation(settings);
    const hidden = await runSegmentation({...settings, pseudonymize: true}, {pseudonymKey: key});
    const pseudonym = createPseudonymizer(key);
    const byId = new Map(hidden.customers.records().map((customer) => [customer.id, customer]));
    assert.equal(byId.size, plain.customers.length);
    for (const customer of plain.customers.records()) {
      const other = byId.get(pseudonym(customer.id));
      assert.ok(other, `no pseudonym for ${customer.id}`);
      assert.deepEqual({...other, id: customer.id}, customer);
    }
    const ids = hidden.customers.records().map((customer) => customer.id);
    assert.deepEqual(ids, [...ids].sort());
    // Every text the run publishes, outputs and the site's data files and downloads alike.
    const files = Object.fromEntries(
      Object.entries(outputFiles(hidden)).map(([name, content]) => [name, outputBytes(content).toString("utf8")])
    );
    const published = [...Object.values(files), ...siteFiles(hidden).map((entry) => String(entry.content))].join("\n");
    const leaked = plain.customers.records().filter((customer) => new RegExp(`\\b${customer.id}\\b`).test(published));
    assert.deepEqual(
      leaked.map((customer) => customer.id),
      []
    );
    assert.ok(ids.every((id) => files["customers.csv"].includes(`\n${id},`)));
  });

  test("runSegmentation({pseudonymize: true}) without a key stops before reading", async () => {
    await assert.rejects(
      runSegmentation({...defaultSettings, input: "/no/such/file.csv", pseudonymize: true}),
      /invalid SEGMENT_PSEUDONYM_KEY: not set/
    );
  });
});
