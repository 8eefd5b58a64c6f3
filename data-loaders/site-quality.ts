// The Data quality page's numbers: the exclusion ledger with the report's words for each reason, and the checks
// that every line and every unit of revenue read is accounted for.
import {exclusionReasons} from "./ledger.ts";
import {unclusteredReasons} from "./pipeline.ts";
import {compareText, round} from "./site-stats.ts";
import type {InputSummary, Summary} from "./types.ts";

export interface LedgerRow {
  reason: string;
  label: string;
  lines: number;
  revenue: number;
  /** Line numbers in the file (header = line 1). */
  examples: number[];
}

export interface QualityReport {
  input: Omit<InputSummary, "excluded">;
  ledger: LedgerRow[];
  reconciliation: {
    lines: {read: number; used: number; excluded: number; balanced: boolean};
    revenue: {used: number; excluded: number; read: number};
  };
  customers: {total: number; clustered: number; unclustered: {reason: string; label: string; customers: number}[]};
}

/** The ledger by lines (most first, then reason), with labels; unknown reasons keep their key as label. */
export function qualityReport(
  summary: Pick<Summary, "input" | "customers" | "clustered" | "unclustered">
): QualityReport {
  const {excluded, ...input} = summary.input;
  const labels: Record<string, string> = {...exclusionReasons};
  const ledger = Object.entries(excluded)
    .map(([reason, entry]) => ({
      reason,
      label: labels[reason] ?? reason.replaceAll("_", " "),
      lines: entry.lines,
      revenue: round(entry.revenue, 2),
      examples: [...entry.examples].sort((a, b) => a - b)
    }))
    .sort((a, b) => b.lines - a.lines || compareText(a.reason, b.reason));
  const excludedLines = ledger.reduce((sum, row) => sum + row.lines, 0);
  const reasons: Record<string, string> = {...unclusteredReasons};
  return {
    input,
    ledger,
    reconciliation: {
      lines: {
        read: input.lines,
        used: input.used,
        excluded: excludedLines,
        balanced: input.used + excludedLines === input.lines
      },
      revenue: {
        used: input.revenue.used,
        excluded: input.revenue.excluded,
        read: round(input.revenue.used + input.revenue.excluded, 2)
      }
    },
    customers: {
      total: summary.customers,
      clustered: summary.clustered,
      unclustered: Object.entries(summary.unclustered)
        .map(([reason, customers]) => ({reason, label: reasons[reason] ?? reason.replaceAll("_", " "), customers}))
        .sort((a, b) => b.customers - a.customers || compareText(a.reason, b.reason))
    }
  };
}
