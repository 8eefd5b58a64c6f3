import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import fc from "fast-check";
import {resolveCountry} from "../data-loaders/countries.ts";

interface Atlas {
  objects: {countries: {geometries: {id?: string; properties: {name: string}}[]}};
}

function atlasFeatures(file: string): {id: string; name: string}[] {
  const path = createRequire(import.meta.url).resolve(`world-atlas/${file}`);
  const atlas = JSON.parse(readFileSync(path, "utf8")) as Atlas;
  // Kosovo, N. Cyprus, Somaliland and a few disputed areas have no ISO code and hence no id: nothing can join them.
  return atlas.objects.countries.geometries.flatMap((g) =>
    g.id === undefined ? [] : [{id: g.id, name: g.properties.name}]
  );
}

const atlas110 = atlasFeatures("countries-110m.json");
const atlas50 = atlasFeatures("countries-50m.json");

// UCI Online Retail's Country column, all 38 distinct values, with the code each must get.
const UCI_ONLINE_RETAIL: [string, string][] = [
  ["United Kingdom", "GB"],
  ["France", "FR"],
  ["Australia", "AU"],
  ["Netherlands", "NL"],
  ["Germany", "DE"],
  ["Norway", "NO"],
  ["EIRE", "IE"],
  ["Switzerland", "CH"],
  ["Spain", "ES"],
  ["Poland", "PL"],
  ["Portugal", "PT"],
  ["Italy", "IT"],
  ["Belgium", "BE"],
  ["Lithuania", "LT"],
  ["Japan", "JP"],
  ["Iceland", "IS"],
  ["Channel Islands", "XC"],
  ["Denmark", "DK"],
  ["Cyprus", "CY"],
  ["Sweden", "SE"],
  ["Austria", "AT"],
  ["Israel", "IL"],
  ["Finland", "FI"],
  ["Bahrain", "BH"],
  ["Greece", "GR"],
  ["Hong Kong", "HK"],
  ["Singapore", "SG"],
  ["Lebanon", "LB"],
  ["United Arab Emirates", "AE"],
  ["Saudi Arabia", "SA"],
  ["Czech Republic", "CZ"],
  ["Canada", "CA"],
  ["Unspecified", "ZZ"],
  ["Brazil", "BR"],
  ["USA", "US"],
  ["European Community", "EU"],
  ["Malta", "MT"],
  ["RSA", "ZA"]
];

const NOT_COUNTRIES = new Set(["XC", "EU", "ZZ", "XW"]);

// The Asian countries of the seed data, by the alpha-2 codes it uses.
const SEED_ASIA = [
  "AF",
  "BD",
  "CN",
  "ID",
  "IN",
  "JP",
  "KR",
  "LK",
  "MM",
  "MY",
  "NP",
  "PH",
  "PK",
  "SA",
  "TH",
  "TW",
  "VN"
];

test("resolveCountry(v) knows all 38 UCI Online Retail values", () => {
  assert.equal(new Set(UCI_ONLINE_RETAIL.map(([raw]) => raw)).size, 38);
  for (const [raw, code] of UCI_ONLINE_RETAIL) {
    const country = resolveCountry(raw);
    assert.equal(country.code, code, raw);
    assert.equal(country.numeric === null, NOT_COUNTRIES.has(code), `${raw} numeric ${country.numeric}`);
    if (country.numeric !== null) assert.match(country.numeric, /^\d{3}$/, raw);
  }
});

test('resolveCountry("EIRE") is Ireland', () => {
  assert.deepEqual(resolveCountry("EIRE"), {code: "IE", name: "Ireland", numeric: "372"});
});

test('resolveCountry("RSA") is South Africa', () => {
  assert.deepEqual(resolveCountry("RSA"), {code: "ZA", name: "South Africa", numeric: "710"});
});

test('resolveCountry("USA") is United States', () => {
  assert.deepEqual(resolveCountry("USA"), {code: "US", name: "United States", numeric: "840"});
});

