import assert from "node:assert/strict";
import {test} from "node:test";
import {qualityReport} from "../data-loaders/site-quality.ts";
import {fixture} from "./site-fixture.ts";

test("the ledger is ordered by lines, labelled in the report's words, and reconciles", () => {
  const {summary} = fixture();
  const report = qualityReport(summary);
  assert.deepEqual(
    report.ledger.map((row) => [row.reason, row.label, row.lines, row.examples]),
    [
      ["cancellation", "cancellation (C… invoice)", 2, [3, 7]],
      ["mystery_reason", "mystery reason", 1, [9]]
    ]
  );
  assert.deepEqual(report.reconciliation.lines, {read: 12, used: 9, excluded: 3, balanced: true});
  assert.deepEqual(report.reconciliation.revenue, {used: 100, excluded: -30, read: 70});
  assert.deepEqual(report.customers.unclustered, [
    {reason: "negative_revenue", label: "total revenue below zero (returns exceed purchases)", customers: 3}
  ]);
  assert.ok(!("excluded" in report.input));
});

test("a ledger that does not add up is reported, not hidden", () => {
  const {summary} = fixture();
  const broken = {...summary, input: {...summary.input, used: 8}};
  assert.equal(qualityReport(broken).reconciliation.lines.balanced, false);
});
