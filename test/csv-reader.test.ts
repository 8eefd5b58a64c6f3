import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {detectDelimiter, readCsv, splitQuoted} from "../data-loaders/csv-reader.ts";
import {SegmentError} from "../data-loaders/errors.ts";
import type {Delimiter} from "../data-loaders/types.ts";
import {rejection} from "./segment-error-of.ts";

interface Parsed {
  header: string[];
  delimiter: Delimiter;
  records: {fields: string[]; line: number}[];
  count: number;
}

/** Cuts the bytes into chunks whose sizes cycle through `sizes`; each chunk is a copy, as a stream would hand over. */
async function* chunksOf(bytes: Buffer, sizes: number | number[]): AsyncGenerator<Buffer> {
  const cycle = Array.isArray(sizes) ? sizes : [sizes];
  let i = 0;
  for (let at = 0; at < bytes.length; i++) {
    const size = cycle[i % cycle.length];
    yield Buffer.from(bytes.subarray(at, at + size));
    at += size;
  }
}

async function parse(
  input: string | Buffer,
  sizes: number | number[] = 1 << 16,
  delimiter?: Delimiter | "auto"
): Promise<Parsed> {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  let header: string[] | undefined;
  let headerDelimiter: Delimiter | undefined;
  const records: {fields: string[]; line: number}[] = [];
  const result = await readCsv(chunksOf(bytes, sizes), {
    file: "test.csv",
    delimiter,
    onHeader: (h, d) => {
      assert.equal(records.length, 0, "the header comes before any record");
      header = h;
      headerDelimiter = d;
    },
    onRecord: (fields, line) => records.push({fields, line})
  });
  assert.deepEqual(result.header, header);
  assert.equal(result.delimiter, headerDelimiter);
  return {header: result.header, delimiter: result.delimiter, records, count: result.records};
}

