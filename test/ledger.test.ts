import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {ExclusionLedger, exclusionReasons, roundMoney, type ExclusionReason} from "../data-loaders/ledger.ts";

const reasons = Object.keys(exclusionReasons) as ExclusionReason[];

describe("ExclusionLedger", () => {
  test("ledger.exclude(reason, line, revenue) tallies lines and revenue per reason", () => {
    const ledger = new ExclusionLedger();
    ledger.exclude("cancellation", 5, -27.5);
    ledger.exclude("cancellation", 9, -2.5);
    ledger.exclude("missing_customer_id", 6, 3.95);
    assert.deepEqual(ledger.toJSON(), {
      missing_customer_id: {lines: 1, revenue: 3.95, examples: [6]},
      cancellation: {lines: 2, revenue: -30, examples: [5, 9]}
    });
    assert.equal(ledger.totalLines, 3);
    assert.equal(roundMoney(ledger.totalRevenue), -26.05);
  });

  test("ledger.exclude(reason, line, revenue, lines) counts several lines with one example", () => {
    const ledger = new ExclusionLedger();
    ledger.exclude("outside_window", 12, 40, 3);
    assert.deepEqual(ledger.toJSON().outside_window, {lines: 3, revenue: 40, examples: [12]});
    assert.equal(ledger.totalLines, 3);
  });

  test("ledger.exclude ignores a NaN revenue but still counts the line", () => {
    const ledger = new ExclusionLedger();
    ledger.exclude("unparsable_amount", 2, NaN);
    ledger.exclude("unparsable_amount", 3, 1.5);
    assert.deepEqual(ledger.toJSON().unparsable_amount, {lines: 2, revenue: 1.5, examples: [2, 3]});
    assert.equal(ledger.totalRevenue, 1.5);
  });

  test("ledger keeps the first five example lines of a reason, shown sorted", () => {
    const ledger = new ExclusionLedger();
    for (const line of [40, 30, 20, 10, 50, 5, 1]) ledger.exclude("blank_line", line, 0);
    const entry = ledger.toJSON().blank_line;
    assert.equal(entry.lines, 7);
    assert.deepEqual(entry.examples, [10, 20, 30, 40, 50]);
  });

  test("ledger.addExamples merges lines, dropping duplicates and keeping the five smallest", () => {
    const ledger = new ExclusionLedger();
    for (const line of [40, 30, 20]) ledger.exclude("outside_window", line, 0);
    ledger.addExamples("outside_window", [30, 7, 99, 3, 25]);
    assert.deepEqual(ledger.toJSON().outside_window.examples, [3, 7, 20, 25, 30]);
    assert.equal(ledger.toJSON().outside_window.lines, 3);
  });

  test("ledger.addExamples for a reason never excluded adds nothing", () => {
    const ledger = new ExclusionLedger();
    ledger.addExamples("cancellation", [1, 2]);
    assert.deepEqual(ledger.toJSON(), {});
    assert.equal(ledger.totalLines, 0);
  });

  test("ledger.toJSON lists reasons in the order of exclusionReasons, whatever the order they came in", () => {
    const ledger = new ExclusionLedger();
    const shuffled = [...reasons].reverse();
    shuffled.forEach((reason, i) => ledger.exclude(reason, i + 2, 0));
    assert.deepEqual(Object.keys(ledger.toJSON()), reasons);
  });

  test("ledger.toJSON rounds revenue to cents and returns copies", () => {
    const ledger = new ExclusionLedger();
    ledger.exclude("cancellation", 2, 0.1);
    ledger.exclude("cancellation", 3, 0.2);
    const json = ledger.toJSON();
    assert.equal(json.cancellation.revenue, 0.3);
    json.cancellation.examples.push(999);
    json.cancellation.lines = 0;
    assert.deepEqual(ledger.toJSON().cancellation, {lines: 2, revenue: 0.3, examples: [2, 3]});
  });

  test("every exclusion reason has words for the report", () => {
    for (const reason of reasons) assert.ok(exclusionReasons[reason].length > 3, reason);
  });

  test("ledger reconciliation: Σ lines and revenue per reason equal what was excluded", () => {
    const exclusion = fc.record({
      reason: fc.constantFrom(...reasons),
      line: fc.integer({min: 2, max: 10_000}),
      cents: fc.oneof(fc.integer({min: -100_000, max: 100_000}), fc.constant(Number.NaN)),
      lines: fc.integer({min: 1, max: 5})
    });
    fc.assert(
      fc.property(fc.array(exclusion, {maxLength: 60}), (exclusions) => {
        const ledger = new ExclusionLedger();
        const expected = new Map<ExclusionReason, {lines: number; cents: number; examples: number[]}>();
        for (const {reason, line, cents, lines} of exclusions) {
          ledger.exclude(reason, line, cents / 100, lines);
          const entry = expected.get(reason) ?? {lines: 0, cents: 0, examples: []};
          entry.lines += lines;
          if (Number.isFinite(cents)) entry.cents += cents;
          if (entry.examples.length < 5) entry.examples.push(line);
          expected.set(reason, entry);
        }
        const json = ledger.toJSON();
        assert.deepEqual(
          Object.keys(json),
          reasons.filter((reason) => expected.has(reason))
        );
        let lines = 0;
        let cents = 0;
        for (const [reason, entry] of expected) {
          assert.equal(json[reason].lines, entry.lines);
          assert.equal(json[reason].revenue, entry.cents / 100);
          assert.deepEqual(
            json[reason].examples,
            [...entry.examples].sort((a, b) => a - b)
          );
          lines += entry.lines;
          cents += entry.cents;
        }
        assert.equal(ledger.totalLines, lines);
        assert.equal(roundMoney(ledger.totalRevenue), cents / 100);
      })
    );
  });
});

describe("roundMoney", () => {
  test("roundMoney rounds to cents and keeps float noise and -0 out", () => {
    assert.equal(roundMoney(0.1 + 0.2), 0.3);
    assert.equal(roundMoney(12.345678), 12.35);
    assert.equal(roundMoney(-12.344), -12.34);
    assert.ok(Object.is(roundMoney(-0.001), 0));
    assert.ok(Object.is(roundMoney(-1e-13), 0));
    assert.ok(Object.is(roundMoney(-0), 0));
  });
});
