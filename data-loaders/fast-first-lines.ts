import {ColumnMemory} from "./fast-column-memory.ts";

/** Entries per block: a block starts from a full line number, and its entries add one-byte steps to it. */
const blockShift = 6;
const blockMask = (1 << blockShift) - 1;
/** A step that does not fit in a byte: the entry's line is in `far`. */
const FAR = 255;

/**
 * The first line of each order-book entry, in about one byte an entry instead of four (33 MB less for a 10M-line
 * file). Entries are made in the order of their first lines, so from one entry to the next the line moves on by a
 * small step, which a byte holds; each block of 64 entries starts from a full line number, and the rare steps that
 * do not fit keep their line in a map. Reading an entry's line sums at most 63 steps: lines are read for the
 * ledger's few examples, not per entry.
 */
export class FirstLines {
  private steps = new Uint8Array(1024);
  private starts = new Int32Array(1024 >> blockShift);
  private readonly stepMemory = new ColumnMemory();
  private readonly far = new Map<number, number>();
  private last = 0;
  size = 0;

  /** Records `line` as the first line of the next entry. */
  push(line: number): void {
    const e = this.size++;
    if (e === this.steps.length) this.grow();
    if ((e & blockMask) === 0) this.starts[e >> blockShift] = line;
    else {
      const step = line - this.last;
      if (step >= 0 && step < FAR) this.steps[e] = step;
      else {
        this.steps[e] = FAR;
        this.far.set(e, line);
      }
    }
    this.last = line;
  }

  /** The first line of entry `e`. */
  at(e: number): number {
    if (!(e >= 0 && e < this.size)) throw new RangeError(`FirstLines.at: no entry ${e} among ${this.size}`);
    const steps = this.steps;
    let from = e;
    while ((from & blockMask) !== 0 && steps[from] !== FAR) from--;
    let line = (from & blockMask) === 0 ? this.starts[from >> blockShift] : this.far.get(from)!;
    for (let i = from + 1; i <= e; i++) line += steps[i];
    return line;
  }

  private grow(): void {
    const capacity = 2 * this.steps.length;
    this.steps = this.stepMemory.grow(this.steps, capacity, Uint8Array);
    const starts = new Int32Array(capacity >> blockShift);
    starts.set(this.starts);
    this.starts = starts;
  }
}