describe("readCsv", () => {
  test("readCsv(chunks) reads a header and records with their 1-based lines", async () => {
    const {header, records, count, delimiter} = await parse("a,b,c\n1,2,3\n4,5,6\n");
    assert.deepEqual(header, ["a", "b", "c"]);
    assert.equal(delimiter, ",");
    assert.deepEqual(records, [
      {fields: ["1", "2", "3"], line: 2},
      {fields: ["4", "5", "6"], line: 3}
    ]);
    assert.equal(count, 2);
  });

  test("readCsv(chunks) keeps a quoted field that straddles two chunks", async () => {
    const text = 'id,text\n1,"hello, wide world"\n2,x\n';
    const cut = text.indexOf("wide");
    const {records} = await parse(text, [cut, 1 << 16]);
    assert.deepEqual(records, [
      {fields: ["1", "hello, wide world"], line: 2},
      {fields: ["2", "x"], line: 3}
    ]);
  });

  test("readCsv(chunks) keeps newlines, delimiters and doubled quotes inside quoted fields", async () => {
    const text = 'id,text,n\n1,"line one\nline ""two"", and\nthree",9\n2,plain,8\n';
    const {records} = await parse(text, 5);
    assert.deepEqual(records, [
      {fields: ["1", 'line one\nline "two", and\nthree', "9"], line: 2},
      {fields: ["2", "plain", "8"], line: 5}
    ]);
  });

  test("readCsv(chunks) counts physical lines after a multi-line header", async () => {
    const {header, records} = await parse('"first\ncolumn",b\n1,2\n');
    assert.deepEqual(header, ["first\ncolumn", "b"]);
    assert.deepEqual(records, [{fields: ["1", "2"], line: 3}]);
  });

  test("readCsv(chunks) drops the \\r of CRLF line ends but keeps \\r\\n inside quotes", async () => {
    const {header, records} = await parse('a,b\r\n1,"x\r\ny"\r\n2,3\r\n', 3);
    assert.deepEqual(header, ["a", "b"]);
    assert.deepEqual(records, [
      {fields: ["1", "x\r\ny"], line: 2},
      {fields: ["2", "3"], line: 4}
    ]);
  });

  test("readCsv(chunks) reads a last line that has no newline", async () => {
    const {records} = await parse("a,b\n1,2\n3,4");
    assert.deepEqual(records.at(-1), {fields: ["3", "4"], line: 3});
    const quoted = await parse('a,b\n1,"x\ny"');
    assert.deepEqual(quoted.records, [{fields: ["1", "x\ny"], line: 2}]);
    const crlf = await parse("a,b\r\n1,2\r");
    assert.deepEqual(crlf.records, [{fields: ["1", "2"], line: 2}]);
  });

  test("readCsv(chunks) hands blank lines over as one empty field", async () => {
    const {records} = await parse("a,b\n\n1,2\n\r\n");
    assert.deepEqual(records, [
      {fields: [""], line: 2},
      {fields: ["1", "2"], line: 3},
      {fields: [""], line: 4}
    ]);
  });

  test("readCsv(chunks) strips a UTF-8 BOM before the header", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a,b\n1,2\n")]);
    const {header, records} = await parse(bytes);
    assert.deepEqual(header, ["a", "b"]);
    assert.deepEqual(records, [{fields: ["1", "2"], line: 2}]);
  });

  test("readCsv(chunks) strips a BOM split across chunks of 1 and 2 bytes", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a,b\n1,2\n")]);
    for (const size of [1, 2]) {
      const {header} = await parse(bytes, size);
      assert.deepEqual(header, ["a", "b"], `chunk size ${size}`);
    }
  });

  test("readCsv(chunks) keeps a \\uFEFF that is not at the start of the file", async () => {
    const {records} = await parse("a,b\n\uFEFFx,y\n");
    assert.deepEqual(records, [{fields: ["\uFEFFx", "y"], line: 2}]);
  });

  test("readCsv(chunks) decodes multi-byte characters split between chunks", async () => {
    const text = 'name,city\nZoë,Zürich\n😀,"漢字, 😀"\n';
    for (const size of [1, 2, 3, 5]) {
      const {header, records} = await parse(text, size);
      assert.deepEqual(header, ["name", "city"]);
      assert.deepEqual(
        records.map((r) => r.fields),
        [
          ["Zoë", "Zürich"],
          ["😀", "漢字, 😀"]
        ],
        `chunk size ${size}`
      );
    }
  });

  test("readCsv(chunks) detects semicolon and tab delimiters from the header", async () => {
    const semicolon = await parse("a;b;c\n1,5;2;3\n");
    assert.equal(semicolon.delimiter, ";");
    assert.deepEqual(semicolon.records[0].fields, ["1,5", "2", "3"]);
    const tab = await parse("a\tb\n1,2\t3\n");
    assert.equal(tab.delimiter, "\t");
    assert.deepEqual(tab.records[0].fields, ["1,2", "3"]);
  });

  test("readCsv(chunks, {delimiter}) uses the given delimiter instead of detecting one", async () => {
    const {header, delimiter, records} = await parse("a,b,c;d\n1,2,3;4\n", 1 << 16, ";");
    assert.equal(delimiter, ";");
    assert.deepEqual(header, ["a,b,c", "d"]);
    assert.deepEqual(records[0].fields, ["1,2,3", "4"]);
  });

  test("readCsv(chunks) keeps text after a closing quote, as RFC 4180 readers do", async () => {
    const {records} = await parse('a,b\n"x"y,"z"\n');
    assert.deepEqual(records[0].fields, ["xy", "z"]);
  });

  test("readCsv(chunks) throws SegmentError at EOF inside quotes, naming line and column", async () => {
    const error = await rejection(parse('a,b,c\n1,2,3\n4,5,"open\nstill open\n', 4));
    assert.match(error.message, /unterminated quoted field/);
    assert.equal(error.details.file, "test.csv");
    assert.equal(error.details.line, 3);
    assert.equal(error.details.column, 3);
    assert.equal(error.details.found, "the end of the file inside quotes");
  });

  test("readCsv(chunks) throws SegmentError 'the file is empty' for no bytes or a lone BOM", async () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf])]) {
      const error = await rejection(parse(bytes));
      assert.match(error.message, /the file is empty/);
      assert.equal(error.details.line, 1);
    }
  });

  test("readCsv(chunks) reads a header-only file as zero records", async () => {
    const {header, records, count} = await parse("a,b\n");
    assert.deepEqual(header, ["a", "b"]);
    assert.deepEqual(records, []);
    assert.equal(count, 0);
  });
});

describe("detectDelimiter", () => {
  test("detectDelimiter picks the most frequent of comma, semicolon and tab", () => {
    assert.equal(detectDelimiter("a,b,c"), ",");
    assert.equal(detectDelimiter("a;b;c,d"), ";");
    assert.equal(detectDelimiter("a\tb\tc;d"), "\t");
  });

  test("detectDelimiter ignores delimiters inside quotes", () => {
    assert.equal(detectDelimiter('"a,b";"c,d";e'), ";");
  });

  test("detectDelimiter falls back to a comma on a single column or a tie", () => {
    assert.equal(detectDelimiter("only"), ",");
    assert.equal(detectDelimiter("a,b;c"), ",");
  });
});

