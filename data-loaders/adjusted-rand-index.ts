/**
 * The adjusted Rand index of two labellings of the same items (Hubert and Arabie, 1985): 1 for the same
 * partition whatever the label numbers, about 0 for agreement by chance. Items labelled null in either
 * labelling are left out, because they were not clustered.
 */
export function adjustedRandIndex(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  if (a.length !== b.length) throw new Error(`labellings differ in length: ${a.length} and ${b.length}`);
  const pairs = new Map<string, number>();
  const rows = new Map<number, number>();
  const columns = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null) continue;
    n++;
    const pair = `${x} ${y}`;
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    columns.set(y, (columns.get(y) ?? 0) + 1);
  }
  const choose2 = (m: number) => (m * (m - 1)) / 2;
  const sum = (counts: Iterable<number>) => [...counts].reduce((total, m) => total + choose2(m), 0);
  const index = sum(pairs.values());
  const rowSum = sum(rows.values());
  const columnSum = sum(columns.values());
  const expected = n < 2 ? 0 : (rowSum * columnSum) / choose2(n);
  const maximum = (rowSum + columnSum) / 2;
  // Both labellings put everything in one cluster (or every item alone): they agree perfectly.
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
