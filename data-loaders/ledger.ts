import type {LedgerEntry} from "./types.ts";

/** The named reasons a line or a customer can be set aside for, with the words the report shows. */
export const exclusionReasons = {
  blank_line: "blank line",
  malformed_line: "wrong number of fields",
  missing_customer_id: "missing customer id",
  unparsable_date: "unparsable date",
  unparsable_amount: "unparsable amount",
  unparsable_quantity: "unparsable quantity",
  unparsable_price: "unparsable price",
  cancellation: "cancellation (C… invoice)",
  non_positive_quantity: "zero or negative quantity",
  non_positive_price: "zero or negative price",
  non_product_code: "non-product code (postage, fees, adjustments)",
  after_reference_date: "after the reference date",
  outside_window: "before the analysis window"
} as const;

export type ExclusionReason = keyof typeof exclusionReasons;

const maxExamples = 5;

/** Counts every line that does not contribute, by reason, so that read = used + excluded can be shown. */
export class ExclusionLedger {
  private readonly entries = new Map<ExclusionReason, LedgerEntry>();

  exclude(reason: ExclusionReason, line: number, revenue: number, lines = 1): void {
    let entry = this.entries.get(reason);
    if (!entry) this.entries.set(reason, (entry = {lines: 0, revenue: 0, examples: []}));
    entry.lines += lines;
    if (Number.isFinite(revenue)) entry.revenue += revenue;
    if (entry.examples.length < maxExamples) entry.examples.push(line);
  }

  /** Adds the example line numbers of a reason in bulk, keeping the smallest ones. */
  addExamples(reason: ExclusionReason, lines: number[]): void {
    const entry = this.entries.get(reason);
    if (!entry) return;
    entry.examples = [...new Set([...entry.examples, ...lines])].sort((a, b) => a - b).slice(0, maxExamples);
  }

  get totalLines(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.lines;
    return total;
  }

  get totalRevenue(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.revenue;
    return total;
  }

  /** Reasons in the fixed order of `exclusionReasons`, so that output is stable whatever the input order. */
  toJSON(): Record<string, LedgerEntry> {
    const result: Record<string, LedgerEntry> = {};
    for (const reason of Object.keys(exclusionReasons) as ExclusionReason[]) {
      const entry = this.entries.get(reason);
      if (entry)
        result[reason] = {
          lines: entry.lines,
          revenue: roundMoney(entry.revenue),
          examples: [...entry.examples].sort((a, b) => a - b)
        };
    }
    return result;
  }
}

/** Money is summed in floating point and shown in cents; rounding here keeps -0 and 1e-13 noise out of outputs. */
export function roundMoney(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}
