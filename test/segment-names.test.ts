import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {archetypeOf} from "../data-loaders/segment-names.ts";
import type {Level, Profile, RecencyLevel} from "../data-loaders/types.ts";

/** The README's "How segments are named" table, read top to bottom: the first matching row names the profile. */
function readmeName({recency, frequency, revenue}: Profile): string {
  const levels = [frequency, revenue];
  const count = (level: Level) => levels.filter((l) => l === level).length;
  const rows: [RecencyLevel, () => boolean, string][] = [
    ["recent", () => count("high") === 2, "Champions"],
    ["recent", () => count("high") === 1 && count("low") === 0, "Loyal customers"],
    ["recent", () => count("low") === 2, "New customers"],
    ["recent", () => count("low") === 1 && count("high") === 0, "Promising"],
    ["recent", () => true, "Potential loyalists"],
    ["middle", () => count("high") === 2, "Loyal customers"],
    ["middle", () => count("high") === 1, "Need attention"],
    ["middle", () => count("low") >= 1, "About to sleep"],
    ["middle", () => count("middle") === 2, "Need attention"],
    ["lapsed", () => count("high") === 2, "Cannot lose them"],
    ["lapsed", () => count("high") === 1, "At risk"],
    ["lapsed", () => count("low") === 2, "Lost"],
    ["lapsed", () => true, "Hibernating"]
  ];
  const row = rows.find(([r, matches]) => r === recency && matches());
  assert.ok(row, `no README row for ${recency}-${frequency}-${revenue}`);
  return row[2];
}

const recencies: RecencyLevel[] = ["recent", "middle", "lapsed"];
const levels: Level[] = ["low", "middle", "high"];
const profiles: Profile[] = recencies.flatMap((recency) =>
  levels.flatMap((frequency) => levels.map((revenue) => ({recency, frequency, revenue})))
);

describe("archetypeOf", () => {
  test("archetypeOf names all 27 profiles as the README's table does", () => {
    for (const profile of profiles) {
      assert.equal(
        archetypeOf(profile).name,
        readmeName(profile),
        `${profile.recency}-${profile.frequency}-${profile.revenue}`
      );
    }
  });

  test("archetypeOf(recent-high-high) is Champions and archetypeOf(lapsed-low-low) is Lost", () => {
    assert.equal(archetypeOf({recency: "recent", frequency: "high", revenue: "high"}).name, "Champions");
    assert.equal(archetypeOf({recency: "lapsed", frequency: "low", revenue: "low"}).name, "Lost");
    assert.equal(archetypeOf({recency: "lapsed", frequency: "high", revenue: "high"}).name, "Cannot lose them");
    assert.equal(archetypeOf({recency: "recent", frequency: "low", revenue: "low"}).name, "New customers");
  });

  test("archetypeOf gives frequency and revenue the same weight", () => {
    for (const profile of profiles) {
      const swapped = {...profile, frequency: profile.revenue, revenue: profile.frequency};
      assert.equal(archetypeOf(swapped).name, archetypeOf(profile).name);
    }
  });

  test("every archetype has a meaning and a relationship in full sentences", () => {
    for (const profile of profiles) {
      const {name, meaning, relationship} = archetypeOf(profile);
      assert.ok(name.length > 0);
      assert.match(meaning, /^[A-Z].*\.$/);
      assert.match(relationship, /^[A-Z].*\.$/);
    }
  });
});
