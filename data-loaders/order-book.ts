import {ColumnMemory} from "./fast-column-memory.ts";
import type {DayNumber} from "./types.ts";

/**
 * Collects the used lines as orders: one entry per customer and order (an invoice, or a customer's day for files
 * without order numbers). Lines of the same order merge, so memory grows with customers and orders, not with
 * lines, and the analysis window can be applied once the latest date is known.
 */
export class OrderBook {
  /** Customer keys in order of first appearance; the index is the customer's number in the entry arrays. */
  readonly customerIds: string[] = [];
  /** Built at the first lookup by text: readers that find customers by other means never pay for it. */
  private customerIndex: Map<string, number> | null = null;
  private readonly countryOf: string[] = [];
  /** Lines per country of the rare customers seen under more than one country. */
  private readonly otherCountries = new Map<number, Map<string, number>>();
  /** Order numbers in order of first appearance: order `o` is `orderKeys[o]`. */
  private readonly orderKeys: string[] = [];
  /** Order numbers as small integers, so that entries are found by a numeric hash; built at the first lookup. */
  private orderIndex: Map<string, number> | null = null;
  /** Open-addressing table of entry index + 1 (0 = empty), keyed by (customer, order). */
  private table = new Int32Array(2048);
  /**
   * Entries below this are in `table`. Entries added by `appendEntry` join it only when a lookup needs it, so a
   * reader that always knows whether an entry exists never builds the table.
   */
  private indexed = 0;

  size = 0;
  customer = new Int32Array(1024);
  day = new Int32Array(1024);
  revenue = new Float64Array(1024);
  units = new Float64Array(1024);
  rows = new Int32Array(1024);
  firstLine = new Int32Array(1024);
  order = new Int32Array(1024);
  /** Lines of the entry that are purchases (not returns or cancellations). */
  purchaseRows = new Int32Array(1024);
  /** 1 when at least one line of the entry is a purchase (not a return or cancellation). */
  purchase = new Uint8Array(1024);
  maxDay = -Infinity;
  minDay = Infinity;
  /** The revenue and units of the line `addLine` is adding. */
  private readonly lineValues = new Float64Array(2);
  /** Where the entry columns grow: large books grow them in place rather than by copying. */
  private readonly columns = {
    customer: new ColumnMemory(),
    day: new ColumnMemory(),
    revenue: new ColumnMemory(),
    units: new ColumnMemory(),
    rows: new ColumnMemory(),
    firstLine: new ColumnMemory(),
    purchase: new ColumnMemory(),
    order: new ColumnMemory(),
    purchaseRows: new ColumnMemory()
  };

  /**
   * Adds one used line. `order` is an order number (text) or, for files without one, a number such as the day;
   * a book takes one kind or the other.
   */
  add(
    customerId: string,
    country: string,
    order: string | number,
    day: DayNumber,
    revenue: number,
    units: number,
    line: number,
    purchase: boolean
  ): void {
    const c = this.customerNumber(customerId, country);
    const o = typeof order === "number" ? order : this.orderNumber(order);
    this.addLine(c, o, day, revenue, units, line, purchase);
  }

  /**
   * The number of the customer with this key. A new customer takes `country`; for a known one the line is counted
   * under `country`, as `add` does. Readers that find customers by other means call `countCountry` instead.
   */
  customerNumber(customerId: string, country: string): number {
    const index = (this.customerIndex ??= new Map(this.customerIds.map((id, c) => [id, c])));
    const c = index.get(customerId);
    if (c !== undefined) {
      this.countCountry(c, country);
      return c;
    }
    return this.addCustomer(customerId, country);
  }

  /** Adds a customer under `country` and returns their number; the caller knows that `customerId` is new. */
  addCustomer(customerId: string, country: string): number {
    const c = this.customerIds.length;
    this.customerIndex?.set(customerId, c);
    this.customerIds.push(customerId);
    this.countryOf.push(country);
    return c;
  }

  /** Counts one more line of the known customer `c` under `country`. */
  countCountry(c: number, country: string): void {
    // Most customers keep one country: the size test spares them a map lookup per line.
    if (this.countryOf[c] !== country || (this.otherCountries.size !== 0 && this.otherCountries.has(c))) {
      this.noteCountry(c, country);
    }
  }

  /** True when every line of customer `c` so far is under `country`: lines under it need no counting then. */
  hasOnlyCountry(c: number, country: string): boolean {
    return this.countryOf[c] === country && !this.otherCountries.has(c);
  }

  /** The small integer standing for an order number, assigned in order of first appearance. */
  orderNumber(order: string): number {
    const index = (this.orderIndex ??= new Map(this.orderKeys.map((key, o) => [key, o])));
    const known = index.get(order);
    return known !== undefined ? known : this.addOrder(order);
  }

  /** Numbers an order number the caller knows to be new. */
  addOrder(order: string): number {
    const o = this.orderKeys.length;
    this.orderIndex?.set(order, o);
    this.orderKeys.push(order);
    return o;
  }

