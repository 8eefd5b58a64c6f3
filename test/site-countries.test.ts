import assert from "node:assert/strict";
import {test} from "node:test";
import {compareCountries, countryDetails, countryRules} from "../data-loaders/site-countries.ts";
import {SegmentedCustomers} from "../data-loaders/segmented-customers.ts";
import {fixture} from "./site-fixture.ts";

test("a country like the others is typical; a different one is distinctive; a tiny one too small", () => {
  const {summary} = fixture({
    "United Kingdom": [300, 500, 200, 0],
    France: [150, 250, 100, 0],
    Spain: [60, 100, 40, 0],
    Germany: [10, 20, 70, 0],
    EIRE: [2, 1, 0, 0]
  });
  const comparison = compareCountries(summary.segments, summary.countries);
  const byCode = new Map(comparison.countries.map((c) => [c.code, c]));
  const gb = byCode.get("GB")!;
  const fr = byCode.get("FR")!;
  const de = byCode.get("DE")!;
  const ie = byCode.get("IE")!;
  assert.equal(fr.verdict, "typical");
  assert.equal(fr.reference, "others");
  assert.ok(fr.tvd < 0.1);
  assert.equal(de.verdict, "distinctive");
  assert.ok(de.tvd > 0.5 && de.pValue! < 1e-10);
  assert.deepEqual(de.over, [2]);
  assert.deepEqual(de.under, [1, 0]);
  assert.equal(de.largest, 2);
  assert.equal(ie.verdict, "too-small");
  assert.deepEqual([ie.over, ie.under], [[], []]);
  assert.equal(gb.verdict, "typical");
  assert.deepEqual(comparison.answer.distinctive, ["DE"]);
  assert.deepEqual(comparison.answer.tooSmall, ["IE"]);
  assert.equal(comparison.answer.compared, 4);
  // The base is the whole clustered population; Germany is compared with everyone else.
  assert.deepEqual(
    comparison.base.map((s) => s.customers),
    [522, 871, 410]
  );
  assert.deepEqual(
    de.mix.map((m) => m.reference),
    [512, 851, 340].map((count) => Math.round((count / 1703) * 1e6) / 1e6)
  );
  assert.equal(comparison.rules, countryRules);
});

test("shares, differences and lifts are consistent and rounded", () => {
  const {summary} = fixture();
  const comparison = compareCountries(summary.segments, summary.countries);
  for (const country of comparison.countries) {
    const total = country.mix.reduce((sum, m) => sum + m.share, 0);
    if (country.clustered) assert.ok(Math.abs(total - 1) < 1e-5, `${country.code} shares sum to ${total}`);
    for (const m of country.mix) {
      assert.ok(Math.abs(m.difference - (m.share - m.reference)) < 2e-6);
      assert.equal(m.share, Math.round(m.share * 1e6) / 1e6);
      if (m.lift !== null) assert.ok(Math.abs(m.lift - m.share / m.reference) < 1e-3);
    }
    const tvd = country.mix.reduce((sum, m) => sum + Math.abs(m.share - m.reference), 0) / 2;
    assert.ok(Math.abs(tvd - country.tvd) < 1e-4);
  }
});

test("a country that is nearly the whole base is compared with the whole base", () => {
  const {summary} = fixture({"United Kingdom": [300, 500, 200, 0], France: [5, 10, 5, 0]});
  const gb = compareCountries(summary.segments, summary.countries).countries.find((c) => c.code === "GB")!;
  assert.equal(gb.reference, "all");
  assert.equal(gb.verdict, "typical");
});

test("a country with no clustered customer has no mix to judge", () => {
  const {summary} = fixture({"United Kingdom": [50, 50, 50, 0], Spain: [0, 0, 0, 3]});
  const spain = compareCountries(summary.segments, summary.countries).countries.find((c) => c.code === "ES")!;
  assert.equal(spain.clustered, 0);
  assert.equal(spain.verdict, "too-small");
  assert.equal(spain.pValue, null);
  assert.equal(spain.largest, null);
  assert.equal(spain.topRevenue, null);
});

test("each country's file lists its top customers per segment, by revenue, and its unclustered customers", () => {
  const {summary, customers: table, records: customers} = fixture();
  const comparison = compareCountries(summary.segments, summary.countries);
  const details = countryDetails(comparison, table, {top: 5});
  assert.deepEqual(
    details.map((d) => d.slug),
    comparison.countries.map((c) => c.slug)
  );
  const gb = details.find((d) => d.slug === "GB")!.detail;
  assert.deepEqual(gb.unclustered, {negative_revenue: 2});
  for (const {cluster, customers: top} of gb.top) {
    const members = customers.filter((c) => c.country === "United Kingdom" && c.cluster === cluster);
    const expected = [...members].sort((a, b) => b.revenue - a.revenue || (a.id < b.id ? -1 : 1)).slice(0, 5);
    assert.deepEqual(
      top.map((c) => c.id),
      expected.map((c) => c.id)
    );
  }
  // EIRE is Ireland: raw values map to the country's code.
  const ie = details.find((d) => d.slug === "IE")!.detail;
  assert.deepEqual(ie.raw, ["EIRE"]);
  assert.equal(ie.top[0].customers.length, 2);
});

test("a customer whose country no summary lists is an error naming it", () => {
  const {summary, records: customers} = fixture();
  const comparison = compareCountries(summary.segments, summary.countries);
  const stray = [...customers, {...customers[0], id: "X1", country: "Atlantis"}];
  assert.throws(
    () => countryDetails(comparison, SegmentedCustomers.fromRecords(stray)),
    /customer "X1" has country "Atlantis"/
  );
});
