import assert from "node:assert/strict";
import {test} from "node:test";
import {computeMigration, notClustered} from "../data-loaders/migration.ts";
import type {PreviousCustomer} from "../data-loaders/read-previous.ts";
import {SegmentedCustomers} from "../data-loaders/segmented-customers.ts";
import {siteFiles} from "../data-loaders/site-files.ts";
import {migrationReport, type MigrationReport} from "../data-loaders/site-migration.ts";
import type {CustomerRecord, Features, Profile, SegmentSummary} from "../data-loaders/types.ts";
import {formatMigrationCsv, migrationCsvHeader} from "../data-loaders/write-outputs.ts";
import {fixture} from "./site-fixture.ts";

// Three current segments with distinct profiles and centroids, so that profile matching is unambiguous.
const kinds: {name: string; profile: Profile; centroid: Features}[] = [
  {
    name: "Champions",
    profile: {recency: "recent", frequency: "high", revenue: "high"},
    centroid: {recency_days: 5, frequency: 20, revenue: 5000}
  },
  {
    name: "Loyal customers",
    profile: {recency: "middle", frequency: "high", revenue: "middle"},
    centroid: {recency_days: 40, frequency: 6, revenue: 800}
  },
  {
    name: "Lost",
    profile: {recency: "lapsed", frequency: "low", revenue: "low"},
    centroid: {recency_days: 300, frequency: 1, revenue: 40}
  }
];

const segments: SegmentSummary[] = fixture().summary.segments.map((segment, i) => ({
  ...segment,
  ...kinds[i],
  profileKey: `${kinds[i].profile.recency}-${kinds[i].profile.frequency}-${kinds[i].profile.revenue}`
}));

function current(id: string, cluster: number | null, revenue: number): CustomerRecord {
  return {
    id,
    country: "United Kingdom",
    recencyDays: 10,
    frequency: 2,
    revenue,
    units: 1,
    cluster,
    reason: cluster === null ? "negative_revenue" : null
  };
}

// The earlier run named its segments differently ("Top buyers"): matching goes by the features, not the names.
function previous(id: string, kind: number, revenue: number, name?: string): PreviousCustomer {
  const {centroid} = kinds[kind];
  return {
    id,
    country: "United Kingdom",
    recencyDays: centroid.recency_days,
    frequency: centroid.frequency,
    revenue,
    segment: name ?? ["Top buyers", "Regulars", "Sleepers"][kind]
  };
}

const now: CustomerRecord[] = [
  current("a1", 0, 5000),
  current("a2", 0, 4000),
  current("a3", 2, 30), // a Top buyer now Lost
  current("a4", 2, 20), // another
  current("b1", 1, 700),
  current("b2", 0, 6000), // a Regular now a Champion
  current("c1", 2, 50),
  current("n1", 1, 900), // new
  current("n2", null, -5) // new, not clustered
];
const before: PreviousCustomer[] = [
  previous("a1", 0, 4800),
  previous("a2", 0, 4100),
  previous("a3", 0, 5200),
  previous("a4", 0, 5100),
  previous("b1", 1, 750),
  previous("b2", 1, 820),
  previous("c1", 2, 45),
  previous("g1", 1, 600), // gone
  previous("g2", 2, 35) // gone
];

function report(): MigrationReport {
  const migration = computeMigration(before, SegmentedCustomers.fromRecords(now), segments);
  const result = migrationReport(migration, {
    segments,
    customers: now.length,
    migration: {file: "earlier/customers.csv", ...migration}
  });
  assert.ok(result.available);
  return result;
}

test("without an earlier run there is nothing to report, and the page is told so", () => {
  assert.deepEqual(migrationReport(null, {segments, customers: 3}), {available: false});
});

test("the counts add up: stayed + moved = retained, both sides of the flow hold every customer", () => {
  const r = report();
  assert.equal(r.file, "earlier/customers.csv");
  assert.equal(r.previousCustomers, 9);
  assert.equal(r.currentCustomers, 9);
  assert.deepEqual([r.retained, r.stayed, r.moved, r.new, r.gone], [7, 4, 3, 2, 2]);
  const total = (nodes: {customers: number}[]) => nodes.reduce((sum, node) => sum + node.customers, 0);
  assert.equal(total(r.from), r.previousCustomers + r.new);
  assert.equal(total(r.to), r.currentCustomers + r.gone);
  assert.equal(total(r.flows), r.previousCustomers + r.new);
  assert.deepEqual(r.revenue, {new: 895, gone: 635, moved: 6050});
});