  /**
   * Adds one used line of customer `c` (from `customerNumber`) to order `o` (from `orderNumber`, or a number such
   * as the day for files without order numbers). Returns the entry.
   */
  addLine(
    c: number,
    o: number,
    day: DayNumber,
    revenue: number,
    units: number,
    line: number,
    purchase: boolean
  ): number {
    const values = this.lineValues;
    values[0] = revenue;
    values[1] = units;
    if (this.indexed < this.size) this.indexEntries();
    const mask = this.table.length - 1;
    let h = hashPair(c, o) & mask;
    while (true) {
      const slot = this.table[h];
      if (slot === 0) {
        const e = this.appendEntry(c, o, day, values, 0, line, purchase);
        this.table[h] = e + 1;
        this.indexed = this.size;
        if (this.size * 2 > this.table.length) this.rehash();
        return e;
      }
      if (this.customer[slot - 1] === c && this.order[slot - 1] === o) {
        this.addToEntry(slot - 1, day, values, 0, purchase);
        return slot - 1;
      }
      h = (h + 1) & mask;
    }
  }

  /**
   * Adds the first line of customer `c`'s order `o`; the caller knows the book has no such entry. The line's
   * revenue and units are `values[at]` and `values[at + 1]`: readers that parse into typed arrays pass them so,
   * since doubles passed as arguments to a call the compiler does not inline are boxed on the heap.
   */
  appendEntry(
    c: number,
    o: number,
    day: DayNumber,
    values: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): number {
    const e = this.size;
    if (e === this.customer.length) this.grow();
    this.size++;
    this.customer[e] = c;
    this.order[e] = o;
    this.day[e] = day;
    this.firstLine[e] = line;
    this.addToEntry(e, day, values, at, purchase);
    return e;
  }

  /**
   * Adds a line to entry `e`, which must be the entry of the line's customer and order; revenue and units as for
   * `appendEntry`.
   */
  addToEntry(e: number, day: DayNumber, values: Float64Array, at: number, purchase: boolean): void {
    if (day > this.day[e]) {
      this.day[e] = day;
    }
    this.revenue[e] += values[at];
    this.units[e] += values[at + 1];
    this.rows[e]++;
    if (purchase) {
      this.purchase[e] = 1;
      this.purchaseRows[e]++;
    }
    if (day > this.maxDay) this.maxDay = day;
    if (day < this.minDay) this.minDay = day;
  }

  get customers(): number {
    return this.customerIds.length;
  }

  /**
   * The customer's country: the one on most of their lines, ties to the alphabetically first, so that the
   * answer does not depend on the order of the lines.
   */
  country(c: number): string {
    const counts = this.otherCountries.get(c);
    if (!counts) return this.countryOf[c];
    let best = "";
    let bestCount = -1;
    for (const [country, count] of counts) {
      if (count > bestCount || (count === bestCount && country < best)) {
        best = country;
        bestCount = count;
      }
    }
    return best;
  }

  private noteCountry(c: number, country: string): void {
    let counts = this.otherCountries.get(c);
    if (!counts) {
      // Lines seen before the second country all carried the first one.
      let earlier = 0;
      for (let e = 0; e < this.size; e++) if (this.customer[e] === c) earlier += this.rows[e];
      counts = new Map([[this.countryOf[c], earlier]]);
      this.otherCountries.set(c, counts);
    }
    counts.set(country, (counts.get(country) ?? 0) + 1);
  }

  private grow(): void {
    const capacity = this.customer.length * 2;
    const {columns} = this;
    this.customer = columns.customer.grow(this.customer, capacity, Int32Array);
    this.day = columns.day.grow(this.day, capacity, Int32Array);
    this.revenue = columns.revenue.grow(this.revenue, capacity, Float64Array);
    this.units = columns.units.grow(this.units, capacity, Float64Array);
    this.rows = columns.rows.grow(this.rows, capacity, Int32Array);
    this.firstLine = columns.firstLine.grow(this.firstLine, capacity, Int32Array);
    this.purchase = columns.purchase.grow(this.purchase, capacity, Uint8Array);
    this.order = columns.order.grow(this.order, capacity, Int32Array);
    this.purchaseRows = columns.purchaseRows.grow(this.purchaseRows, capacity, Int32Array);
  }

  private rehash(): void {
    let length = this.table.length * 2;
    while (this.size * 2 > length) length *= 2;
    this.table = new Int32Array(length);
    this.indexed = 0;
    this.indexEntries();
  }

  /** Puts the entries that `appendEntry` added into the table. */
  private indexEntries(): void {
    if (this.size * 2 > this.table.length) return this.rehash();
    const table = this.table;
    const mask = table.length - 1;
    for (let e = this.indexed; e < this.size; e++) {
      let h = hashPair(this.customer[e], this.order[e]) & mask;
      while (table[h] !== 0) h = (h + 1) & mask;
      table[h] = e + 1;
    }
    this.indexed = this.size;
  }
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
