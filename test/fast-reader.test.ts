import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {createReadStream, readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {createGunzip} from "node:zlib";
import fc from "fast-check";
import {SegmentError} from "../data-loaders/errors.ts";
import type {ReadWorker} from "../data-loaders/fast-parallel-read.ts";
import {readTransactionStream, type TransactionStream} from "../data-loaders/read-transactions.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";
import type {Delimiter} from "../data-loaders/types.ts";
import {startReadWorker} from "../scripts/start-read-worker.ts";
import {bookSnapshot} from "./book-snapshot.ts";
import {inProcessReadWorker} from "./in-process-read-worker.ts";
import {uciHeader} from "./uci-header.ts";

// The byte readers (weekly and invoice files) must put every line where the string reader puts it: same entries
// in the same order with bit-identical sums, same customers and countries, same ledger, same errors, whatever
// the chunks the bytes arrive in, and whether the records are parsed on this thread or on a reader thread.

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const settingsFor = (patch: Partial<Settings> = {}): Settings => ({...defaultSettings, input: "test.csv", ...patch});

/** Chunk sizes every input is read at: each size from 1 to 70 bytes, and a few large ones. */
const chunkSizes = [...Array.from({length: 70}, (_, i) => i + 1), 4093, 65536, 1 << 20];
/** Chunk sizes every input is also read at on two threads, where records cut by chunks are put together anew. */
const threadChunkSizes = [1, 2, 3, 5, 8, 13, 21, 64, 4093, 1 << 20];

/**
 * How a read is made: `strings` (the reference), `auto` (bytes, one thread), `threads` (bytes, records parsed by a
 * reader on this thread's event loop, through the same messages) and `worker` (a real reader thread).
 */
type Reader = "strings" | "auto" | "threads" | "worker";

const readOptions = (reader: Reader) =>
  reader === "threads"
    ? {startWorker: inProcessReadWorker}
    : reader === "worker"
      ? {startWorker: startReadWorker}
      : {reader};

/** Cuts the bytes into chunks of `size`; each chunk is a copy, as a stream hands over fresh buffers. */
async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
}

/** Everything a read produces, with the sums as read (not rounded), or the error it stopped with. */
function snapshot(read: TransactionStream) {
  const {book, ledger} = read;
  return {
    format: read.format,
    frequency: read.frequency,
    delimiter: read.delimiter,
    lines: read.lines,
    ...bookSnapshot(book),
    ledger: ledger.toJSON(),
    ledgerLines: ledger.totalLines,
    ledgerRevenue: ledger.totalRevenue
  };
}

type Outcome = {read: ReturnType<typeof snapshot>} | {error: {name: string; message: string; details: unknown}};

async function outcome(chunks: AsyncIterable<Buffer>, settings: Settings, reader: Reader): Promise<Outcome> {
  try {
    return {read: snapshot(await readTransactionStream(chunks, settings, readOptions(reader)))};
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const details = error instanceof SegmentError ? error.details : undefined;
    return {error: {name: error.name, message: error.message, details}};
  }
}

/** Reads `bytes` with the string reader once and with the byte reader at every chunk size; all must agree. */
async function assertSameEverywhere(bytes: Buffer, settings: Settings, label = ""): Promise<Outcome> {
  const expected = await outcome(chunksOf(bytes, Math.max(bytes.length, 1)), settings, "strings");
  for (const size of chunkSizes) {
    const actual = await outcome(chunksOf(bytes, size), settings, "auto");
    assert.deepEqual(
      actual,
      expected,
      `${label} chunk size ${size}: ${JSON.stringify(bytes.toString("latin1").slice(0, 400))}`
    );
  }
  for (const size of threadChunkSizes) {
    const actual = await outcome(chunksOf(bytes, size), settings, "threads");
    assert.deepEqual(
      actual,
      expected,
      `${label} two threads, chunk size ${size}: ${JSON.stringify(bytes.toString("latin1").slice(0, 400))}`
    );
  }
  return expected;
}

const text = (...lines: string[]) => Buffer.from(lines.join("\n"), "utf8");
const weeklyHeader = "country,id,week.year,revenue,units";
const invoiceHeader = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

function readOf(result: Outcome) {
  assert.ok("read" in result, `expected a read, got ${JSON.stringify(result)}`);
  return result.read;
}

