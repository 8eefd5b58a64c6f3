// The Changes page's data: how customers moved between segments since an earlier run, shaped for a flow chart, a
// matrix and a few sentences. Earlier segments are drawn in the colour of the current segment their profile
// matched, so that "the same kind of customer" looks the same on both sides of the chart.
import {notClustered, type Migration} from "./migration.ts";
import {round} from "./site-stats.ts";
import type {SegmentSummary, Summary} from "./types.ts";

/** Which side of the flow a node is on and what it stands for. */
export type NodeKind = "segment" | "unclustered" | "new" | "gone";

export interface FlowNode {
  /** Unique on its side: the segment name, or "" for new (earlier side) and gone (current side) customers. */
  key: string;
  label: string;
  kind: NodeKind;
  /** The current cluster whose colour the node takes: its own, or the one its profile matched; null for none. */
  cluster: number | null;
  customers: number;
  revenue: number;
}

export interface Flow {
  /** Keys of the nodes: `from` on the earlier side, `to` on the current side. */
  from: string;
  to: string;
  customers: number;
  revenue: number;
  /** The customers stayed in the same kind of segment (matched by profile). */
  stayed: boolean;
}

/** A movement between two different kinds of segment, in the direction of the segments' value. */
export interface Movement extends Flow {
  fromLabel: string;
  toLabel: string;
  fromCluster: number | null;
  toCluster: number | null;
  /**
   * "down" when the customers went to a segment of lower value: a profile with lower levels (recent, high frequency
   * and high revenue count most), or at equal levels a lower revenue centroid.
   */
  direction: "up" | "down" | "other";
}

export interface MigrationReport {
  available: true;
  /** The earlier run's customers.csv, as the setting named it. */
  file: string;
  previousCustomers: number;
  currentCustomers: number;
  retained: number;
  /** Retained customers whose segment is the same kind as before. */
  stayed: number;
  moved: number;
  new: number;
  gone: number;
  revenue: {new: number; gone: number; moved: number};
  matches: {previous: string; current: string; cluster: number | null; distance: number; customers: number}[];
  from: FlowNode[];
  to: FlowNode[];
  flows: Flow[];
  /** The largest movements by customers, at most `movementLimit`. */
  movements: Movement[];
  /** The movement to a lower-value segment that carries the most revenue, if any. */
  largestLoss: Movement | null;
}

export type MigrationData = MigrationReport | {available: false};

export const movementLimit = 8;

export function migrationReport(
  migration: Migration | null,
  summary: Pick<Summary, "segments" | "customers" | "migration">
): MigrationData {
  if (!migration) return {available: false};
  const {segments} = summary;
  const clusterOfName = new Map(segments.map((segment) => [segment.name, segment.cluster]));
  const matchOf = new Map(migration.matches.map((match) => [match.previous, match.current]));
  const rank = (cluster: number | null) => (cluster === null ? Infinity : order(segments, cluster));
  const worth = new Map(segments.map((segment) => [segment.cluster, value(segment)]));
  const fromCluster = (key: string) => (key === "" ? null : (clusterOfName.get(matchOf.get(key) ?? "") ?? null));
  const toCluster = (key: string) => (key === "" ? null : (clusterOfName.get(key) ?? null));

  const from = nodes(migration, "from", fromCluster, rank);
  const to = nodes(migration, "to", toCluster, rank);
  const flows = migration.transitions.map(({from, to, customers, revenue, stayed}) => ({
    from,
    to,
    customers,
    revenue,
    stayed
  }));
  const retainedFlows = flows.filter((flow) => flow.from !== "" && flow.to !== "");
  const stayed = sum(retainedFlows.filter((flow) => flow.stayed).map((flow) => flow.customers));
  const movedFlows = retainedFlows.filter((flow) => !flow.stayed);
  // By profile first (a lapsed segment is worth less than a recent one whatever its revenue), then by the canonical
  // order, which puts the higher log-revenue centroid first.
  const compareValue = (a: number, b: number) => worth.get(b)! - worth.get(a)! || rank(a) - rank(b);
  const describe = (flow: Flow): Movement => {
    const a = fromCluster(flow.from);
    const b = toCluster(flow.to);
    return {
      ...flow,
      fromLabel: label(flow.from, "from"),
      toLabel: label(flow.to, "to"),
      fromCluster: a,
      toCluster: b,
      direction: a === null || b === null || a === b ? "other" : compareValue(a, b) < 0 ? "down" : "up"
    };
  };
  const movements = migration.movements.map(describe);
  const losses = movements
    .filter((movement) => movement.direction === "down")
    .sort((a, b) => b.revenue - a.revenue || b.customers - a.customers);
  return {
    available: true,
    file: summary.migration?.file ?? "",
    previousCustomers: migration.previousCustomers,
    currentCustomers: summary.customers,
    retained: migration.retained,
    stayed,
    moved: migration.retained - stayed,
    new: migration.new,
    gone: migration.gone,
    revenue: {
      new: round(sum(flows.filter((flow) => flow.from === "").map((flow) => flow.revenue)), 2),
      gone: round(sum(flows.filter((flow) => flow.to === "").map((flow) => flow.revenue)), 2),
      moved: round(sum(movedFlows.map((flow) => flow.revenue)), 2)
    },
    matches: migration.matches.map((match) => ({...match, cluster: clusterOfName.get(match.current) ?? null})),
    from,
    to,
    flows,
    movements: movements.slice(0, movementLimit),
    largestLoss: losses[0] ?? null
  };
}

/**
 * The nodes of one side, in the order the chart stacks them: segments in the canonical order of the current
 * segment they stand for, then customers not clustered, then the new (earlier side) or gone (current side).
 */
function nodes(
  migration: Migration,
  side: "from" | "to",
  clusterOf: (key: string) => number | null,
  rank: (cluster: number | null) => number
): FlowNode[] {
  const byKey = new Map<string, FlowNode>();
  for (const transition of migration.transitions) {
    const key = transition[side];
    let node = byKey.get(key);
    if (!node)
      byKey.set(
        key,
        (node = {
          key,
          label: label(key, side),
          kind: kind(key, side),
          cluster: clusterOf(key),
          customers: 0,
          revenue: 0
        })
      );
    node.customers += transition.customers;
    node.revenue += transition.revenue;
  }
  const place = (node: FlowNode) => (node.kind === "segment" ? 0 : node.kind === "unclustered" ? 1 : 2);
  return [...byKey.values()]
    .map((node) => ({...node, revenue: round(node.revenue, 2)}))
    .sort(
      (a, b) => place(a) - place(b) || rank(a.cluster) - rank(b.cluster) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
    );
}

function kind(key: string, side: "from" | "to"): NodeKind {
  if (key === "") return side === "from" ? "new" : "gone";
  return key === notClustered ? "unclustered" : "segment";
}

function label(key: string, side: "from" | "to"): string {
  // Not "New customers": that is the name of a segment.
  if (key === "") return side === "from" ? "New arrivals" : "Gone";
  return key === notClustered ? "Not clustered" : key;
}

/** The profile's levels as a number: 0 to 2 for each of recency (recent is 2), frequency and revenue. */
function value(segment: SegmentSummary): number {
  const {recency, frequency, revenue} = segment.profile;
  const level = (text: string) => (text === "high" || text === "recent" ? 2 : text === "middle" ? 1 : 0);
  return level(recency) + level(frequency) + level(revenue);
}

function order(segments: SegmentSummary[], cluster: number): number {
  const index = segments.findIndex((segment) => segment.cluster === cluster);
  return index < 0 ? Infinity : index;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
