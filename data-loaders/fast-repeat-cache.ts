/**
 * Remembers the value parsed from the last short field, so that a field repeated line after line (the week of a
 * weekly export, the time stamp of an invoice's lines) is compared, not parsed again. Same bytes, same value.
 */
export class RepeatCache {
  private readonly bytes: Uint8Array;
  private length = -1;
  value = NaN;

  constructor(maxBytes: number) {
    this.bytes = new Uint8Array(maxBytes);
  }

  /** True when `buf[start, end)` is the field last remembered; `value` is then its value. */
  matches(buf: Buffer, start: number, end: number): boolean {
    if (end - start !== this.length) return false;
    const bytes = this.bytes;
    for (let i = start; i < end; i++) if (bytes[i - start] !== buf[i]) return false;
    return true;
  }

  remember(buf: Buffer, start: number, end: number, value: number): number {
    if (end - start <= this.bytes.length) {
      for (let i = start; i < end; i++) this.bytes[i - start] = buf[i];
      this.length = end - start;
      this.value = value;
    }
    return value;
  }
}
