// The A/B comparison's arithmetic: which node tells each branch apart, its numbers from the funnel
// report through that node, and which rate is best when there are enough runs to say so.
import type { AbBranch } from "../../shared/schema";
import type { NodeFunnel } from "../store";

/** Below this many runs in any branch, the card names no best rate. */
export const MIN_RUNS_PER_BRANCH = 30;

/**
 * How a branch can be counted: by its first node (`ok`), not at all when its edge is missing
 * (`unconnected`), or not apart from another branch whose edge enters the same node (`shared`).
 */
export type BranchPlan = {
  id: string;
  label: string;
  weight: number;
} & (
  | {
      state: "ok";
      firstNode: string;
      /** Runs can reach the first node without this branch (another edge, a trigger, the start). */
      otherWaysIn: boolean;
    }
  | { state: "unconnected" }
  | { state: "shared"; firstNode: string; sharedWith: string[] }
);

interface EdgeLike {
  source: string;
  sourceHandle: string;
  target: string;
}

/**
 * One plan per branch of the A/B node `abId`. `entries` are nodes a run may begin at (the start
 * node, triggers' nodes): a first node among them is reached by runs that never drew a branch.
 */
export function planBranches(
  abId: string,
  branches: readonly AbBranch[],
  edges: readonly EdgeLike[],
  entries: readonly string[] = [],
): BranchPlan[] {
  const firstNodeOf = new Map<string, string>();
  for (const e of edges) {
    if (e.source === abId && !firstNodeOf.has(e.sourceHandle))
      firstNodeOf.set(e.sourceHandle, e.target);
  }
  return branches.map(({ id, label, weight }) => {
    const firstNode = firstNodeOf.get(id);
    if (firstNode === undefined) return { id, label, weight, state: "unconnected" };
    const sharedWith = branches
      .filter((b) => b.id !== id && firstNodeOf.get(b.id) === firstNode)
      .map((b) => b.id);
    if (sharedWith.length > 0) return { id, label, weight, state: "shared", firstNode, sharedWith };
    const otherWaysIn =
      entries.includes(firstNode) ||
      edges.some((e) => e.target === firstNode && !(e.source === abId && e.sourceHandle === id));
    return { id, label, weight, state: "ok", firstNode, otherWaysIn };
  });
}

/** What the report `through` a branch's first node holds that the card needs. */
export interface ThroughReport {
  runs: number;
  nodes: Record<string, NodeFunnel>;
}

export interface BranchNumbers {
  /** Runs that reached the branch's first node. */
  runs: number;
  /** Of those, runs by outcome, wherever in the flow they ended (each run has one outcome). */
  completed: number;
  dropped: number;
  handedOff: number;
  inProgress: number;
  errors: number;
  /** completed / runs, dropped / runs; null without runs. */
  completionRate: number | null;
  dropRate: number | null;
  /** Runs that also reached the goal node (before or after the branch); null without a goal. */
  goalReached: number | null;
  /** goalReached / runs; null without a goal or without runs. */
  conversionRate: number | null;
}

/** A branch's numbers from the report through its first node; `goal` is a node id or null. */
export function branchNumbers(report: ThroughReport, goal: string | null): BranchNumbers {
  const sum = { completed: 0, dropped: 0, handedOff: 0, inProgress: 0, errors: 0 };
  // Every run's outcome is counted once, at its last node: the sum over nodes counts each run once,
  // also those that ended at a node since deleted from the draft.
  for (const c of Object.values(report.nodes)) {
    sum.completed += c.completed;
    sum.dropped += c.dropped;
    sum.handedOff += c.handedOff;
    sum.inProgress += c.inProgress;
    sum.errors += c.errors;
  }
  const { runs } = report;
  const rate = (n: number) => (runs > 0 ? n / runs : null);
  const goalReached = goal === null ? null : (report.nodes[goal]?.reached ?? 0);
  return {
    runs,
    ...sum,
    completionRate: rate(sum.completed),
    dropRate: rate(sum.dropped),
    goalReached,
    conversionRate: goalReached === null ? null : rate(goalReached),
  };
}

export type RateColumn = "completionRate" | "dropRate" | "conversionRate";

/**
 * Can the card name a best branch? `notComparable`: fewer than two branches can be counted;
 * `tooFew`: some countable branch has fewer than MIN_RUNS_PER_BRANCH runs; `ok`: `best` names, per
 * rate, the one branch with the highest completion and conversion and the lowest drop-off (none on
 * a tie: nothing to choose between them).
 */
export type Verdict =
  | { state: "notComparable" }
  | { state: "tooFew"; fewest: number }
  | { state: "ok"; best: Partial<Record<RateColumn, string>> };

export function verdict(rows: readonly { id: string; numbers: BranchNumbers | null }[]): Verdict {
  const counted = rows.filter(
    (r): r is { id: string; numbers: BranchNumbers } => r.numbers !== null,
  );
  if (counted.length < 2) return { state: "notComparable" };
  const fewest = Math.min(...counted.map((r) => r.numbers.runs));
  if (fewest < MIN_RUNS_PER_BRANCH) return { state: "tooFew", fewest };
  const best: Partial<Record<RateColumn, string>> = {};
  const pick = (column: RateColumn, better: (a: number, b: number) => boolean) => {
    const values = counted.map((r) => ({ id: r.id, rate: r.numbers[column] }));
    if (values.some((v) => v.rate === null)) return;
    const top = values.reduce((a, b) => (better(b.rate as number, a.rate as number) ? b : a));
    if (values.filter((v) => v.rate === top.rate).length === 1) best[column] = top.id;
  };
  pick("completionRate", (a, b) => a > b);
  pick("dropRate", (a, b) => a < b);
  pick("conversionRate", (a, b) => a > b);
  return { state: "ok", best };
}
