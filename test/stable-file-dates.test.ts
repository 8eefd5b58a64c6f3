import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {stampFileDates} from "../scripts/stable-file-dates.ts";

describe("stampFileDates", () => {
  test("stampFileDates(dir, time) sets every lastModified in the pages, in subfolders too, and nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stamp-"));
    after(() => rmSync(dir, {recursive: true, force: true}));
    mkdirSync(join(dir, "countries"));
    const page = (a: number, b: number) =>
      `registerFile("a", {"lastModified":${a},"size":1});\nregisterFile("b", {"lastModified":${b},"size":2});\n`;
    writeFileSync(join(dir, "index.html"), page(1795747516049, 1795747516033));
    writeFileSync(join(dir, "countries", "FR.html"), page(12, 34));
    writeFileSync(join(dir, "plain.html"), "<p>no files</p>");
    writeFileSync(join(dir, "data.json"), `{"lastModified":99}`);
    assert.equal(await stampFileDates(dir, 1577836800000), 2);
    assert.equal(readFileSync(join(dir, "index.html"), "utf8"), page(1577836800000, 1577836800000));
    assert.equal(readFileSync(join(dir, "countries", "FR.html"), "utf8"), page(1577836800000, 1577836800000));
    assert.equal(readFileSync(join(dir, "data.json"), "utf8"), `{"lastModified":99}`);
  });

  test("stampFileDates rejects a time that is not a whole number of milliseconds since 1970", async () => {
    await assert.rejects(stampFileDates(tmpdir(), NaN), /invalid time: NaN/);
  });
});
