import type {MessagePort, Worker} from "node:worker_threads";
import {SegmentError, type SegmentErrorDetails} from "./errors.ts";
import {createByteRecords, type ByteFormat} from "./fast-byte-records.ts";
import {KeyNumbers} from "./fast-key-numbers.ts";
import {LineTape, replayTape, type TapeData, type TapeTarget} from "./fast-line-tape.ts";
import {RecordScanner} from "./fast-record-scanner.ts";
import {failAsReadCsv} from "./fast-record-stream.ts";
import type {Settings} from "./settings.ts";
import type {Delimiter} from "./types.ts";

// Reading on two threads: this one streams the file's bytes to a reader thread, which finds the records, parses
// them, numbers their customer and order keys, and records what they do to the book and the ledger on a tape; this
// one replays each tape onto the book. The two halves take about as long: on a 10M-line file, about 6 s of the
// reader's work and 4.5 s of the book's overlap.
//
// Memory stays bounded: bytes and tapes travel in a few buffers that go back and forth, moved between the threads,
// never copied by the messages, and neither side runs more than a few buffers ahead of the other.

/** One end of a message channel: `parentPort` in the reader thread, the `Worker` here, or a `MessagePort`. */
export interface ReadPort {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: never) => void): void;
}

/** The `ReadPort` of a `Worker`, `parentPort` or `MessagePort`. */
export function readPort(port: MessagePort | Worker): ReadPort {
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer),
    // Both emit "message" alike; the cast picks one of their overloaded `on`s.
    onMessage: (listener) => void (port as MessagePort).on("message", listener as (value: unknown) => void)
  };
}

/** A reader thread, started by the caller: threads are I/O, which stays out of the pipeline. */
export interface ReadWorker {
  port: ReadPort;
  /** Calls `listener` if the thread dies (an uncaught error, or an exit before it is done). */
  onFailure(listener: (error: Error) => void): void;
  /** Ends the thread; called once the read is over, done or failed. */
  stop(): Promise<void> | void;
}

export interface ReadStart {
  format: ByteFormat;
  header: string[];
  file: string;
  delimiter: Delimiter;
  settings: Settings;
  /** Physical line the first data record starts on. */
  line: number;
}

type ToReader =
  | ({type: "start"} & ReadStart)
  | {type: "chunk"; bytes: ArrayBuffer; length: number}
  | {type: "end"}
  | {type: "tape"; tape: TapeData};

type FromReader =
  | {type: "chunk"; bytes: ArrayBuffer}
  | {type: "tape"; tape: TapeData}
  | {type: "done"; records: number}
  | {type: "error"; error: ErrorData};

interface ErrorData {
  name: string;
  message: string;
  stack?: string;
  /** Set for a SegmentError, which is made again from them. */
  problem?: string;
  details?: SegmentErrorDetails;
}

/** Bytes sent at a time; the file streams in chunks of up to this size. */
const chunkBytes = 1 << 20;
/** Chunk buffers on their way to the reader thread, or being copied into by it. */
const chunkBuffers = 4;
/** Tapes on their way here, being replayed, or on their way back. */
const tapesInFlight = 3;

/**
 * Reads the data records of `first` and then of `rest` on the reader thread `worker`, replaying its tapes onto
 * `target`. Returns the number of records; `onRecords` hears the count after each tape.
 */
