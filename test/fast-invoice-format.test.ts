import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {ByteLines} from "../data-loaders/fast-byte-lines.ts";
import {InvoiceRecords} from "../data-loaders/fast-invoice-format.ts";
import type {RowSink} from "../data-loaders/row-sink.ts";
import {defaultSettings, type Settings} from "../data-loaders/settings.ts";
import {uciHeader} from "./uci-header.ts";

/** An `InvoiceRecords` whose sink and queue write down what they are handed, as text. */
function recording(patch: Partial<Settings> = {}) {
  const events: string[] = [];
  const sink: RowSink = {
    book: {add: () => void events.push("book.add")},
    ledger: {exclude: (reason, line, revenue) => void events.push(`${line} ${reason} ${revenue}`)}
  };
  const keyed: ByteLines = {
    queue(
      buf,
      aStart,
      aEnd,
      bStart,
      bEnd,
      countryStart,
      countryEnd,
      orderStart,
      orderEnd,
      day,
      numbers,
      at,
      line,
      purchase
    ) {
      const text = (start: number, end: number) => buf.toString("utf8", start, end);
      const customer = text(aStart, aEnd) + text(bStart, bEnd);
      const values = `${numbers[at]} ${numbers[at + 1]}`;
      const order = text(orderStart, orderEnd);
      events.push(`${line} ${customer} ${text(countryStart, countryEnd)} ${order} ${day} ${values} ${purchase}`);
    },
    linesAsStrings: () => void events.push("linesAsStrings"),
    flush: () => {}
  };
  const records = new InvoiceRecords(uciHeader, "test.csv", ",", {...defaultSettings, ...patch}, sink, keyed);
  return {records, events};
}

/** Reads the usual lines of `buf` from its start as the scanner does; returns how many, and where they end. */
function readUsual(records: InvoiceRecords, buf: Buffer, line: number): {handled: number; at: number} {
  let at = 0;
  let handled = 0;
  for (let next; (next = records.usualLine(buf, at, buf.length, line + handled)) >= 0; at = next) handled++;
  return {handled, at};
}

const usualLines = [
  "536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
  '536366,22633,"LANTERN, WHITE",2,12/1/2010 8:28,1.85,17850,United Kingdom\r',
  "536367,84879,BIRD,32,12/1/2010 8:34,1.69,,France",
  "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom",
  "536368,22960,JAR,-3,12/1/2010 8:34,4.25,13047,EIRE",
  "536369,22913,GIFT,1,12/1/2010 8:35,0,13047,EIRE"
];

describe("InvoiceRecords.usualLine(buf, start, end, line)", () => {
  test("InvoiceRecords.usualLine(buf, start, end, line) queues usual lines and tallies the excluded ones, in one pass", () => {
    const {records, events} = recording();
    const buf = Buffer.from(usualLines.map((line) => `${line}\n`).join(""));
    assert.deepEqual(readUsual(records, buf, 2), {handled: usualLines.length, at: buf.length});
    assert.deepEqual(events, [
      "2 17850 United Kingdom 536365 14944 15.299999999999999 6 true",
      "3 17850 United Kingdom 536366 14944 3.7 2 true",
      "4 missing_customer_id 54.08",
      "5 cancellation -27.5",
      "6 non_positive_quantity -12.75",
      "7 non_positive_price 0"
    ]);
  });

  test("InvoiceRecords.usualLine(buf, start, end, line) with cancellations net queues them as returns", () => {
    const {records, events} = recording({cancellations: "net"});
    const buf = Buffer.from(
      usualLines
        .slice(3)
        .map((line) => `${line}\n`)
        .join("")
    );
    assert.deepEqual(readUsual(records, buf, 1), {handled: 3, at: buf.length});
    assert.deepEqual(events, [
      "1 14527 United Kingdom C536379 14944 -27.5 -1 false",
      "2 13047 EIRE 536368 14944 -12.75 -3 false",
      "3 13047 EIRE 536369 14944 0 1 false"
    ]);
  });

  test("InvoiceRecords.usualLine(buf, start, end, line) is -1 for a line it cannot read so, and a cut one", () => {
    const unusual = [
      "536365,85123A,WHITE HEART,+6,12/1/2010 8:26,2.55,17850,United Kingdom",
      "536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55, 17850,United Kingdom",
      '536365,85123A,"WHITE ""HEART""",6,12/1/2010 8:26,2.55,17850,United Kingdom',
      "536365,85123A,WHITE HEART,6,13/1/2010 8:26,2.55,17850,United Kingdom",
      "536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55,17850",
      "536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom,x"
    ];
    for (const line of unusual) {
      const {records, events} = recording();
      const first = `${usualLines[0]}\n`;
      const buf = Buffer.from(`${first}${line}\n${usualLines[0]}\n`);
      assert.deepEqual(readUsual(records, buf, 1), {handled: 1, at: first.length}, line);
      assert.equal(events.length, 1);
    }
    const {records} = recording();
    const cut = Buffer.from(`${usualLines[0]}\n${usualLines[1]}`);
    assert.deepEqual(readUsual(records, cut, 1), {handled: 1, at: usualLines[0].length + 1});
  });
});