describe("byte reader against the string reader: written cases", () => {
  test("the fixtures read alike at every chunk size (weekly, invoice; mapped goes to the string reader)", async () => {
    await assertSameEverywhere(readFileSync(fixture("weekly.csv")), settingsFor());
    await assertSameEverywhere(readFileSync(fixture("invoices.csv")), settingsFor());
    const mapped = await assertSameEverywhere(
      readFileSync(fixture("mapped.tsv")),
      settingsFor({
        map: {customer: "Client", date: "Day", amount: "Total", country: "Land"},
        dateFormat: "DD.MM.YYYY",
        decimal: ","
      })
    );
    assert.equal(readOf(mapped).format, "mapped");
  });

  test("weekly lines with quotes, CRLF, a BOM and a last line without newline", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        `${weeklyHeader}\r\nKR,702234,3.2019,"808,08",1\r\nKR,702234,6.2019,"1606,80",2\r\n"US", 7 ,1.2019,"-8,08",-1\r\nKR,702234,3.2019,"1,01",1`
      )
    ]);
    const read = readOf(await assertSameEverywhere(bytes, settingsFor()));
    assert.deepEqual(read.customerIds, ["KR702234", "US7"]);
    assert.equal(read.size, 3);
    assert.deepEqual(read.columns.rows, [2, 1, 1]);
  });

  test("numbers of more than 15 digits, whose digits one by one round otherwise, are parsed as parseDecimal does", async () => {
    // Each amount's mantissa is not exact in a double: summed digit by digit and divided, it rounds to another
    // double than the text does (9.11719970291045 for 9.117199702910447).
    const amounts = ["9,11719970291044745", "545352568,043154256", "-605,820966336908265"];
    const bytes = text(
      weeklyHeader,
      ...amounts.map((amount, i) => `KR,${i},1.2019,"${amount}",1`),
      'KR,9,1.2019,"1,00",9.11719970291044745',
      ""
    );
    const read = readOf(await assertSameEverywhere(bytes, settingsFor()));
    assert.deepEqual(
      read.columns.revenue.slice(0, 3),
      amounts.map((amount) => Number(amount.replace(",", ".")))
    );
  });

  test("weeks that read as the same numbers but for the year's digits, one after the other", async () => {
    // 1.202 is week 1 of 2020, 1.0202 of the year 202, which is refused; 01.2020 and 1.2020 are the same week;
    // 54.2019, 1.20199 and 100.2019 are refused too, and 1.2 is week 1 of 2000.
    const weeks = ["1.202", "1.0202", "1.202", "01.2020", "1.2020", "53.2019", "54.2019", "1.20199", "100.2019", "1.2"];
    const bytes = text(weeklyHeader, ...weeks.map((week, i) => `KR,${i},${week},"1,00",1`), "");
    const read = readOf(await assertSameEverywhere(bytes, settingsFor()));
    assert.equal(read.ledger.unparsable_date.lines, 4);
  });

  test("runs of unusual lines, which pause the one-pass reading, between runs of usual ones", async () => {
    const usual = (i: number) => `KR,${i},${1 + (i % 50)}.2019,"${i},${i % 100}",${i % 7}`;
    const unusual = (i: number) => `KR,${i},${1 + (i % 50)}.2019,"${i},${i % 100}",+${i % 7}`;
    const lines = [
      ...Array.from({length: 20}, (_, i) => unusual(i)),
      ...Array.from({length: 300}, (_, i) => usual(100 + i)),
      ...Array.from({length: 9}, (_, i) => unusual(500 + i)),
      ...Array.from({length: 40}, (_, i) => (i % 2 === 0 ? usual(600 + i) : unusual(600 + i))),
      ...Array.from({length: 300}, (_, i) => usual(700 + i))
    ];
    const read = readOf(await assertSameEverywhere(text(weeklyHeader, ...lines, ""), settingsFor()));
    assert.equal(read.lines, lines.length);
  });

  test("every ledger reason of the weekly format, blank and malformed lines included", async () => {
    const bytes = text(
      weeklyHeader,
      'KR,1,1.2019,"1,00",1',
      "",
      "   ",
      '""',
      "KR,1,1.2019,1",
      "KR,1,1.2019,1,1,1",
      'KR,,1.2019,"5,00",1',
      "KR, ,1.2019,x,1",
      'KR,2,1.2019,"1.5",1',
      'KR,2,54.2019,"2,00",1',
      'KR,2,1.,"2,00",1',
      'KR,2,1.2019,"2,00",x',
      'KR,2,1.202,"2,00",2.5',
      "KR,2,1.2019,808,08,1",
      ""
    );
    const read = readOf(await assertSameEverywhere(bytes, settingsFor()));
    assert.deepEqual(Object.keys(read.ledger), [
      "blank_line",
      "malformed_line",
      "missing_customer_id",
      "unparsable_date",
      "unparsable_amount",
      "unparsable_quantity"
    ]);
  });

  test('records the scanner hands to the string parser: quotes inside fields, text after a closing quote, "" in keys', async () => {
    const bytes = text(
      weeklyHeader,
      'K"R,1,1.2019,"1,00",1',
      'KR,1,1.2019,"1,00"x,1',
      '"K""R",1,1.2019,"1,00",1',
      'KR,"1""",1.2019,"2,00",1',
      'KR,1,"1.2019"\r,"1,00",1',
      'KR,1,1.2019,"1,00",1 ',
      'KR,1,1.2019,"1,00","1\n"',
      'KR,"a\r\nb",1.2019,"3,00",1'
    );
    await assertSameEverywhere(bytes, settingsFor());
  });

  test("trimming: ASCII spaces and tabs on bytes, U+00A0 and U+FEFF as strings, and non-breaking keys", async () => {
    const bytes = text(
      weeklyHeader,
      ' KR ,\t702234\t, 1.2019 ," 808,08 ", 1 ',
      '\vKR\f,\f702234\v,\v1.2019\f,"\f808,08\v",\v1\f',
      'KR,\u00a0702234,1.2019,"1,00",1',
      '\u00a0KR\u00a0,702234,1.2019,"\u00a01,00",\u00a01',
      'KR,\ufeff702234,\u00a01.2019\u00a0,"1,00",1',
      'KR,702234\u00a0x,1.2019,"1,00",1',
      '\u00a0,\u00a0,1.2019,"1,00",1',
      'KR,\u2003,1.2019,"1,00",1',
      "\u00a0"
    );
    const read = readOf(await assertSameEverywhere(bytes, settingsFor()));
    assert.ok(read.customerIds.includes("KR702234"));
    assert.ok(read.customerIds.includes("KR702234\u00a0x"));
  });

  test("customer keys are text: country + id split anywhere is one customer, and invalid UTF-8 bytes that decode alike are one", async () => {
    const bytes = Buffer.concat([
      text(weeklyHeader, 'KR,702234,1.2019,"1,00",1', 'KR7,02234,1.2019,"2,00",1', 'KR70,2234,2.2019,"3,00",1', ""),
      Buffer.from('KR,\xff1,1.2019,"1,00",1\nKR,\xfe1,1.2019,"2,00",1\n', "latin1"),
      Buffer.from('KR,\ufffd1,3.2019,"4,00",1\nKR,\xc3,1.2019,"5,00",1\n\xc3\xa9,\xa91,1.2019,"6,00",1\n', "utf8"),
      Buffer.from('\xc3,\xa91,1.2019,"7,00",1\n', "latin1"),
      // Invalid bytes inside a key, where trimming does not see them: "1\xff1" and "1\xfe1" are both "1\ufffd1".
      Buffer.from('KR,1\xff1,1.2019,"1,00",1\nKR,1\xfe1,1.2019,"2,00",1\nKR,1\xc31,2.2019,"3,00",1\n', "latin1"),
      Buffer.from('KR,1\ufffd1,3.2019,"4,00",1\n', "utf8")
    ]);
    const read = readOf(await assertSameEverywhere(bytes, settingsFor()));
    assert.equal(read.customerIds[0], "KR702234");
    assert.ok(read.countries.includes("KR"));
    assert.equal(read.customerIds.filter((id) => id === "KR1\ufffd1").length, 1);
  });

  test("invalid UTF-8 inside keys, where trimming does not see it: bytes that decode alike are one key", async () => {
    // "1\xff1", "1\xfe1" and "1\ufffd1" all decode to "1\ufffd1". Each file has one kind of odd key only, so
    // that nothing else has made the reader look keys up by text before.
    const latin1 = (...lines: string[]) => Buffer.from(lines.join("\n"), "latin1");
    const ids = ["1\xff1", "1\xfe1", "1\xef\xbf\xbd1", "1\xc3\xa91", "1\xe91"];
    const weekly = latin1(weeklyHeader, ...ids.map((id, i) => `KR,${id},${i + 1}.2019,"1,00",1`));
    assert.equal(readOf(await assertSameEverywhere(weekly, settingsFor())).customerIds.length, 2);
    const customers = latin1(invoiceHeader, ...ids.map((id, i) => `${i},A,x,1,12/1/2010 8:26,1,${id},France`));
    assert.equal(readOf(await assertSameEverywhere(customers, settingsFor())).customerIds.length, 2);
    const invoices = latin1(invoiceHeader, ...ids.map((id, i) => `5${id},A,x,1,12/1/2010 8:26,1,${i % 2},France`));
    assert.equal(readOf(await assertSameEverywhere(invoices, settingsFor())).size, 3);
  });

  test("an order number of invalid UTF-8 after valid ones: earlier orders keep their numbers, and bytes that decode alike are one order", async () => {
    const invoices = Buffer.from(
      [
        invoiceHeader,
        "536365,A,x,1,12/1/2010 8:26,1,1,France",
        "536366,A,x,2,12/1/2010 9:26,1,2,France",
        "5\xff1,A,x,3,12/2/2010 8:26,1,1,France",
        "5\xfe1,A,x,4,12/2/2010 8:26,1,1,France",
        "536365,A,x,5,12/1/2010 8:26,1,1,France",
        "536367,A,x,6,12/3/2010 8:26,1,2,France"
      ].join("\n"),
      "latin1"
    );
    const read = readOf(await assertSameEverywhere(invoices, settingsFor()));
    assert.equal(read.size, 4);
    assert.deepEqual(read.columns.rows, [2, 1, 2, 1]);
    assert.deepEqual(read.columns.order, [0, 1, 2, 3]);
  });

  test("a customer's country counts lines that came as strings and lines that came as bytes alike", async () => {
    // 17850 is seen in France by bytes, in Austria as text (the id is padded with U+00A0), then twice more in
    // France by bytes: France wins 3 to 1; without counting the later lines, Austria would win the tie.
    const invoices = text(
      invoiceHeader,
      "1,A,x,1,12/1/2010 8:26,1,17850,France",
      "2,A,x,1,12/1/2010 8:26,1,\u00a017850,Austria",
      "3,A,x,1,12/1/2010 8:26,1,17850,France",
      "4,A,x,1,12/1/2010 8:26,1,17850,France"
    );
    assert.deepEqual(readOf(await assertSameEverywhere(invoices, settingsFor())).countries, ["France"]);
    const weekly = text(
      weeklyHeader,
      'KR,702234,1.2019,"1,00",1',
      '\u00a0K,R702234,2.2019,"1,00",1',
      'KR,702234,3.2019,"1,00",1',
      'KR,702234,4.2019,"1,00",1'
    );
    assert.deepEqual(readOf(await assertSameEverywhere(weekly, settingsFor())).countries, ["KR"]);
  });

  test("invoice lines: cancellations, non-product codes (also non-ASCII and upper-cased ones), prices, dates, settings", async () => {
    const bytes = text(
      invoiceHeader,
      "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
      '536365,71053,"METAL LANTERN, WHITE",6,12/1/2010 8:26,3.39,17850,United Kingdom',
      "C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom",
      "c536380,POST,postage,1,12/1/2010 9:41,18,14527,France",
      "536381, post ,Postage,1,2010-12-01 09:45:00,18,14527,France",
      "536382,ß,strasse,1,12/01/2010 10:00:00,1,12347,Iceland",
      "536382,Ss,strasse,1,13/1/2010 10:00,1,12347,Iceland",
      '536383,A,"He said ""hi""",0,12/1/2010 10:00,1,12348,Finland',
      "536383,A,x,1,12/1/2010 10:00,0,12348,Finland",
      "536383,A,x,1,12/1/2010 10:00,-1,12348,Finland",
      "536384,A,x,1.5,12/1/2010 10:00,x,,Finland",
      "536384,A,x,x,12/1/2010 10:00,1,12348,Finland",
      "536384,A,x,1,2/29/2011 10:00,1,12348,Finland",
      "536385,A,x,1,2010-12-09T12:50:00Z,1,12348,Finland",
      "536365,A,x,1,12/1/2010 8:26,1,17850,France",
      "536386,A,x,1,12/1/2010 8:26,1,17850,United Kingdom",
      "536365,A,x,1,12/2/2010 8:26,1,17850,United Kingdom"
    );
    for (const patch of [
      {},
      {cancellations: "net" as const},
      {nonProduct: "exclude" as const},
      {nonProduct: "exclude" as const, nonProductCodes: ["post", "ß", "Ç", "d"], cancellations: "net" as const}
    ]) {
      await assertSameEverywhere(bytes, settingsFor(patch), JSON.stringify(patch));
    }
  });

  test("semicolons, tabs, forced delimiters and forced formats", async () => {
    await assertSameEverywhere(
      text("country;id;week.year;revenue;units", "KR;1;1.2019;808,08;1", 'KR;1;2.2019;"1;5";1'),
      settingsFor()
    );
    await assertSameEverywhere(
      text(invoiceHeader.replaceAll(",", "\t"), "1\tA\tx, y\t1\t12/1/2010 8:26\t2.5\t17850\tFrance"),
      settingsFor()
    );
    await assertSameEverywhere(text(weeklyHeader, "KR,1,1.2019,1,1"), settingsFor({delimiter: ";"}));
    await assertSameEverywhere(text(weeklyHeader, "KR,1,1.2019,1,1"), settingsFor({delimiter: ";", format: "weekly"}));
    await assertSameEverywhere(
      text(invoiceHeader, "1,A,x,1,12/1/2010 8:26,2.5,17850,France"),
      settingsFor({format: "weekly"})
    );
    await assertSameEverywhere(
      text("Id,Country,Units,Revenue,Week.Year,Note", '1,KR,1,"1,5",1.2019,"a\nb"', "1,KR,1,2,1.2019,"),
      settingsFor()
    );
    // A header over three lines: data lines are numbered from line 4.
    const tall = readOf(
      await assertSameEverywhere(
        text(`${weeklyHeader},"a\nnote\non three lines"`, "KR,1,x,1,1,", "KR,1,1.2019,1,1,"),
        settingsFor()
      )
    );
    assert.deepEqual(tall.ledger.unparsable_date.examples, [4]);
    assert.deepEqual(tall.columns.firstLine, [5]);
  });

  test("errors: empty files, lone BOMs, header-only files, open quotes at the end, unknown headers", async () => {
    for (const bytes of [
      Buffer.alloc(0),
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from([0xef, 0xbb]),
      Buffer.from([0xef]),
      Buffer.concat([Buffer.from([0xef, 0xbb]), Buffer.from(`x${weeklyHeader}\nKR,1,1.2019,1,1\n`)]),
      Buffer.from("\n"),
      text(weeklyHeader),
      text(weeklyHeader, ""),
      text(weeklyHeader, 'KR,1,1.2019,"1,00'),
      text(weeklyHeader, 'KR,1,1.2019,"1,00",1', 'KR,1,"1.2019,"1,00",1\n'),
      text(weeklyHeader, 'KR,1,1.2019,"1,00",1', 'x"y,"z'),
      text(weeklyHeader, 'x"y,"z', 'KR,1,1.2019,"1,00",1'),
      text('"country,id', "KR,1"),
      text('country,"id', 'x",week.year,revenue,units', "KR,1,1.2019,1,1"),
      text("a,b", "1,2")
    ]) {
      const result = await assertSameEverywhere(bytes, settingsFor());
      assert.ok("error" in result || "read" in result);
    }
  });

  test("keys longer than 16 bytes, many customers and orders, lines of one order far apart", async () => {
    const lines = [invoiceHeader];
    for (let i = 0; i < 400; i++) {
      const invoice = `5${(i * 7919) % 97}`;
      lines.push(
        `${invoice},A,x,${(i % 5) - 1},${1 + (i % 12)}/${1 + (i % 28)}/2011 8:00,${i % 3}.25,customer-with-a-long-id-${i % 37},${["France", "Spain", "EIRE"][i % 3]}`
      );
    }
    const read = readOf(await assertSameEverywhere(text(...lines), settingsFor({cancellations: "net"})));
    assert.equal(read.customerIds.length, 37);
  });

  test("readTransactionStream(chunks, settings, {startWorker}) fails with the error of a reader thread that dies", async () => {
    const died = new Error("the reader thread stopped early, with exit code 1");
    let stopped = 0;
    const dying = (): ReadWorker => ({
      port: {postMessage: () => {}, onMessage: () => {}},
      onFailure: (listener) => void setTimeout(() => listener(died), 5),
      stop: () => void stopped++
    });
    const bytes = text(weeklyHeader, ...Array.from({length: 1000}, () => 'KR,1,1.2019,"1,00",1'));
    await assert.rejects(readTransactionStream(chunksOf(bytes, 4096), settingsFor(), {startWorker: dying}), died);
    assert.equal(stopped, 1);
  });

  test("progress is reported every million lines, by every reader alike", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${weeklyHeader}\n`),
      Buffer.from('KR,1,1.2019,"1,00",1\n'.repeat(2_000_001))
    ]);
    const heard: Record<string, number[]> = {auto: [], strings: [], threads: []};
    for (const reader of ["auto", "strings", "threads"] as const) {
      const read = await readTransactionStream(chunksOf(bytes, 1 << 20), settingsFor(), {
        ...readOptions(reader),
        onProgress: (lines) => heard[reader].push(lines)
      });
      assert.equal(read.lines, 2_000_001);
    }
    assert.deepEqual(heard.auto, [1_000_000, 2_000_000]);
    assert.deepEqual(heard.strings, [1_000_000, 2_000_000]);
    assert.deepEqual(heard.threads, [1_000_000, 2_000_000]);
  });
});

// Generated files: values from pools that hit every rule (valid, unparsable, blank, padded, non-ASCII, invalid
// UTF-8), fields quoted or not, "" and newlines inside quotes, malformed and irregular lines, mixed line ends.

type Value = string | Buffer;

/** Usual values most of the time, odd ones now and then, so that most lines reach the book and every rule is hit. */
const usually = (usual: fc.Arbitrary<Value>, ...odd: fc.Arbitrary<Value>[]) =>
  fc.oneof({arbitrary: usual, weight: 6}, ...odd.map((arbitrary) => ({arbitrary, weight: 1})));

const weeklyValues = {
  country: usually(
    fc.constantFrom("KR", "US", "DE"),
    fc.constantFrom(" KR ", "kr", "", "Österreich", "\u00a0KR", "K7", "漢")
  ),
  id: usually(
    fc.constantFrom("702234", "7", "02234", "1", "2", "3"),
    fc.constantFrom(" 7 ", "", "  ", "\t1", "\v1\f", "1\u00a0", "\u00a0", "é1", 'a"b'),
    fc.constantFrom(
      ...[
        [0xff, 0x31],
        [0x31, 0xff, 0x31],
        [0x31, 0xfe, 0x31],
        [0x31, 0xef, 0xbf, 0xbd, 0x31],
        [0x31, 0xc3, 0x31]
      ].map((b) => Buffer.from(b))
    )
  ),
  week: usually(
    fc.tuple(fc.integer({min: 0, max: 53}), fc.constantFrom("2019", "2020", "202", "2")).map(([w, y]) => `${w}.${y}`),
    fc.tuple(fc.integer({min: 0, max: 54}), fc.constantFrom("2019", "0", "02019")).map(([w, y]) => `${w}.${y}`),
    fc.constantFrom("", "1.", ".2019", "1.20199", "a.2019", " 3.2019 ", "01.2019", "1,2019")
  ),
  revenue: usually(
    fc
      .tuple(fc.integer({min: -99999, max: 99999}), fc.integer({min: 0, max: 99}))
      .map(([a, b]) => `${a},${String(b).padStart(2, "0")}`),
    fc.constantFrom("0", "-0", "1", "1,", ",5", "808.08", "1.000,00", "", "abc", "  12,5 ", "1234567890123456789,5")
  ),
  units: usually(fc.integer({min: -5, max: 20}).map(String), fc.constantFrom("2.5", "", "x", "1,5", " 3 ", "+1", ".5"))
};

const invoiceValues = {
  invoice: usually(
    fc.constantFrom("536365", "536366", "536367", "536368", "C536379", "c536380"),
    fc.constantFrom(" 536365 ", "", "A1", "Ç1", "\u00a0C5", "53636\u00a0")
  ),
  stockCode: usually(
    fc.constantFrom("85123A", "71053", "22633"),
    fc.constantFrom("POST", "post", " DOT ", "M", "ß", "SS", "C2", "", "BANK CHARGES", "Bank Charges", "Ç")
  ),
  description: usually(
    fc.constantFrom("WHITE HEART", "LANTERN, WHITE", 'He said "hi"', "two\nlines", "many\n\n\n\n\n\nlines", ""),
    fc.string({unit: fc.constantFrom("a", " ", ",", ";", "\t", '"', "\n", "\r\n", "é"), maxLength: 8})
  ),
  quantity: usually(fc.integer({min: -2, max: 24}).map(String), fc.constantFrom("2.5", "", "x", " 3 ", "1e3", "-0")),
  date: usually(
    fc
      .tuple(fc.integer({min: 1, max: 12}), fc.integer({min: 1, max: 28}), fc.constantFrom(2010, 2011))
      .map(([m, d, y]) => `${m}/${d}/${y} 8:26`),
    fc.constantFrom("12/01/2010 08:26", "2010-12-01 08:26:00", "2010-12-01"),
    fc.constantFrom(
      "13/1/2010 8:26",
      "2/29/2011 1:00",
      "",
      "yesterday",
      " 12/1/2010 8:26 ",
      "12/1/2010 8:26:61",
      "12/1/10 8:26"
    )
  ),
  price: usually(
    fc.tuple(fc.integer({min: 0, max: 30}), fc.integer({min: 0, max: 99})).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom("0", "-1.5", "", "x", "1,5")
  ),
  customer: usually(
    fc.constantFrom("17850", "12347", "14527", "12348"),
    fc.constantFrom("", " ", " 17850 ", "\f17850\v", "\u00a012347", "é1"),
    fc.constantFrom(
      ...[
        [0xc3, 0x28],
        [0x31, 0xff, 0x31],
        [0x31, 0xfe, 0x31],
        [0x31, 0xef, 0xbf, 0xbd, 0x31]
      ].map((b) => Buffer.from(b))
    )
  ),
  country: usually(
    fc.constantFrom("United Kingdom", "France"),
    fc.constantFrom("", " EIRE ", "Österreich", "\u00a0France")
  )
};

const quoting = fc.constantFrom(..."aaaaaawww", "n").map((c) => ({a: "auto", w: "always", n: "never"})[c]!);
const lineEnd = fc.constantFrom("\n", "\n", "\r\n", "\r\r\n");

/** Writes one field: quoted when it must be (or always), unquoted even when it should not be (never). */
function writeField(value: Value, delimiter: string, how: string): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const needs = bytes.some((b) => b === delimiter.charCodeAt(0) || b === 34 || b === 10 || b === 13);
  if (how === "always" || (how === "auto" && needs)) {
    return Buffer.concat([
      Buffer.from('"'),
      Buffer.from(bytes.toString("latin1").replaceAll('"', '""'), "latin1"),
      Buffer.from('"')
    ]);
  }
  return bytes;
}

interface Row {
  values: Value[];
  how: string[];
  end: string;
  shape: "row" | "blank" | "short" | "long" | "irregular" | "garbage";
  garbage: string;
}

function rowArbitrary(values: fc.Arbitrary<Value>[]): fc.Arbitrary<Row> {
  return fc.record({
    values: fc.tuple(...values),
    how: fc.array(quoting, {minLength: values.length, maxLength: values.length}),
    end: lineEnd,
    shape: fc.constantFrom(
      ...Array<Row["shape"]>(14).fill("row"),
      "blank",
      "short",
      "long",
      "irregular",
      "irregular",
      "garbage"
    ),
    garbage: fc.string({unit: fc.constantFrom("a", ",", ";", '"', " ", "\t", "1", "\n"), maxLength: 10})
  });
}

interface Document {
  delimiter: Delimiter;
  order: number[];
  extra: boolean;
  bom: boolean;
  finalNewline: boolean;
  openQuoteAtEnd: boolean;
  rows: Row[];
}

function documentArbitrary(columns: number, values: fc.Arbitrary<Value>[]): fc.Arbitrary<Document> {
  return fc.record({
    delimiter: fc.constantFrom<Delimiter>(",", ",", ";", "\t"),
    order: fc.shuffledSubarray(
      Array.from({length: columns}, (_, i) => i),
      {minLength: columns, maxLength: columns}
    ),
    extra: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    openQuoteAtEnd: fc.integer({min: 0, max: 14}).map((n) => n === 0),
    rows: fc.array(rowArbitrary(values), {minLength: 1, maxLength: 40})
  });
}

function writeDocument(document: Document, names: string[]): Buffer {
  const d = document.delimiter;
  const parts: Buffer[] = [];
  if (document.bom) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  const header = document.order.map((i) => names[i]);
  if (document.extra) header.push("Note");
  parts.push(Buffer.from(header.join(d) + "\n"));
  document.rows.forEach((row, r) => {
    const fields: Buffer[] = document.order.map((i) => writeField(row.values[i], d, row.how[i]));
    if (document.extra) fields.push(writeField(row.garbage, d, "auto"));
    let line: Buffer;
    if (row.shape === "blank") line = Buffer.from(row.garbage.replace(/[^ \t]/g, ""));
    else if (row.shape === "short")
      line = Buffer.concat(fields.slice(0, -1).flatMap((f, i) => (i ? [Buffer.from(d), f] : [f])));
    else if (row.shape === "garbage") line = Buffer.from(row.garbage.replaceAll("\n", " ").replaceAll('"', "'"));
    else {
      if (row.shape === "long") fields.push(Buffer.from("x"));
      // Balanced quotes where the scanner does not expect them: inside an unquoted field, after a closing one.
      if (row.shape === "irregular")
        fields[r % fields.length] = Buffer.concat([fields[r % fields.length], Buffer.from(r % 2 ? '"x"' : 'x"y"')]);
      line = Buffer.concat(fields.flatMap((f, i) => (i ? [Buffer.from(d), f] : [f])));
    }
    parts.push(line);
    if (r < document.rows.length - 1 || document.finalNewline) parts.push(Buffer.from(row.end));
  });
  if (document.openQuoteAtEnd) parts.push(Buffer.from(`${d}"open`));
  return Buffer.concat(parts);
}