export function readInParallel(
  worker: ReadWorker,
  start: ReadStart,
  first: Buffer,
  rest: AsyncIterator<Buffer>,
  target: TapeTarget,
  onRecords: (records: number) => void
): Promise<number> {
  const {port} = worker;
  return new Promise<number>((resolve, reject) => {
    let over = false;
    let records = 0;
    const free: ArrayBuffer[] = [];
    let allocated = 0;
    let wake: (() => void) | null = null;
    const fail = (error: unknown) => {
      if (over) return;
      over = true;
      wake?.();
      reject(error);
    };
    worker.onFailure(fail);
    port.onMessage((message: FromReader) => {
      if (over) return;
      try {
        if (message.type === "chunk") {
          free.push(message.bytes);
          wake?.();
        } else if (message.type === "tape") {
          const {tape} = message;
          replayTape(tape, target);
          records += tape.records;
          onRecords(records);
          // Without its strings: they would be copied back for nothing.
          const back: ToReader = {type: "tape", tape: {...tape, strings: []}};
          port.postMessage(back, [tape.ops, tape.values, tape.bytes]);
        } else if (message.type === "done") {
          over = true;
          if (message.records !== records) {
            reject(new Error(`readInParallel: ${message.records} records read, ${records} replayed`));
          } else resolve(records);
        } else fail(errorFrom(message.error));
      } catch (error) {
        fail(error);
      }
    });
    const send = (message: ToReader, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
    send({type: "start", ...start});
    const nextBuffer = async (): Promise<ArrayBuffer | null> => {
      while (free.length === 0 && allocated >= chunkBuffers) {
        if (over) return null;
        await new Promise<void>((resume) => (wake = resume));
        wake = null;
      }
      if (over) return null;
      if (free.length > 0) return free.pop()!;
      allocated++;
      return new ArrayBuffer(chunkBytes);
    };
    const feed = async () => {
      let chunk: Buffer | null = first;
      while (!over) {
        if (chunk === null) {
          const next = await rest.next();
          if (next.done) break;
          chunk = next.value;
        }
        // Copied into buffers that come back, so that bytes that have been read are never fresh memory.
        for (let at = 0; at < chunk.length;) {
          const bytes = await nextBuffer();
          if (bytes === null) return;
          const length = Math.min(chunkBytes, chunk.length - at);
          chunk.copy(new Uint8Array(bytes), 0, at, at + length);
          at += length;
          send({type: "chunk", bytes, length}, [bytes]);
        }
        chunk = null;
      }
      if (!over) send({type: "end"});
    };
    feed().catch(fail);
  });
}

function errorFrom(data: ErrorData): Error {
  const error = data.problem !== undefined ? new SegmentError(data.problem, data.details) : new Error(data.message);
  error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

function errorData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return {name: "Error", message: String(error)};
  const data: ErrorData = {name: error.name, message: error.message, stack: error.stack};
  if (error instanceof SegmentError) {
    data.problem = error.problem;
    data.details = error.details;
  }
  return data;
}

/**
 * The reader thread's side: serves one read on `port`, from its start message to `done` or the first error. Runs in
 * the thread's event loop; returns at once.
 */
export function serveRead(port: ReadPort): void {
  let reader: ThreadReader | null = null;
  let failed = false;
  port.onMessage((message: ToReader) => {
    if (failed) return;
    try {
      if (message.type === "start") reader = new ThreadReader(message, port);
      else reader!.take(message);
    } catch (error) {
      failed = true;
      const reply: FromReader = {type: "error", error: errorData(error)};
      port.postMessage(reply);
    }
  });
}

class ThreadReader {
  private readonly scanner: RecordScanner;
  private readonly tape = new LineTape();
  private readonly keys: KeyNumbers;
  private readonly file: string;
  private readonly delimiter: Delimiter;
  /** Where records are parsed: the bytes of a record cut by the end of the last chunk, then the next chunk. */
  private buf = Buffer.alloc(2 * chunkBytes);
  /** The cut record's bytes at the start of `buf`. */
  private carried = 0;
  private readonly freeTapes: TapeData[] = [];
  private tapesOut = 0;
  /** Chunks waiting for a tape to be parsed onto. */
  private readonly waiting: {bytes: ArrayBuffer; length: number}[] = [];
  private ended = false;

  constructor(
    start: ReadStart,
    private readonly port: ReadPort
  ) {
    const {format, header, file, delimiter, settings, line} = start;
    this.file = file;
    this.delimiter = delimiter;
    // Orders are numbered on the book's thread: parsing invoice lines is most of the reader's share already.
    this.keys = new KeyNumbers(this.tape, false);
    const handler = createByteRecords(format, header, file, delimiter, settings, this.tape, this.keys);
    this.scanner = new RecordScanner(delimiter, handler.fields, line, handler);
  }

  take(message: Exclude<ToReader, {type: "start"}>): void {
    if (message.type === "chunk") this.waiting.push(message);
    else if (message.type === "tape") {
      this.tapesOut--;
      this.freeTapes.push(message.tape);
    } else this.ended = true;
    this.pump();
  }

  /** Parses the chunks that are waiting, while the other thread is not too far behind. */
  private pump(): void {
    while (this.waiting.length > 0 && this.tapesOut < tapesInFlight) {
      const {bytes, length} = this.waiting.shift()!;
      const total = this.carried + length;
      if (total > this.buf.length) {
        const bigger = Buffer.alloc(2 * total);
        this.buf.copy(bigger, 0, 0, this.carried);
        this.buf = bigger;
      }
      this.buf.set(new Uint8Array(bytes, 0, length), this.carried);
      const back: FromReader = {type: "chunk", bytes};
      this.port.postMessage(back, [bytes]);
      this.parse(total, false);
    }
    if (this.ended && this.waiting.length === 0 && this.tapesOut < tapesInFlight) {
      this.ended = false;
      const length = this.carried;
      if (this.parse(length, true) < length) {
        // A last record that ends inside quotes: readCsv's own error.
        const record = Buffer.from(this.buf.subarray(0, this.carried));
        failAsReadCsv(record, this.scanner.line, this.file, this.delimiter).catch((error) => {
          const reply: FromReader = {type: "error", error: errorData(error)};
          this.port.postMessage(reply);
        });
        return;
      }
      const done: FromReader = {type: "done", records: this.scanner.records};
      this.port.postMessage(done);
    }
  }

  /**
   * Parses the records of `buf[0, length)` and posts their tape; keeps the cut record at the start of `buf` and
   * returns where it started.
   */
  private parse(length: number, eof: boolean): number {
    const tape = this.tape;
    if (tape.empty) {
      const reused = this.freeTapes.pop();
      if (reused) tape.reuse(reused);
    }
    const bytes = this.buf.subarray(0, length);
    const before = this.scanner.records;
    const at = this.scanner.scan(bytes, 0, eof);
    tape.records += this.scanner.records - before;
    this.buf.copy(this.buf, 0, at, length);
    this.carried = length - at;
    if (!tape.empty) {
      const data = tape.take();
      this.tapesOut++;
      const reply: FromReader = {type: "tape", tape: data};
      this.port.postMessage(reply, [data.ops, data.values, data.bytes]);
    }
    return at;
  }
}