test("earlier segments take the colour of the current segment their profile matched", () => {
  const r = report();
  assert.deepEqual(
    r.matches.map((m) => [m.previous, m.current, m.cluster]),
    [
      ["Regulars", "Loyal customers", 1],
      ["Sleepers", "Lost", 2],
      ["Top buyers", "Champions", 0]
    ]
  );
  // Segments first in the order of value, then not clustered, then arrivals and departures.
  assert.deepEqual(
    r.from.map((node) => [node.label, node.kind, node.cluster, node.customers]),
    [
      ["Top buyers", "segment", 0, 4],
      ["Regulars", "segment", 1, 3],
      ["Sleepers", "segment", 2, 2],
      ["New arrivals", "new", null, 2]
    ]
  );
  assert.deepEqual(
    r.to.map((node) => [node.label, node.kind, node.cluster, node.customers]),
    [
      ["Champions", "segment", 0, 3],
      ["Loyal customers", "segment", 1, 2],
      ["Lost", "segment", 2, 3],
      ["Not clustered", "unclustered", null, 1],
      ["Gone", "gone", null, 2]
    ]
  );
  assert.ok(r.to.some((node) => node.key === notClustered));
});

test("movements read in words and go down or up by the segments' profiles", () => {
  const r = report();
  assert.deepEqual(
    r.movements.map((m) => [m.fromLabel, m.toLabel, m.customers, m.revenue, m.direction]),
    [
      ["Top buyers", "Lost", 2, 50, "down"],
      ["Regulars", "Champions", 1, 6000, "up"]
    ]
  );
  assert.equal(r.largestLoss?.fromLabel, "Top buyers");
  assert.equal(r.largestLoss?.toLabel, "Lost");
});

test("a lapsed segment is lower in value than a recent one even when its revenue centroid is higher", () => {
  const lapsedRich = segments.map((segment, i) =>
    i === 1 ? {...segment, profile: {recency: "lapsed", frequency: "middle", revenue: "middle"} as Profile} : segment
  );
  const promising = {
    ...segments[2],
    profile: {recency: "recent", frequency: "low", revenue: "middle"} as Profile
  };
  const reordered = [lapsedRich[0], lapsedRich[1], promising];
  const migration = computeMigration(
    [previous("x", 2, 40, "Promising then")],
    SegmentedCustomers.fromRecords([current("x", 1, 300)]),
    reordered
  );
  const result = migrationReport(migration, {segments: reordered, customers: 1});
  assert.ok(result.available);
  assert.equal(result.movements[0].direction, "down");
});

test("the site archive carries migration.json and the CLI's migration.csv", () => {
  const base = fixture();
  const without = siteFiles(base);
  assert.deepEqual(JSON.parse(String(without.find((f) => f.name === "migration.json")!.content)), {
    available: false
  });
  assert.equal(without.find((f) => f.name === "migration.csv")!.content, `${migrationCsvHeader}\n`);

  const earlier: PreviousCustomer[] = base.records.slice(0, 50).map((customer) => ({
    id: customer.id,
    country: customer.country,
    recencyDays: customer.recencyDays,
    frequency: customer.frequency,
    revenue: customer.revenue,
    segment: customer.cluster === null ? "" : "Earlier"
  }));
  const migration = computeMigration(earlier, base.customers, base.summary.segments);
  const files = siteFiles({...base, migration});
  const csv = String(files.find((f) => f.name === "migration.csv")!.content);
  assert.equal(csv, formatMigrationCsv(migration.transitions));
  assert.equal(csv.split("\n")[0], "from_segment,to_segment,customers,revenue");
  const data = JSON.parse(String(files.find((f) => f.name === "migration.json")!.content));
  assert.equal(data.available, true);
  assert.equal(data.new, base.customers.length - 50);
});
