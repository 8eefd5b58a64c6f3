/** Chunks that may share memory, copied into one buffer as they come. */
export function joinChunks(chunks: Iterable<Uint8Array>): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/**
 * Text written straight into a growing byte buffer, for outputs of a million rows: V8 spends more on making and
 * joining a million short strings than on the bytes themselves.
 */
export class TextBytes {
  private buffer: Buffer;
  private end = 0;
  /** Digits of an integer, written back to front. */
  private readonly digits = new Uint8Array(24);

  /**
   * `expected` is the likely size in bytes: memory is slow to touch the first time on small machines, and growing by
   * doubling touches up to twice the final size and copies it.
   */
  constructor(expected = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, expected));
  }

  get length(): number {
    return this.end;
  }

  /** The bytes written so far, sharing memory with the writer. */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.end);
  }

  /** Starts over in the same memory: `bytes()` handed out before are overwritten by what comes next. */
  clear(): void {
    this.end = 0;
  }

  private reserve(extra: number): void {
    if (this.end + extra <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(Math.ceil(this.buffer.length * 1.5), this.end + extra));
    this.buffer.copy(grown, 0, 0, this.end);
    this.buffer = grown;
  }

  /**
   * The buffer, with room for `extra` more bytes from `length` on, for a caller that writes them itself with the
   * `put` functions and then `commit`s where it stopped: one check of room for a whole row instead of one a byte.
   */
  room(extra: number): Buffer {
    this.reserve(extra);
    return this.buffer;
  }

  /** Takes the bytes a caller wrote into `room()`'s buffer up to `end`. */
  commit(end: number): void {
    this.end = end;
  }

  byte(code: number): void {
    this.reserve(1);
    this.buffer[this.end++] = code;
  }

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    // Characters become at most 3 bytes each (a surrogate pair, 2 characters, becomes 4).
    this.reserve(text.length * 3);
    const buffer = this.buffer;
    let end = this.end;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        end += buffer.write(text.slice(i), end, "utf8");
        break;
      }
      buffer[end++] = code;
    }
    this.end = end;
  }

  /**
   * Appends `text` as a CSV field, quoted when it holds a delimiter, a quote or a line break (RFC 4180): in one pass
   * over the characters that writes them, for the common field that needs no quotes.
   */
  csvField(text: string): void {
    const start = this.end;
    this.reserve(text.length * 3);
    const buffer = this.buffer;
    let end = start;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        this.end = start;
        return this.text(needsQuotes(text) ? quoted(text) : text);
      }
      if (fieldBreakers[code] === 1) {
        this.end = start;
        return this.text(quoted(text));
      }
      buffer[end++] = code;
    }
    this.end = end;
  }

  /** Appends bytes made earlier, such as a field repeated on many rows. */
  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.end = putBytes(this.buffer, this.end, bytes);
  }

  /** Appends a safe integer in decimal, as `String(value)` writes it ("0" for -0). */
  integer(value: number): void {
    if ((value | 0) === value && value >= 0) {
      // The usual days, orders and clusters.
      this.reserve(10);
      this.end = putCount(this.buffer, this.end, value);
      return;
    }
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    this.reserve(17);
    if (value < 0) {
      this.buffer[this.end++] = 45;
      value = -value;
    }
    const digits = this.digits;
    let count = 0;
    do {
      const rest = Math.floor(value / 10);
      // The digit first: 48 + value could round for a value near 2 ** 53.
      digits[count++] = 48 + (value - rest * 10);
      value = rest;
    } while (value > 0);
    while (count > 0) this.buffer[this.end++] = digits[--count];
  }
}

/**
 * Writes `value`, an int32 ≥ 0, in decimal at `buf[at]` (room for 10 bytes), and returns where it ends: int32
 * arithmetic, the digits written in place from the last one.
 */
export function putCount(buf: Uint8Array, at: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
  const end = at + digits;
  let rest = value;
  let digit = end;
  do {
    const next = (rest / 10) | 0;
    buf[--digit] = 48 + (rest - next * 10);
    rest = next;
  } while (rest > 0);
  return end;
}

/**
 * Writes `text` at `buf[at]` (room for `text.length` bytes) when it is a CSV field as it stands, ASCII with no
 * delimiter, quote or line break: the common id. Returns where it ends, or -1, having written part of it, for any
 * other text, which `TextBytes.csvField` writes.
 */
export function putPlainAscii(buf: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 || fieldBreakers[code] === 1) return -1;
    buf[at++] = code;
  }
  return at;
}

/** Writes `bytes` at `buf[at]` (room for them), and returns where they end. */
export function putBytes(buf: Uint8Array, at: number, bytes: Uint8Array): number {
  const length = bytes.length;
  // A loop beats `set` on the short fields this is for.
  if (length > 64) buf.set(bytes, at);
  else for (let i = 0; i < length; i++) buf[at + i] = bytes[i];
  return at + length;
}

/** True when `text` holds a delimiter, a quote or a line break, and so is quoted as a CSV field (RFC 4180). */
export function needsQuotes(text: string): boolean {
  // A loop over the characters: a regular expression per field cost a quarter of a second on a million ids.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 && fieldBreakers[code] === 1) return true;
  }
  return false;
}

/** 1 for the characters a plain CSV field cannot hold: comma, quote, LF and CR. */
const fieldBreakers = new Uint8Array(0x80);
for (const code of [44, 34, 10, 13]) fieldBreakers[code] = 1;

/** `text` as a quoted CSV field, its quotes doubled. */
export function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}