const weeklyNames = ["country", "id", "week.year", "revenue", "units"];
const invoiceNames = uciHeader;
const invoiceSettings = fc.record({
  cancellations: fc.constantFrom<"exclude" | "net">("exclude", "net"),
  nonProduct: fc.constantFrom<"keep" | "exclude">("keep", "exclude"),
  nonProductCodes: fc.constantFrom(defaultSettings.nonProductCodes, ["post", "ß", "Ç", "d"])
});

describe("byte reader against the string reader: generated files", () => {
  test("generated weekly files read alike at every chunk size", async () => {
    const weekly = [weeklyValues.country, weeklyValues.id, weeklyValues.week, weeklyValues.revenue, weeklyValues.units];
    await fc.assert(
      fc.asyncProperty(documentArbitrary(5, weekly), fc.boolean(), async (document, forceDelimiter) => {
        const settings = settingsFor(forceDelimiter ? {delimiter: document.delimiter} : {});
        await assertSameEverywhere(writeDocument(document, weeklyNames), settings);
      }),
      {numRuns: 60}
    );
  });

  test("generated invoice files read alike at every chunk size", async () => {
    const v = invoiceValues;
    const invoice = [v.invoice, v.stockCode, v.description, v.quantity, v.date, v.price, v.customer, v.country];
    await fc.assert(
      fc.asyncProperty(documentArbitrary(8, invoice), invoiceSettings, async (document, patch) => {
        await assertSameEverywhere(writeDocument(document, invoiceNames), settingsFor(patch));
      }),
      {numRuns: 60}
    );
  });
});

