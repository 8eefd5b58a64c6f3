import {SegmentError} from "./errors.ts";
import type {Delimiter} from "./types.ts";

export interface CsvReadResult {
  delimiter: Delimiter;
  header: string[];
  /** Data records seen, header excluded. */
  records: number;
}

export interface CsvReadOptions {
  file: string;
  delimiter?: Delimiter | "auto";
  /** Called with the header before any record, so that the caller can resolve its columns. */
  onHeader: (header: string[], delimiter: Delimiter) => void;
  /** Called per data record; `line` is the 1-based physical line the record starts on (the header is line 1). */
  onRecord: (fields: string[], line: number) => void;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Reads delimited text record by record from a stream of bytes. It splits on raw bytes and decodes one record at a
 * time, so memory stays flat whatever the file size, and quoted fields may straddle chunks and hold delimiters,
 * quotes ("") and newlines.
 */
export async function readCsv(chunks: AsyncIterable<Buffer>, options: CsvReadOptions): Promise<CsvReadResult> {
  const {file, onRecord} = options;
  let delimiter: Delimiter | undefined = options.delimiter === "auto" ? undefined : options.delimiter;
  let header: string[] | undefined;
  let pending: Buffer | undefined;
  let line = 1;
  let records = 0;
  let first = true;

  const emit = (text: string, startLine: number, quoted: boolean) => {
    if (header === undefined) {
      delimiter ??= detectDelimiter(text);
      header = quoted ? splitQuoted(text, delimiter, file, startLine) : text.split(delimiter);
      options.onHeader(header, delimiter);
      return;
    }
    records++;
    onRecord(quoted ? splitQuoted(text, delimiter!, file, startLine) : text.split(delimiter!), startLine);
  };

  for await (const chunk of chunks) {
    const buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = undefined;
    let start = 0;
    if (first) {
      // The BOM may arrive split across tiny chunks: wait for three bytes before deciding.
      if (buffer.length < 3 && isBomPrefix(buffer)) {
        pending = buffer;
        continue;
      }
      first = false;
      if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
    }
    const end = buffer.length;
    let nextQuote = buffer.indexOf(QUOTE, start);
    while (start < end) {
      const newline = buffer.indexOf(LF, start);
      if (nextQuote !== -1 && nextQuote < start) nextQuote = buffer.indexOf(QUOTE, start);
      if (nextQuote === -1 || (newline !== -1 && newline < nextQuote)) {
        // Fast path: no quote before the end of this line.
        if (newline === -1) break;
        const stop = newline > start && buffer[newline - 1] === CR ? newline - 1 : newline;
        emit(buffer.toString("utf8", start, stop), line, false);
        line++;
        start = newline + 1;
        continue;
      }
      // Slow path: find the record's end by tracking quotes; a newline inside quotes belongs to the field.
      let inQuotes = false;
      let newlines = 0;
      let i = start;
      for (; i < end; i++) {
        const byte = buffer[i];
        if (byte === QUOTE) inQuotes = !inQuotes;
        else if (byte === LF) {
          if (!inQuotes) break;
          newlines++;
        }
      }
      if (i === end) break;
      const stop = i > start && buffer[i - 1] === CR ? i - 1 : i;
      emit(buffer.toString("utf8", start, stop), line, true);
      line += newlines + 1;
      start = i + 1;
      nextQuote = buffer.indexOf(QUOTE, start);
    }
    if (start < end) pending = buffer.subarray(start);
  }

  if (first && pending && isBomPrefix(pending) && pending.length < 3) pending = pending.subarray(0, 0);
  if (pending && pending.length > 0) {
    // The last line has no newline: still a record, unless a quoted field was left open.
    let text = pending.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const quoted = text.includes('"');
    if (quoted && !quotesBalanced(text)) {
      throw new SegmentError("unterminated quoted field", {
        file,
        line,
        column: columnOfOpenQuote(text, delimiter ?? ","),
        found: "the end of the file inside quotes",
        expected: 'a closing quote (")'
      });
    }
    emit(text, line, quoted);
  }

  if (header === undefined) {
    throw new SegmentError("the file is empty", {
      file,
      line: 1,
      found: "no header line",
      expected: "a header line naming the columns"
    });
  }
  return {delimiter: delimiter!, header, records};
}

function isBomPrefix(buffer: Buffer): boolean {
  const bom = [0xef, 0xbb, 0xbf];
  for (let i = 0; i < buffer.length && i < 3; i++) if (buffer[i] !== bom[i]) return false;
  return true;
}

/** Picks the delimiter the header uses most: comma, semicolon or tab. */
export function detectDelimiter(headerLine: string): Delimiter {
  const candidates: Delimiter[] = [",", ";", "\t"];
  let best: Delimiter = ",";
  let bestCount = 0;
  for (const candidate of candidates) {
    const count = countOutsideQuotes(headerLine, candidate);
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

function countOutsideQuotes(text: string, char: string): number {
  let count = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === char && !inQuotes) count++;
  }
  return count;
}

function quotesBalanced(text: string): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === QUOTE) count++;
  return count % 2 === 0;
}

function columnOfOpenQuote(text: string, delimiter: string): number {
  let column = 1;
  let inQuotes = false;
  let openColumn = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (!inQuotes) openColumn = column;
      inQuotes = !inQuotes;
    } else if (c === delimiter && !inQuotes) column++;
  }
  return openColumn;
}

/** Splits one record that contains quotes (RFC 4180: "" is a literal quote; text after a closing quote is kept). */
export function splitQuoted(text: string, delimiter: string, file: string, line: number): string[] {
  const fields: string[] = [];
  let field = "";
  let i = 0;
  const n = text.length;
  while (true) {
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        field += c;
        i++;
      }
      if (!closed) {
        throw new SegmentError("unterminated quoted field", {
          file,
          line,
          column: fields.length + 1,
          found: "the end of the record inside quotes",
          expected: 'a closing quote (")'
        });
      }
    }
    const next = text.indexOf(delimiter, i);
    const stop = next === -1 ? n : next;
    field += text.slice(i, stop);
    fields.push(field);
    field = "";
    if (next === -1) break;
    i = next + 1;
  }
  return fields;
}