test("resolveCountry(v) knows the values Online Retail II adds", () => {
  const expected: [string, string, string][] = [
    ["Korea", "KR", "South Korea"],
    ["Thailand", "TH", "Thailand"],
    ["Nigeria", "NG", "Nigeria"],
    ["West Indies", "XW", "West Indies"],
    ["Bermuda", "BM", "Bermuda"]
  ];
  for (const [raw, code, name] of expected) {
    assert.deepEqual([resolveCountry(raw).code, resolveCountry(raw).name], [code, name], raw);
  }
});

test("resolveCountry(alias) is the country under its common short name", () => {
  const expected: [string, string, string][] = [
    ["UK", "GB", "United Kingdom"],
    ["Great Britain", "GB", "United Kingdom"],
    ["U.S.A.", "US", "United States"],
    ["United States of America", "US", "United States"],
    ["Russia", "RU", "Russia"],
    ["Russian Federation", "RU", "Russia"],
    ["South Korea", "KR", "South Korea"],
    ["Republic of Korea", "KR", "South Korea"],
    ["Korea, Republic of", "KR", "South Korea"],
    ["North Korea", "KP", "North Korea"],
    ["Vietnam", "VN", "Vietnam"],
    ["Viet Nam", "VN", "Vietnam"],
    ["Iran", "IR", "Iran"],
    ["Czechia", "CZ", "Czechia"],
    ["Czech Republic", "CZ", "Czechia"],
    ["Taiwan", "TW", "Taiwan"],
    ["Macau", "MO", "Macao"],
    ["Laos", "LA", "Laos"],
    ["Syria", "SY", "Syria"],
    ["Holland", "NL", "Netherlands"],
    ["Turkey", "TR", "Türkiye"],
    ["Türkiye", "TR", "Türkiye"],
    ["Turkiye", "TR", "Türkiye"],
    ["Ivory Coast", "CI", "Côte d'Ivoire"],
    ["Cote d’Ivoire", "CI", "Côte d'Ivoire"],
    ["Swaziland", "SZ", "Eswatini"],
    ["Burma", "MM", "Myanmar"],
    ["Ireland", "IE", "Ireland"]
  ];
  for (const [raw, code, name] of expected) {
    assert.deepEqual([resolveCountry(raw).code, resolveCountry(raw).name], [code, name], raw);
  }
});

test("resolveCountry(alpha2 | alpha3) ignores case", () => {
  for (const code of SEED_ASIA) {
    for (const variant of [code, code.toLowerCase(), code[0] + code[1].toLowerCase()]) {
      assert.equal(resolveCountry(variant).code, code, variant);
    }
  }
  const alpha3: [string, string][] = [
    ["GBR", "GB"],
    ["gbr", "GB"],
    ["Usa", "US"],
    ["kOR", "KR"],
    ["irl", "IE"],
    ["ZAF", "ZA"]
  ];
  for (const [raw, code] of alpha3) assert.equal(resolveCountry(raw).code, code, raw);
});

test("resolveCountry(raw) trims, collapses whitespace and ignores dots", () => {
  const expected: [string, string][] = [
    ["  united   kingdom ", "GB"],
    ["\tFrance\n", "FR"],
    ["SAUDI\u00a0ARABIA", "SA"],
    ["u.k.", "GB"],
    ["U.S.", "US"],
    [" hong  kong", "HK"]
  ];
  for (const [raw, code] of expected) assert.equal(resolveCountry(raw).code, code, JSON.stringify(raw));
});

test("resolveCountry(unknown) is the trimmed value itself, with no numeric", () => {
  assert.deepEqual(resolveCountry("  Atlantis "), {code: "Atlantis", name: "Atlantis", numeric: null});
  // Trimmed only: the value must stay recognisable to whoever fixes the export.
  assert.deepEqual(resolveCountry("Narnia  Major"), {code: "Narnia  Major", name: "Narnia  Major", numeric: null});
  // A user-assigned code that this module does not use is as unknown as a made-up name.
  assert.deepEqual(resolveCountry("XX"), {code: "XX", name: "XX", numeric: null});
});

