import assert from "node:assert/strict";
import {once} from "node:events";
import {describe, it} from "node:test";
import {Worker} from "node:worker_threads";
import {prestartThread, runOnThread} from "../scripts/run-on-thread.ts";

const entry = "../test/fixtures/threads/thread-id-worker.ts";

/** The id the next thread started in this process would get: thread ids only grow. */
async function nextThreadId(): Promise<number> {
  const probe = new Worker("", {eval: true});
  const id = probe.threadId;
  await probe.terminate();
  return id;
}

describe("runOnThread(entry, name, request)", () => {
  it("starts a thread of its own without prestartThread", async () => {
    const before = await nextThreadId();
    const id = await runOnThread<null, number>(entry, "thread-id", null);
    assert.ok(id > before, `thread ${id} started before ${before}`);
  });

  it("takes the thread prestartThread(entry) started, once", async () => {
    const held = prestartThread(entry);
    assert.equal(prestartThread(entry), held, "a second prestart keeps the waiting thread");
    // The caller's own listeners stay when the thread is taken: this one hears it end after its answer.
    const exited = once(held, "exit");
    const between = await nextThreadId();
    assert.equal(await runOnThread<null, number>(entry, "thread-id", null), held.threadId);
    await exited;
    assert.ok(held.threadId < between);
    // Taken, it is no longer waiting: the next request starts a thread of its own.
    const after = await nextThreadId();
    assert.ok((await runOnThread<null, number>(entry, "thread-id", null)) > after);
  });

  it("replaces a prestarted thread that stopped before its request", async () => {
    process.env.THREAD_FIXTURE_STOP = "1";
    let held: Worker;
    try {
      held = prestartThread(entry);
    } finally {
      delete process.env.THREAD_FIXTURE_STOP;
    }
    // A waiting thread does not keep the process alive; this test waits for it.
    held.ref();
    const [code] = await once(held, "exit");
    assert.equal(code, 3);
    const between = await nextThreadId();
    const id = await runOnThread<null, number>(entry, "thread-id", null);
    assert.ok(id > between, `thread ${id} is the stopped one (${held.threadId}), not a new one`);
  });

  it("rejects with the exit code of a thread that stops before it answers", async () => {
    process.env.THREAD_FIXTURE_STOP = "1";
    let answer: Promise<number>;
    try {
      answer = runOnThread<null, number>(entry, "thread-id", null);
    } finally {
      delete process.env.THREAD_FIXTURE_STOP;
    }
    await assert.rejects(answer, /the thread-id thread stopped early, with exit code 3/);
  });
});