// The real files are read from where they are shared, never copied into the repository.
const shared = new URL("../../shared/", import.meta.url).pathname;
const seedWeekly = `${shared}seed/transactions-weekly.csv`;
const onlineRetail = `${shared}datasets/online-retail.csv.gz`;

async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= size) {
      yield pending.subarray(0, size);
      pending = pending.subarray(size);
    }
  }
  if (pending.length > 0) yield pending;
}

describe("byte reader against the string reader: real files", () => {
  test("the seed's weekly export reads alike", async () => {
    const bytes = readFileSync(seedWeekly);
    const settings = settingsFor({input: seedWeekly});
    const expected = await outcome(chunksOf(bytes, 1 << 20), settings, "strings");
    assert.ok("read" in expected && expected.read.lines > 30000);
    for (const size of [1 << 20, 65537, 4099, 61]) {
      assert.deepEqual(await outcome(chunksOf(bytes, size), settings, "auto"), expected, `chunk size ${size}`);
    }
    assert.deepEqual(await outcome(chunksOf(bytes, 65537), settings, "worker"), expected, "reader thread");
  });

  test("UCI Online Retail (gzip) reads alike", async () => {
    const settings = settingsFor({input: onlineRetail});
    const gunzip = () => createReadStream(onlineRetail).pipe(createGunzip());
    const expected = await outcome(gunzip(), settings, "strings");
    assert.ok("read" in expected && expected.read.lines === 541909);
    assert.deepEqual(await outcome(gunzip(), settings, "auto"), expected);
    assert.deepEqual(await outcome(rechunk(gunzip(), 99991), settings, "auto"), expected);
    assert.deepEqual(await outcome(gunzip(), settings, "worker"), expected);
    const net = settingsFor({input: onlineRetail, cancellations: "net", nonProduct: "exclude"});
    assert.deepEqual(await outcome(gunzip(), net, "auto"), await outcome(gunzip(), net, "strings"));
  });
});
