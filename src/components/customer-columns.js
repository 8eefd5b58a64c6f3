/** Rows from a columnar customer file (data/scatter.json, data/customer-table.json): countries stored once, by index. */
export function customerColumnsToRows({columns, countries}) {
  return columns.id.map((id, i) => ({
    id,
    country: countries[columns.country[i]].name,
    recencyDays: columns.recencyDays[i],
    frequency: columns.frequency[i],
    revenue: columns.revenue[i],
    cluster: columns.cluster[i]
  }));
}
