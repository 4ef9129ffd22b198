// Test results as text for people: PASS/FAIL per case and, for a failure, the step and the lines that differ.
import { describeHttpResult } from "../transcript";
import type { LineDiff, TestCaseResult } from "./run";
import type { ExpectedItem, TestInput } from "./schema";

/** The input as the terminal chat would type it, so a failing step is easy to find. */
export function describeTestInput(input: TestInput): string {
  switch (input.type) {
    case "text":
      return input.menuId === undefined ? input.text : `${input.text} (菜单 ${input.menuId})`;
    case "media":
      return `[${input.media}${input.label ? ` ${input.label}` : ""}]`;
    case "event":
      if (input.event === "handoffClosed") return "/kfclose";
      return `/${input.event}${input.scene ? ` ${input.scene}` : ""}${input.key ? ` ${input.key}` : ""}${input.url ? ` ${input.url}` : ""}`;
    case "httpResult":
    case "effectResult":
      return describeHttpResult(input.result);
    case "startAt":
      return `（从节点 ${input.nodeId} 开始）`;
  }
}

function show(item: ExpectedItem | { text: string; nodeId?: string } | null): string {
  if (item === null) return "（无）";
  const text = typeof item === "string" ? item : item.text;
  return JSON.stringify(text);
}

export function formatDiff(diff: LineDiff[]): string[] {
  return diff.flatMap((d) => [
    `    第 ${d.position} 条 / reply ${d.position}:`,
    `      期望 expected: ${show(d.expected)}`,
    `      实际 actual:   ${show(d.actual)}`,
  ]);
}

export function formatCaseResult(source: string, result: TestCaseResult): string[] {
  const head = `${result.passed ? "PASS" : "FAIL"}  ${source} › ${result.name} (${result.caseId})`;
  if (result.passed) return [head];
  const lines = [head];
  for (const s of result.steps) {
    if (s.diff.length === 0) continue;
    lines.push(`  步骤 ${s.index} / step ${s.index}: > ${describeTestInput(s.input)}`);
    lines.push(...formatDiff(s.diff));
  }
  return lines;
}
