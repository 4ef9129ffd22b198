// The data view's arithmetic: rates, colour buckets, the worst nodes' order, hidden data, the since day.
import { describe, expect, it } from "vitest";
import type { NodeFunnel } from "../store";
import {
  countedSince,
  dropRate,
  formatCount,
  formatRate,
  hiddenData,
  movedOn,
  rateBucket,
  worstNodes,
} from "./funnelCounts";

const counts = (reached: number, dropped: number, more: Partial<NodeFunnel> = {}): NodeFunnel => ({
  reached,
  inProgress: 0,
  completed: 0,
  dropped,
  handedOff: 0,
  errors: 0,
  ...more,
});

describe("rates and buckets", () => {
  it("divides dropped by reached, and a node nobody reached has no rate", () => {
    expect(dropRate(counts(150, 40))).toBeCloseTo(0.2667, 4);
    expect(dropRate(counts(0, 0))).toBe(0);
  });

  it("colours grow with the rate: none, low, mid, high, severe", () => {
    expect([0, 0.01, 0.0999, 0.1, 0.2499, 0.25, 0.4999, 0.5, 1].map(rateBucket)).toEqual([
      "none",
      "low",
      "low",
      "mid",
      "mid",
      "high",
      "high",
      "severe",
      "severe",
    ]);
  });

  it("counts the runs that moved on as reached minus every outcome here", () => {
    expect(movedOn(counts(150, 40, { inProgress: 3, completed: 5, handedOff: 2, errors: 1 }))).toBe(
      99,
    );
    // A server answer that does not add up never shows a negative number.
    expect(movedOn(counts(2, 3))).toBe(0);
  });
});

describe("formatting", () => {
  it("groups thousands in both languages", () => {
    expect(formatCount(1234567, "zh")).toBe("1,234,567");
    expect(formatCount(1234, "en")).toBe("1,234");
  });

  it("rounds rates to whole percent, keeping one decimal below 10% so small losses stay visible", () => {
    expect(formatRate(40 / 150, "zh")).toBe("27%");
    expect(formatRate(0.5, "en")).toBe("50%");
    expect(formatRate(0.004, "zh")).toBe("0.4%");
    expect(formatRate(0, "en")).toBe("0%");
  });
});

describe("worst nodes", () => {
  const data = {
    a: counts(100, 10),
    b: counts(20, 10),
    c: counts(50, 30),
    d: counts(10, 0),
    gone: counts(500, 200),
    e: counts(40, 10),
  };
  const inDraft = (id: string) => id !== "gone";

  it("lists most dropped first, the higher rate first among equals, only nodes in the draft", () => {
    expect(worstNodes(data, inDraft).map((w) => w.id)).toEqual(["c", "b", "e", "a"]);
    expect(worstNodes(data, inDraft, 2)).toEqual([
      { id: "c", dropped: 30, reached: 50, rate: 0.6 },
      { id: "b", dropped: 10, reached: 20, rate: 0.5 },
    ]);
  });

  it("breaks full ties by node id, so a refresh never reorders the list", () => {
    const tied = { z: counts(10, 5), m: counts(10, 5) };
    expect(worstNodes(tied, () => true).map((w) => w.id)).toEqual(["m", "z"]);
  });

  it("says how many nodes and ended runs are no longer in the draft", () => {
    const withGone = {
      ...data,
      gone: counts(500, 200, { inProgress: 5, completed: 7 }),
      old: counts(3, 0),
    };
    expect(hiddenData(withGone, (id) => id !== "gone" && id !== "old")).toEqual({
      nodes: 2,
      runs: 212,
    });
    expect(hiddenData(data, () => true)).toEqual({ nodes: 0, runs: 0 });
  });
});

describe("counted since", () => {
  // 2026-11-24 00:30 in China is still 2026-11-23 in UTC.
  const since = Date.UTC(2026, 10, 23, 16, 30);

  it("names the China-time day counting began when the period starts before it", () => {
    expect(countedSince("2026-11-18", since)).toBe("2026-11-24");
  });

  it("says nothing when the whole period was counted", () => {
    expect(countedSince("2026-11-24", since)).toBeNull();
    expect(countedSince("2026-11-25", since)).toBeNull();
  });
});
