import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {RepeatCache} from "../data-loaders/fast-repeat-cache.ts";

describe("RepeatCache", () => {
  test("cache.matches only the bytes last remembered, and fields longer than it holds are not remembered", () => {
    const cache = new RepeatCache(8);
    const buf = Buffer.from("1.2019|1.2019|1.201|1.2019x|1.2018|a-field-too-long|a-field-too-long");
    assert.equal(cache.matches(buf, 0, 6), false);
    assert.equal(cache.remember(buf, 0, 6, 42), 42);
    assert.equal(cache.matches(buf, 7, 13), true);
    assert.equal(cache.value, 42);
    assert.equal(cache.matches(buf, 14, 19), false);
    assert.equal(cache.matches(buf, 20, 27), false);
    assert.equal(cache.matches(buf, 28, 34), false);
    cache.remember(buf, 35, 51, 7);
    assert.equal(cache.matches(buf, 52, 68), false);
    assert.equal(cache.matches(buf, 7, 13), true);
    assert.equal(cache.value, 42);
  });
});
