import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {countrySlug, summarizeCountries} from "../data-loaders/country-summary.ts";

const input = {
  k: 2,
  country: ["United Kingdom", "France", "UK", "", "Narnia", "Unspecified", "france"],
  revenue: [100.1, 50, 200.2, 7, 1, 3, -20],
  frequency: [2, 1, 3, 1, 1, 1, 0],
  cluster: [0, 1, 1, -1, 0, 1, -1]
};

describe("summarizeCountries", () => {
  test("summarizeCountries merges the spellings of one country and lists them sorted", () => {
    const countries = summarizeCountries(input);
    const gb = countries.find((c) => c.code === "GB")!;
    assert.deepEqual(gb.raw, ["UK", "United Kingdom"]);
    assert.equal(gb.name, "United Kingdom");
    assert.equal(gb.numeric, "826");
    const zz = countries.find((c) => c.code === "ZZ")!;
    assert.deepEqual(zz.raw, ["", "Unspecified"]);
    assert.equal(zz.numeric, null);
    const fr = countries.find((c) => c.code === "FR")!;
    assert.deepEqual(fr.raw, ["France", "france"]);
  });

  test("summarizeCountries counts customers, clustered customers, revenue and orders per country and segment", () => {
    const countries = summarizeCountries(input);
    const byCode = Object.fromEntries(countries.map((c) => [c.code, c]));
    assert.deepEqual([byCode.GB.customers, byCode.GB.clustered, byCode.GB.revenue, byCode.GB.orders], [2, 2, 300.3, 5]);
    assert.deepEqual(byCode.GB.segments, [
      {cluster: 0, customers: 1, revenue: 100.1},
      {cluster: 1, customers: 1, revenue: 200.2}
    ]);
    assert.deepEqual([byCode.FR.customers, byCode.FR.clustered, byCode.FR.revenue, byCode.FR.orders], [2, 1, 30, 1]);
    assert.deepEqual(byCode.FR.segments, [
      {cluster: 0, customers: 0, revenue: 0},
      {cluster: 1, customers: 1, revenue: 50}
    ]);
    assert.deepEqual([byCode.ZZ.customers, byCode.ZZ.clustered, byCode.ZZ.revenue], [2, 1, 10]);
  });

  test("summarizeCountries keeps unknown values visible as themselves", () => {
    const narnia = summarizeCountries(input).find((c) => c.raw.includes("Narnia"))!;
    assert.deepEqual([narnia.code, narnia.name, narnia.numeric, narnia.slug], ["Narnia", "Narnia", null, "Narnia"]);
  });

  test("summarizeCountries sorts countries by revenue, highest first, then by code", () => {
    const countries = summarizeCountries(input);
    assert.deepEqual(
      countries.map((c) => c.code),
      ["GB", "FR", "ZZ", "Narnia"]
    );
    const tied = summarizeCountries({
      k: 1,
      country: ["Spain", "Italy"],
      revenue: [5, 5],
      frequency: [1, 1],
      cluster: [0, 0]
    });
    assert.deepEqual(
      tied.map((c) => c.code),
      ["ES", "IT"]
    );
  });

  test("summarizeCountries totals match the customers' totals", () => {
    const countries = summarizeCountries(input);
    assert.equal(
      countries.reduce((total, c) => total + c.customers, 0),
      input.country.length
    );
    assert.equal(
      countries.reduce((total, c) => total + c.clustered, 0),
      input.cluster.filter((c) => c >= 0).length
    );
    const revenue = countries.reduce((total, c) => total + c.revenue, 0);
    assert.ok(Math.abs(revenue - input.revenue.reduce((a, b) => a + b)) < 1e-9);
  });

  test("summarizeCountries rounds revenue to cents", () => {
    const [only] = summarizeCountries({
      k: 1,
      country: ["DE", "DE"],
      revenue: [0.1, 0.2],
      frequency: [1, 1],
      cluster: [0, 0]
    });
    assert.equal(only.revenue, 0.3);
    assert.equal(only.segments[0].revenue, 0.3);
  });
});

describe("countrySlug", () => {
  test("countrySlug keeps codes of letters, digits and dashes", () => {
    assert.equal(countrySlug("GB"), "GB");
    assert.equal(countrySlug("Narnia-2"), "Narnia-2");
  });

  test("countrySlug hashes anything else to x- and 10 hex digits of its SHA-256", () => {
    for (const code of ["Côte", "<b>Foo</b>", "-GB", "a b", "", "x".repeat(33)]) {
      const expected = `x-${createHash("sha256").update(code).digest("hex").slice(0, 10)}`;
      assert.equal(countrySlug(code), expected, JSON.stringify(code));
    }
    assert.equal(countrySlug("x".repeat(32)), "x".repeat(32));
  });
});
