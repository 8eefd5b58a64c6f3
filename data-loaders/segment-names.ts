import type {Profile} from "./types.ts";

export interface SegmentArchetype {
  name: string;
  /** What the profile means, in the words analysts use. */
  meaning: string;
  /** The relationship to build with such customers. */
  relationship: string;
}

const archetypes = {
  champions: {
    name: "Champions",
    meaning: "They bought recently, buy often and spend the most: the heart of the business.",
    relationship:
      "Reward and involve them: early access, loyalty perks, referral and review requests. They need recognition, not discounts."
  },
  loyal: {
    name: "Loyal customers",
    meaning: "They buy regularly and spend well, and they are still active.",
    relationship:
      "Keep them close with a loyalty programme and personal recommendations; offer higher-value ranges and ask for feedback."
  },
  potentialLoyalists: {
    name: "Potential loyalists",
    meaning: "Recent customers with a few orders or a good spend: they could become loyal.",
    relationship:
      "Turn them into regulars: membership or subscription offers, recommendations based on what they bought, a reason to come back soon."
  },
  recent: {
    name: "New customers",
    meaning: "They bought for the first time recently, and not much yet.",
    relationship: "Welcome them: onboarding, a smooth first delivery and support, then a well-timed second offer."
  },
  promising: {
    name: "Promising",
    meaning: "Recent shoppers who have not spent much yet.",
    relationship: "Build awareness of the range with curated suggestions and small incentives for a larger basket."
  },
  needAttention: {
    name: "Need attention",
    meaning: "They have bought and spent reasonably, but not for a while: they may drift away.",
    relationship: "Reactivate with limited-time offers and recommendations based on their past purchases."
  },
  aboutToSleep: {
    name: "About to sleep",
    meaning: "Below-average recency, frequency and spend: they are slipping away.",
    relationship: "Share popular products and seasonal offers; reconnect before they are lost."
  },
  atRisk: {
    name: "At risk",
    meaning: "They used to buy often or spend well, but not for a long time.",
    relationship: "Win them back with personal emails, renewals and helpful resources; find out why they stopped."
  },
  cannotLose: {
    name: "Cannot lose them",
    meaning: "They bought often and spent the most, but have not come back for a long time.",
    relationship:
      "Win them back personally and quickly: talk to them, offer what the competition cannot, and do not let them go quietly."
  },
  hibernating: {
    name: "Hibernating",
    meaning: "Their last purchase was long ago, with a modest number of orders and spend.",
    relationship: "Offer relevant products and special prices; rebuild interest, but keep the cost of contact low."
  },
  lost: {
    name: "Lost",
    meaning: "Lowest recency, frequency and spend: they bought once, long ago, and never came back.",
    relationship: "Revive interest with a broad outreach campaign, otherwise let them go; do not spend much here."
  }
} satisfies Record<string, SegmentArchetype>;

/**
 * The documented naming rules (README, "Segment names"): recency decides the family, frequency and revenue the
 * member. A level is high/middle/low by the cluster's median against the population's thirds.
 */
export function archetypeOf({recency, frequency, revenue}: Profile): SegmentArchetype {
  const highs = (frequency === "high" ? 1 : 0) + (revenue === "high" ? 1 : 0);
  const lows = (frequency === "low" ? 1 : 0) + (revenue === "low" ? 1 : 0);
  if (recency === "recent") {
    if (highs === 2) return archetypes.champions;
    if (highs === 1 && lows === 0) return archetypes.loyal;
    if (frequency === "low" && revenue === "low") return archetypes.recent;
    if (lows === 1 && highs === 0) return archetypes.promising;
    return archetypes.potentialLoyalists;
  }
  if (recency === "middle") {
    if (highs === 2) return archetypes.loyal;
    if (lows === 2) return archetypes.aboutToSleep;
    if (highs >= 1) return archetypes.needAttention;
    return lows === 1 ? archetypes.aboutToSleep : archetypes.needAttention;
  }
  if (highs === 2) return archetypes.cannotLose;
  if (highs === 1) return archetypes.atRisk;
  if (lows === 2) return archetypes.lost;
  return archetypes.hibernating;
}
