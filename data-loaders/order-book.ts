import {ColumnMemory, type Column, type ColumnKind} from "./fast-column-memory.ts";
import {FirstLines} from "./fast-first-lines.ts";
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
  /**
   * Revenue of each entry in `1 / revenueScale` of the currency: while every line's revenue is a whole number of
   * cents and every entry's sum an int32, in whole cents (scale 100: weekly exports' revenue has two decimals, and
   * 8.2M entries of a 10M-line file then take 33 MB less), and in doubles (scale 1) from the first line that is not.
   * Sums of cents are exact, so they are the same in any order; divided by 100 once, each is the double nearest it.
   */
  private revenueColumn: Int32Array | Float64Array = new Int32Array(1024);
  /**
   * Units are small whole numbers in most exports: while every entry's sum is an int16, they are kept in one (the
   * same doubles, in a quarter of the memory: 8.2M entries of a 10M-line file take 16 MB), in an int32 from the
   * first that is not while every sum is one, and in doubles from the first that is not.
   */
  private unitsColumn: Int16Array | Int32Array | Float64Array = new Int16Array(1024);
  /**
   * Lines per entry: most entries have a few, so they are counted in 8 bits (8.2M entries of a 10M-line file: 8 MB),
   * in 16 from the first entry that passes 255 lines, and in 32 from the first that passes 65,535.
   */
  private rowsColumn: Uint8Array | Uint16Array | Int32Array = new Uint8Array(1024);
  private firstLines = new FirstLines();
  /**
   * The entries' order numbers, the columns below, are made only once they say more than the other columns: while
   * every order is its line's day (files without order numbers), `order` is `day`, and while every line is a
   * purchase, `purchaseRows` is `rows` and `purchase` is all ones. Weekly files then spend 9 bytes an entry less.
   */
  private orderColumn: Int32Array | null = null;
  private purchaseRowsColumn: Int32Array | null = null;
  private purchaseColumn: Uint8Array | null = null;
  /** `purchase` while every line is a purchase. */
  private ones = new Uint8Array(0);
  maxDay = -Infinity;
  minDay = Infinity;
  /** Set by `releaseEntries`. */
  private released = false;
  /** The revenue and units of the line `addLine` is adding. */
  private readonly lineValues = new Float64Array(2);
  /**
   * Where the entry columns grow: large books grow them in place rather than by copying, in shared memory, so that
   * another thread can sum them (`computeRfmOnThreads`) without a copy.
   */
  private columns = entryColumnMemories();

  /** Revenue of each entry, in `1 / revenueScale` of the currency: `revenueOf` reads one. */
  get revenue(): Int32Array | Float64Array {
    return this.revenueColumn;
  }

  /** What `revenue` is divided by to be in the currency: 100 while it holds whole cents, else 1. */
  get revenueScale(): number {
    return this.revenueColumn instanceof Int32Array ? 100 : 1;
  }

  /** Revenue of entry `e`, in the currency. */
  revenueOf(e: number): number {
    return this.revenueColumn[e] / this.revenueScale;
  }

  /** Units of each entry. */
  get units(): Int16Array | Int32Array | Float64Array {
    return this.unitsColumn;
  }

  /** Order number of each entry (a day for files without order numbers). */
  get order(): Int32Array {
    return this.orderColumn ?? this.day;
  }

  /** Lines of each entry. */
  get rows(): Uint8Array | Uint16Array | Int32Array {
    return this.rowsColumn;
  }

  /** True while every line added is a purchase: `purchaseRows` is then `rows`. */
  get onlyPurchases(): boolean {
    return this.purchaseColumn === null;
  }

  /** Lines of the entry that are purchases (not returns or cancellations). */
  get purchaseRows(): Uint8Array | Uint16Array | Int32Array {
    return this.purchaseRowsColumn ?? this.rowsColumn;
  }

  /** 1 when at least one line of the entry is a purchase (not a return or cancellation). */
  get purchase(): Uint8Array {
    if (this.purchaseColumn !== null) return this.purchaseColumn;
    if (this.ones.length < this.size) this.ones = new Uint8Array(this.customer.length).fill(1);
    return this.ones;
  }

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
    if (this.released) throw new Error("OrderBook: lines added after releaseEntries");
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
    if (this.orderColumn !== null) this.orderColumn[e] = o;
    else if (o !== day) this.orderColumn = this.splitOrders(e, o);
    this.day[e] = day;
    this.firstLines.push(line);
    this.addToEntry(e, day, values, at, purchase);
    return e;
  }

  /**
   * Adds a line to entry `e`, which must be the entry of the line's customer and order; revenue and units as for
   * `appendEntry`.
   */
  addToEntry(e: number, day: DayNumber, values: Float64Array, at: number, purchase: boolean): void {
    if (day > this.day[e]) {
      // The entry's day moves on from its order: from now on the order needs its own column.
      this.orderColumn ??= this.splitOrders(this.size, 0);
      this.day[e] = day;
    }
    const revenue = this.revenueColumn;
    if (revenue instanceof Int32Array) {
      const cents = Math.round(values[at] * 100);
      const sum = revenue[e] + cents;
      if (cents / 100 === values[at] && (sum | 0) === sum) revenue[e] = sum;
      else this.revenueInDoubles()[e] += values[at];
    } else revenue[e] += values[at];
    const units = this.unitsColumn;
    const sum = units[e] + values[at + 1];
    if (units instanceof Int16Array ? (sum << 16) >> 16 === sum : units instanceof Float64Array || (sum | 0) === sum)
      units[e] = sum;
    else this.widerUnits(sum)[e] = sum;
    const rows = this.rowsColumn;
    const count = rows[e] + 1;
    if (rows instanceof Uint8Array ? count <= 0xff : rows instanceof Int32Array || count <= 0xffff) rows[e] = count;
    else this.widerRows()[e] = count;
    const purchaseColumn = this.purchaseColumn;
    if (purchaseColumn === null) {
      if (!purchase) this.splitPurchases(e);
    } else if (purchase) {
      purchaseColumn[e] = 1;
      this.purchaseRowsColumn![e]++;
    }
    if (day > this.maxDay) this.maxDay = day;
    if (day < this.minDay) this.minDay = day;
  }

  /** The line the entry's first line was read from. */
  firstLine(e: number): number {
    return this.firstLines.at(e);
  }

  get customers(): number {
    return this.customerIds.length;
  }

  /**
   * Frees the entries once they have been summed, keeping the customers, their ids and countries, and the dates
   * seen: the entries are most of a large run's memory. The book then holds no entry and takes no more lines.
   */
  releaseEntries(): void {
    this.size = 0;
    this.indexed = 0;
    this.released = true;
    this.table = new Int32Array(0);
    this.customer = new Int32Array(0);
    this.day = new Int32Array(0);
    this.revenueColumn = new Int32Array(0);
    this.unitsColumn = new Int16Array(0);
    this.rowsColumn = new Uint8Array(0);
    this.firstLines = new FirstLines();
    this.orderColumn = this.purchaseRowsColumn = null;
    this.purchaseColumn = null;
    this.ones = new Uint8Array(0);
    this.columns = entryColumnMemories();
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

  /** `country(c)` of each customer of `customers`. */
  countriesOf(customers: Int32Array): string[] {
    const countries = new Array<string>(customers.length);
    // Customers seen under more than one country are few, or none: the others' country is their only one.
    if (this.otherCountries.size === 0)
      for (let i = 0; i < customers.length; i++) countries[i] = this.countryOf[customers[i]];
    else for (let i = 0; i < customers.length; i++) countries[i] = this.country(customers[i]);
    return countries;
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
    if (this.released) throw new Error("OrderBook: lines added after releaseEntries");
    const capacity = this.customer.length * 2;
    const {columns} = this;
    this.customer = columns.customer.grow(this.customer, capacity, Int32Array);
    this.day = columns.day.grow(this.day, capacity, Int32Array);
    const revenue = this.revenueColumn;
    this.revenueColumn =
      revenue instanceof Int32Array
        ? columns.revenueInCents.grow(revenue, capacity, Int32Array)
        : columns.revenue.grow(revenue, capacity, Float64Array);
    const units = this.unitsColumn;
    this.unitsColumn =
      units instanceof Int16Array
        ? columns.units.grow(units, capacity, Int16Array)
        : units instanceof Int32Array
          ? columns.unitsInInt32.grow(units, capacity, Int32Array)
          : columns.unitsInDoubles.grow(units, capacity, Float64Array);
    const rows = this.rowsColumn;
    this.rowsColumn =
      rows instanceof Uint8Array
        ? columns.rows.grow(rows, capacity, Uint8Array)
        : rows instanceof Uint16Array
          ? columns.rowsInUint16.grow(rows, capacity, Uint16Array)
          : columns.rowsInInt32.grow(rows, capacity, Int32Array);
    if (this.purchaseColumn !== null) {
      this.purchaseColumn = columns.purchase.grow(this.purchaseColumn, capacity, Uint8Array);
      this.purchaseRowsColumn = columns.purchaseRows.grow(this.purchaseRowsColumn!, capacity, Int32Array);
    }
    if (this.orderColumn !== null) this.orderColumn = columns.order.grow(this.orderColumn, capacity, Int32Array);
  }

  /**
   * Moves the revenue to doubles, each entry's cents divided by 100, when a line's revenue is not a whole number of
   * cents or an entry's sum leaves the int32 range.
   */
  private revenueInDoubles(): Float64Array {
    const doubles = this.widened(this.revenueColumn, this.columns.revenue, Float64Array);
    for (let e = 0; e < this.size; e++) doubles[e] /= 100;
    this.revenueColumn = doubles;
    return doubles;
  }

  /**
   * Moves the units to a wider column, when an entry's sum `sum` leaves the column's range: to an int32 while `sum` is
   * one (so is every sum before it), else to doubles.
   */
  private widerUnits(sum: number): Int32Array | Float64Array {
    const units = this.unitsColumn;
    return (this.unitsColumn =
      units instanceof Int16Array && (sum | 0) === sum
        ? this.widened(units, this.columns.unitsInInt32, Int32Array)
        : this.widened(units, this.columns.unitsInDoubles, Float64Array));
  }

  /** Moves the line counts to 16 bits when an entry passes 255 lines, and to 32 when one passes 65,535. */
  private widerRows(): Uint16Array | Int32Array {
    const rows = this.rowsColumn;
    return (this.rowsColumn =
      rows instanceof Uint8Array
        ? this.widened(rows, this.columns.rowsInUint16, Uint16Array)
        : this.widened(rows, this.columns.rowsInInt32, Int32Array));
  }

  /** A column of `Kind` in `memory`, as long as the others, that starts with the entries of `column`. */
  private widened<T extends Column>(column: Column, memory: ColumnMemory, Kind: ColumnKind<T>): T {
    return memory.grow(column.subarray(0, this.size), this.customer.length, Kind);
  }

  /** The order column, made when entry `e` (the last so far, or the next) gets order `o` other than its day. */
  private splitOrders(e: number, o: number): Int32Array {
    const order = this.columns.order.grow(this.day.subarray(0, e), this.customer.length, Int32Array);
    if (e < order.length) order[e] = o;
    return order;
  }

  /**
   * The purchase columns, made when a line of entry `e` (already counted in `rows`) is the first line that is not a
   * purchase: every line before it was one.
   */
  private splitPurchases(e: number): void {
    const purchaseRows = this.widened(this.rowsColumn, this.columns.purchaseRows, Int32Array);
    purchaseRows[e]--;
    const purchase = this.columns.purchase.grow(new Uint8Array(0), this.customer.length, Uint8Array);
    for (let entry = 0; entry < this.size; entry++) purchase[entry] = purchaseRows[entry] > 0 ? 1 : 0;
    this.purchaseRowsColumn = purchaseRows;
    this.purchaseColumn = purchase;
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

function entryColumnMemories() {
  const memory = () => new ColumnMemory({shared: true});
  return {
    customer: memory(),
    day: memory(),
    revenueInCents: memory(),
    revenue: memory(),
    units: memory(),
    unitsInInt32: memory(),
    unitsInDoubles: memory(),
    rows: memory(),
    rowsInUint16: memory(),
    rowsInInt32: memory(),
    purchase: memory(),
    order: memory(),
    purchaseRows: memory()
  };
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