test('resolveCountry("") and blank values are Unspecified (ZZ)', () => {
  for (const raw of ["", " ", "\t\n", "\u00a0"]) {
    assert.deepEqual(resolveCountry(raw), {code: "ZZ", name: "Unspecified", numeric: null}, JSON.stringify(raw));
  }
});

test("resolveCountry(placeholder) is Unspecified (ZZ)", () => {
  for (const raw of ["Unspecified", "unknown", "N/A", "n/a", "-", "ZZ"]) {
    assert.deepEqual(resolveCountry(raw), {code: "ZZ", name: "Unspecified", numeric: null}, raw);
  }
});

test("resolveCountry(region) gets a user-assigned code and no numeric", () => {
  const expected: [string, string, string][] = [
    ["Channel Islands", "XC", "Channel Islands"],
    ["European Community", "EU", "European Community"],
    ["European Union", "EU", "European Community"],
    ["EU", "EU", "European Community"],
    ["West Indies", "XW", "West Indies"]
  ];
  for (const [raw, code, name] of expected) assert.deepEqual(resolveCountry(raw), {code, name, numeric: null}, raw);
});

test("resolveCountry(non-string) throws naming the value", () => {
  assert.throws(() => resolveCountry(undefined as unknown as string), /not a string: undefined/);
  assert.throws(() => resolveCountry(42 as unknown as string), /not a string: 42/);
});

test("resolveCountry(v) returns a fresh object each call", () => {
  const first = resolveCountry("FR");
  first.name = "Gaul";
  assert.equal(resolveCountry("FR").name, "France");
});

test("resolveCountry(resolveCountry(v).code) and (.name) give the same country", () => {
  const known = [...UCI_ONLINE_RETAIL.map(([raw]) => raw), ...atlas50.map((f) => f.name), ...SEED_ASIA, "", "  "];
  fc.assert(
    fc.property(fc.oneof(fc.constantFrom(...known), fc.string({unit: "binary"})), (raw) => {
      const country = resolveCountry(raw);
      assert.deepEqual(resolveCountry(country.code), country);
      assert.deepEqual(resolveCountry(country.name), country);
    }),
    {numRuns: 2000}
  );
});

test("resolveCountry(feature.name).numeric is feature.id for every world-atlas 110m country", () => {
  assert.ok(atlas110.length > 170, `only ${atlas110.length} features with an id`);
  const mismatches = atlas110.filter((f) => resolveCountry(f.name).numeric !== f.id);
  assert.deepEqual(mismatches, []);
});

test("resolveCountry(feature.name).numeric is feature.id for every world-atlas 50m country", () => {
  // 50m draws this Australian territory as a feature of its own under Australia's id.
  const mismatches = atlas50.filter(
    (f) => f.name !== "Ashmore and Cartier Is." && resolveCountry(f.name).numeric !== f.id
  );
  assert.deepEqual(mismatches, []);
});

test("resolveCountry(code).numeric is a world-atlas 110m id for the main markets and the Asian seed countries", () => {
  const ids = new Set(atlas110.map((f) => f.id));
  for (const code of ["GB", "FR", "IE", "ZA", "US", "AU", "KR", "CN", "IN", "BR", ...SEED_ASIA]) {
    const {numeric} = resolveCountry(code);
    assert.ok(numeric !== null && ids.has(numeric), `${code} → ${numeric}`);
  }
});

test("resolveCountry(v).numeric is a world-atlas 50m id for every UCI country", () => {
  // 110m lacks the small ones (Singapore, Malta, Bahrain, Hong Kong); a map that shows every market needs 50m.
  const ids = new Set(atlas50.map((f) => f.id));
  for (const [raw] of UCI_ONLINE_RETAIL) {
    const {numeric} = resolveCountry(raw);
    if (numeric !== null) assert.ok(ids.has(numeric), `${raw} → ${numeric}`);
  }
});
