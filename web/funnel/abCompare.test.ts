// The A/B comparison's arithmetic: branch plans from the edges, numbers from reports, the best-rate rule.
import { describe, expect, it } from "vitest";
import type { NodeFunnel } from "../store";
import {
  type BranchNumbers,
  branchNumbers,
  MIN_RUNS_PER_BRANCH,
  planBranches,
  verdict,
} from "./abCompare";

const counts = (reached: number, more: Partial<NodeFunnel> = {}): NodeFunnel => ({
  reached,
  inProgress: 0,
  completed: 0,
  dropped: 0,
  handedOff: 0,
  errors: 0,
  ...more,
});

const branches = [
  { id: "a", label: "亲切版", weight: 50 },
  { id: "b", label: "直接版", weight: 30 },
  { id: "c", label: "", weight: 20 },
];
const edge = (source: string, sourceHandle: string, target: string) => ({
  source,
  sourceHandle,
  target,
});

describe("branch plans", () => {
  it("finds each branch's first node by the edge leaving its handle", () => {
    const plans = planBranches("ab", branches.slice(0, 2), [
      edge("start", "next", "ab"),
      edge("ab", "a", "warm"),
      edge("ab", "b", "direct"),
      edge("warm", "next", "end"),
    ]);
    expect(plans).toEqual([
      { id: "a", label: "亲切版", weight: 50, state: "ok", firstNode: "warm", otherWaysIn: false },
      {
        id: "b",
        label: "直接版",
        weight: 30,
        state: "ok",
        firstNode: "direct",
        otherWaysIn: false,
      },
    ]);
  });

  it("says a branch without an edge is not connected", () => {
    const plans = planBranches("ab", branches.slice(0, 2), [edge("ab", "a", "warm")]);
    expect(plans.map((p) => p.state)).toEqual(["ok", "unconnected"]);
  });

  it("cannot tell apart branches whose edges enter the same node, and says with which", () => {
    const plans = planBranches("ab", branches, [
      edge("ab", "a", "same"),
      edge("ab", "b", "same"),
      edge("ab", "c", "other"),
    ]);
    expect(plans[0]).toMatchObject({ state: "shared", firstNode: "same", sharedWith: ["b"] });
    expect(plans[1]).toMatchObject({ state: "shared", firstNode: "same", sharedWith: ["a"] });
    expect(plans[2]).toMatchObject({ state: "ok", firstNode: "other" });
  });

  it("notices a first node runs can reach without the branch: another edge, a trigger, the start", () => {
    const edges = [edge("ab", "a", "warm"), edge("ab", "b", "direct"), edge("ask", "x", "warm")];
    const [warm, direct] = planBranches("ab", branches.slice(0, 2), edges);
    expect(warm).toMatchObject({ state: "ok", otherWaysIn: true });
    expect(direct).toMatchObject({ state: "ok", otherWaysIn: false });
    const [, byTrigger] = planBranches("ab", branches.slice(0, 2), edges, ["direct"]);
    expect(byTrigger).toMatchObject({ state: "ok", otherWaysIn: true });
  });
});

describe("branch numbers", () => {
  // 40 runs through "warm": 12 completed (at two end nodes), 10 dropped, 3 handed off, 5 waiting,
  // 1 error; one completed at a node since deleted from the draft; 18 reached the goal "booked".
  const report = {
    runs: 40,
    nodes: {
      warm: counts(40, { dropped: 6, inProgress: 5 }),
      ask: counts(29, { dropped: 4, handedOff: 3, errors: 1 }),
      booked: counts(18),
      end: counts(8, { completed: 8 }),
      end2: counts(3, { completed: 3 }),
      deleted: counts(1, { completed: 1 }),
    },
  };

  it("sums each outcome over every node, since each run ends once, and divides by the runs", () => {
    const n = branchNumbers(report, null);
    expect(n).toEqual({
      runs: 40,
      completed: 12,
      dropped: 10,
      handedOff: 3,
      inProgress: 5,
      errors: 1,
      completionRate: 0.3,
      dropRate: 0.25,
      goalReached: null,
      conversionRate: null,
    });
  });

  it("counts the runs through the branch that reached the goal", () => {
    expect(branchNumbers(report, "booked")).toMatchObject({
      goalReached: 18,
      conversionRate: 0.45,
    });
    // A goal none of them reached converts none; the branch's own first node converts all.
    expect(branchNumbers(report, "refund")).toMatchObject({ goalReached: 0, conversionRate: 0 });
    expect(branchNumbers(report, "warm")).toMatchObject({ goalReached: 40, conversionRate: 1 });
  });

  it("has no rates for a branch no run took", () => {
    expect(branchNumbers({ runs: 0, nodes: {} }, "booked")).toMatchObject({
      runs: 0,
      completed: 0,
      completionRate: null,
      dropRate: null,
      goalReached: 0,
      conversionRate: null,
    });
  });
});

describe("best rate", () => {
  const numbers = (runs: number, completed: number, dropped: number, goal?: number) =>
    branchNumbers(
      {
        runs,
        nodes: {
          first: counts(runs, { completed, dropped }),
          ...(goal === undefined ? {} : { goal: counts(goal) }),
        },
      },
      goal === undefined ? null : "goal",
    );

  it("names the highest completion and conversion and the lowest drop-off when every branch has enough runs", () => {
    expect(MIN_RUNS_PER_BRANCH).toBe(30);
    const rows = [
      { id: "a", numbers: numbers(40, 20, 8, 10) },
      { id: "b", numbers: numbers(30, 9, 3, 15) },
    ];
    expect(verdict(rows)).toEqual({
      state: "ok",
      best: { completionRate: "a", dropRate: "b", conversionRate: "b" },
    });
  });

  it("names no best when a branch has fewer than 30 runs, and says how few", () => {
    const rows = [
      { id: "a", numbers: numbers(40, 20, 8) },
      { id: "b", numbers: numbers(29, 9, 3) },
    ];
    expect(verdict(rows)).toEqual({ state: "tooFew", fewest: 29 });
  });

  it("names no best for a rate two branches share, nor conversion without a goal", () => {
    const rows = [
      { id: "a", numbers: numbers(40, 20, 8) },
      { id: "b", numbers: numbers(60, 30, 6) },
    ];
    expect(verdict(rows)).toEqual({ state: "ok", best: { dropRate: "b" } });
  });

  it("leaves out branches that cannot be counted, and compares nothing with fewer than two", () => {
    const ok: BranchNumbers = numbers(50, 10, 10);
    expect(
      verdict([
        { id: "a", numbers: ok },
        { id: "b", numbers: null },
        { id: "c", numbers: numbers(35, 14, 10) },
      ]),
    ).toEqual({ state: "ok", best: { completionRate: "c", dropRate: "a" } });
    expect(
      verdict([
        { id: "a", numbers: ok },
        { id: "b", numbers: null },
      ]),
    ).toEqual({ state: "notComparable" });
  });
});
