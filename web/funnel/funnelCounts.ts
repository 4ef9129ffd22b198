// The numbers behind the data view: drop-off rate, its colour bucket, the worst nodes, what cannot be shown.
import type { NodeFunnel } from "../store";

/** Colour steps of the drop-off rate, from nothing lost to half or more lost. */
export type RateBucket = "none" | "low" | "mid" | "high" | "severe";

/** Lower bounds of each bucket above "none"; a rate is in the last bucket whose bound it reaches. */
const BUCKETS: readonly [RateBucket, number][] = [
  ["low", 0],
  ["mid", 0.1],
  ["high", 0.25],
  ["severe", 0.5],
];

/** dropped / reached (the contract's drop-off rate); 0 for a node no run reached. */
export function dropRate(counts: NodeFunnel): number {
  return counts.reached > 0 ? counts.dropped / counts.reached : 0;
}

export function rateBucket(rate: number): RateBucket {
  if (!(rate > 0)) return "none";
  let bucket: RateBucket = "low";
  for (const [name, bound] of BUCKETS) if (rate >= bound) bucket = name;
  return bucket;
}

/** Runs that went on to another node: reached minus every outcome counted here. */
export function movedOn(counts: NodeFunnel): number {
  const ended =
    counts.inProgress + counts.completed + counts.dropped + counts.handedOff + counts.errors;
  return Math.max(0, counts.reached - ended);
}

/** How many runs ended (or wait) at this node, whatever the outcome. */
export function endedHere(counts: NodeFunnel): number {
  return counts.reached - movedOn(counts);
}

const locale = (lang: string) => (lang === "en" ? "en" : "zh-CN");

/** 1234 → "1,234" in either language. */
export function formatCount(n: number, lang: string): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}

/** 0.267 → "27%"; small rates keep one decimal so 0.4% does not read as 0%. */
export function formatRate(rate: number, lang: string): string {
  const digits = rate > 0 && rate < 0.1 ? 1 : 0;
  return new Intl.NumberFormat(locale(lang), {
    style: "percent",
    maximumFractionDigits: digits,
  }).format(rate);
}

export interface WorstNode {
  id: string;
  dropped: number;
  reached: number;
  rate: number;
}

/**
 * The nodes that lost the most runs, most first; equal losses put the higher rate first, then the
 * node id, so the order never jumps between refreshes. Only nodes still in the draft can be shown.
 */
export function worstNodes(
  nodes: Record<string, NodeFunnel>,
  inDraft: (id: string) => boolean,
  limit = 5,
): WorstNode[] {
  return Object.entries(nodes)
    .filter(([id, c]) => c.dropped > 0 && inDraft(id))
    .map(([id, c]) => ({ id, dropped: c.dropped, reached: c.reached, rate: dropRate(c) }))
    .sort((a, b) => b.dropped - a.dropped || b.rate - a.rate || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

/** Data at node ids no longer in the draft: how many such nodes, and how many runs ended there. */
export function hiddenData(
  nodes: Record<string, NodeFunnel>,
  inDraft: (id: string) => boolean,
): { nodes: number; runs: number } {
  let count = 0;
  let runs = 0;
  for (const [id, c] of Object.entries(nodes)) {
    if (inDraft(id)) continue;
    count += 1;
    runs += endedHere(c);
  }
  return { nodes: count, runs };
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar day (China time, YYYY-MM-DD) of a Unix ms time, as the server's periods count days. */
export function chinaDate(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day counting began, when the period starts before it (so its first days hold no data). */
export function countedSince(from: string, since: number): string | null {
  const day = chinaDate(since);
  return from < day ? day : null;
}
