import type {DayNumber} from "./types.ts";

/**
 * Where the byte readers send the lines whose keys they found as bytes (`KeyNumbers`, which numbers the keys): an
 * interface, so that the formats' record handlers do not depend on where the lines go next.
 */
export interface ByteLines {
  /**
   * Queues a used line: customer key `buf[aStart, aEnd) ++ buf[bStart, bEnd)`, country `buf[countryStart,
   * countryEnd)`, order number `buf[orderStart, orderEnd)` (or the day when `orderStart` is -1), and revenue and
   * units in `numbers[at]` and `numbers[at + 1]` (doubles passed as arguments may be boxed).
   */
  queue(
    buf: Buffer,
    aStart: number,
    aEnd: number,
    bStart: number,
    bEnd: number,
    countryStart: number,
    countryEnd: number,
    orderStart: number,
    orderEnd: number,
    day: DayNumber,
    numbers: Float64Array,
    at: number,
    line: number,
    purchase: boolean
  ): void;
  /** To be called before a line reaches the book as strings, bypassing the queue: the queued lines go first. */
  linesAsStrings(): void;
  /** Applies the queued lines; to be called before their buffer changes. */
  flush(): void;
}
