// The DuckDB reference: parse, window and group the seed's weekly format in one SQL statement.
import {DuckDBInstance} from "@duckdb/node-api";

const input = process.argv[2];
const started = performance.now();
const instance = await DuckDBInstance.create(":memory:", {threads: "2"});
const connection = await instance.connect();
const file = input.replaceAll("'", "''");
const reader = await connection.runAndReadAll(`
  with lines as (
    select country || id as customer,
           strptime(
             rpad(split_part("week.year", '.', 2), 4, '0') || '-' || split_part("week.year", '.', 1) || '-1',
             '%Y-%W-%w') as day,
           cast(replace(revenue, ',', '.') as double) as revenue
    from read_csv('${file}', header = true, quote = '"', all_varchar = true)
  ),
  bounds as (select max(day) as latest from lines)
  select count(*) as customers, sum(frequency) as orders, sum(revenue) as revenue from (
    select customer, count(*) as frequency, max(day) as last, sum(revenue) as revenue
    from lines, bounds
    where day > latest - interval 365 day
    group by customer
  )`);
const [row] = reader.getRowObjects();
process.stdout.write(
  JSON.stringify({
    customers: Number(row.customers),
    orders: Number(row.orders),
    revenue: Number(row.revenue),
    wallMs: performance.now() - started
  }) + "\n"
);