describe("splitQuoted", () => {
  test('splitQuoted reads "" as a literal quote and keeps delimiters inside quotes', () => {
    assert.deepEqual(splitQuoted('"a ""b"", c",d', ",", "f", 1), ['a "b", c', "d"]);
  });

  test("splitQuoted keeps empty fields, quoted and unquoted", () => {
    assert.deepEqual(splitQuoted('"",,x,', ",", "f", 1), ["", "", "x", ""]);
  });

  test("splitQuoted throws SegmentError on an unterminated quote, naming the field", () => {
    assert.throws(
      () => splitQuoted('a,b,"open', ",", "f.csv", 7),
      (error: unknown) =>
        error instanceof SegmentError &&
        error.details.file === "f.csv" &&
        error.details.line === 7 &&
        error.details.column === 3
    );
  });
});

// A record is written from known fields; reading it back at any chunking must give those fields and their line.
const plainChar = fc.constantFrom("a", "b", "Z", "0", "9", " ", "-", ".", "é", "ß", "漢", "😀", "\u00a0");
const quotedChar = fc.constantFrom("a", "x", " ", ",", ";", "\t", '"', "\n", "\r\n", "é", "漢", "😀", "'");
const plainField = fc.string({unit: plainChar, maxLength: 6});
const quotedField = fc.string({unit: quotedChar, maxLength: 8}).map((text) => ({quoted: text}));
const field = fc.oneof(plainField, quotedField);
const csvDocument = fc.record({
  delimiter: fc.constantFrom<Delimiter>(",", ";", "\t"),
  lineEnd: fc.constantFrom("\n", "\r\n"),
  finalNewline: fc.boolean(),
  rows: fc.array(fc.array(field, {minLength: 1, maxLength: 4}), {minLength: 1, maxLength: 6})
});
const chunking = fc.oneof(
  fc.constantFrom(1, 2, 3, 7, 64, 4096),
  fc.array(fc.integer({min: 1, max: 9}), {minLength: 1, maxLength: 5})
);

interface CsvDocument {
  delimiter: Delimiter;
  lineEnd: string;
  finalNewline: boolean;
  rows: (string | {quoted: string})[][];
}

function writeDocument(document: CsvDocument): {text: string; rows: string[][]; lines: number[]} {
  let text = "";
  let line = 1;
  const lines: number[] = [];
  const rows: string[][] = [];
  document.rows.forEach((row, index) => {
    lines.push(line);
    rows.push(row.map((f) => (typeof f === "string" ? f : f.quoted)));
    const written = row
      .map((f) => (typeof f === "string" ? f : `"${f.quoted.replaceAll('"', '""')}"`))
      .join(document.delimiter);
    const last = index === document.rows.length - 1;
    // A record written as nothing is only a record when a line end follows it.
    const end = !last || document.finalNewline || written === "" ? document.lineEnd : "";
    text += written + end;
    line += (written.match(/\n/g)?.length ?? 0) + (end ? 1 : 0);
  });
  return {text, rows, lines};
}

describe("readCsv properties", () => {
  test("readCsv(chunks) agrees with the records it was written from at every chunk size", async () => {
    await fc.assert(
      fc.asyncProperty(csvDocument, chunking, async (document, sizes) => {
        const {text, rows, lines} = writeDocument(document);
        const parsed = await parse(text, sizes, document.delimiter);
        assert.deepEqual(parsed.header, rows[0]);
        assert.deepEqual(
          parsed.records,
          rows.slice(1).map((fields, i) => ({fields, line: lines[i + 1]}))
        );
        assert.equal(parsed.count, rows.length - 1);
      }),
      {numRuns: 300}
    );
  });

  test("readCsv(chunks) agrees with the records it was written from when the file starts with a BOM", async () => {
    await fc.assert(
      fc.asyncProperty(csvDocument, chunking, async (document, sizes) => {
        const {text, rows} = writeDocument(document);
        const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
        const parsed = await parse(bytes, sizes, document.delimiter);
        assert.deepEqual(parsed.header, rows[0]);
        assert.deepEqual(
          parsed.records.map((r) => r.fields),
          rows.slice(1)
        );
      }),
      {numRuns: 200}
    );
  });

  test("readCsv(chunks) gives the same records whatever the chunking", async () => {
    await fc.assert(
      fc.asyncProperty(csvDocument, chunking, async (document, sizes) => {
        const {text} = writeDocument(document);
        const whole = await parse(text, 1 << 20, document.delimiter);
        const cut = await parse(text, sizes, document.delimiter);
        assert.deepEqual(cut, whole);
      }),
      {numRuns: 200}
    );
  });
});
