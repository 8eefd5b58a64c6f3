import * as Inputs from "@observablehq/inputs";
import {formatInteger, formatMoney} from "./format.js";
import {customerColumnsToRows} from "./customer-columns.js";
import {SegmentLabel, segmentNames} from "./segments.js";

/** Rows of the table file (data/customer-table.json), with each customer's segment name. */
export function customerRows(table, segments) {
  const name = segmentNames(segments);
  return customerColumnsToRows(table).map((row) => ({...row, segment: name(row.cluster)}));
}

/** A sortable table of customers, by revenue first. Inputs.table renders strings as text, never as HTML. */
export function CustomerTable(rows, {segments} = {}) {
  return Inputs.table(rows, {
    rows: 20,
    columns: ["id", "country", "recencyDays", "frequency", "revenue", "segment"],
    header: {
      id: "Customer",
      country: "Country",
      recencyDays: "Recency (days)",
      frequency: "Orders",
      revenue: "Revenue",
      segment: "Segment"
    },
    format: {
      recencyDays: formatInteger,
      frequency: formatInteger,
      revenue: formatMoney,
      segment: (value, i, data) => SegmentLabel(segments, data[i].cluster)
    },
    align: {recencyDays: "right", frequency: "right", revenue: "right"},
    width: {id: 110, country: 130, recencyDays: 100, frequency: 70, revenue: 110},
    sort: "revenue",
    reverse: true
  });
}
