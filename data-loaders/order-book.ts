import type {DayNumber} from "./types.ts";

/**
 * Collects the used lines as orders: one entry per customer and order (an invoice, or a customer's day for files
 * without order numbers). Lines of the same order merge, so memory grows with customers and orders, not with
 * lines, and the analysis window can be applied once the latest date is known.
 */
export class OrderBook {
  /** Customer keys in order of first appearance; the index is the customer's number in the entry arrays. */
  readonly customerIds: string[] = [];
  private readonly customerIndex = new Map<string, number>();
  private readonly countryOf: string[] = [];
  /** Lines per country of the rare customers seen under more than one country. */
  private readonly otherCountries = new Map<number, Map<string, number>>();
  /** Order numbers as small integers, so that entries are found by a numeric hash, not by building strings. */
  private readonly orderIndex = new Map<string, number>();
  /** Open-addressing table of entry index + 1 (0 = empty), keyed by (customer, order). */
  private table = new Int32Array(2048);

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
    let c = this.customerIndex.get(customerId);
    if (c === undefined) {
      c = this.customerIds.length;
      this.customerIndex.set(customerId, c);
      this.customerIds.push(customerId);
      this.countryOf.push(country);
    } else if (this.countryOf[c] !== country) {
      this.noteCountry(c, country);
    } else if (this.otherCountries.has(c)) {
      this.noteCountry(c, country);
    }
    let o: number;
    if (typeof order === "number") {
      o = order;
    } else {
      const known = this.orderIndex.get(order);
      if (known === undefined) this.orderIndex.set(order, (o = this.orderIndex.size));
      else o = known;
    }
    const mask = this.table.length - 1;
    let h = hashPair(c, o) & mask;
    let e: number;
    while (true) {
      const slot = this.table[h];
      if (slot === 0) {
        e = this.size;
        if (e === this.customer.length) this.grow();
        this.size++;
        this.table[h] = e + 1;
        this.customer[e] = c;
        this.order[e] = o;
        this.day[e] = day;
        this.firstLine[e] = line;
        if (this.size * 2 > this.table.length) this.rehash();
        break;
      }
      if (this.customer[slot - 1] === c && this.order[slot - 1] === o) {
        e = slot - 1;
        break;
      }
      h = (h + 1) & mask;
    }
    if (day > this.day[e]) {
      this.day[e] = day;
    }
    this.revenue[e] += revenue;
    this.units[e] += units;
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
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(array: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.customer = grow(this.customer, (n) => new Int32Array(n));
    this.day = grow(this.day, (n) => new Int32Array(n));
    this.revenue = grow(this.revenue, (n) => new Float64Array(n));
    this.units = grow(this.units, (n) => new Float64Array(n));
    this.rows = grow(this.rows, (n) => new Int32Array(n));
    this.firstLine = grow(this.firstLine, (n) => new Int32Array(n));
    this.purchase = grow(this.purchase, (n) => new Uint8Array(n));
    this.order = grow(this.order, (n) => new Int32Array(n));
    this.purchaseRows = grow(this.purchaseRows, (n) => new Int32Array(n));
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let e = 0; e < this.size; e++) {
      let h = hashPair(this.customer[e], this.order[e]) & mask;
      while (table[h] !== 0) h = (h + 1) & mask;
      table[h] = e + 1;
    }
    this.table = table;
  }
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
