import type {OrderBook} from "../data-loaders/order-book.ts";

const columns = ["customer", "day", "revenue", "units", "rows", "order", "purchaseRows", "purchase"] as const;

/** Everything an order book holds, as plain values that assert.deepEqual can compare. */
export function bookSnapshot(book: OrderBook) {
  return {
    customerIds: [...book.customerIds],
    countries: book.customerIds.map((_, c) => book.country(c)),
    size: book.size,
    columns: {
      ...(Object.fromEntries(columns.map((name) => [name, Array.from(book[name].subarray(0, book.size))])) as Record<
        (typeof columns)[number],
        number[]
      >),
      firstLine: Array.from({length: book.size}, (_, e) => book.firstLine(e))
    },
    maxDay: book.maxDay,
    minDay: book.minDay
  };
}
