// A step's replies and effects as the text lines a test case compares: one entry per reply or effect.
import type { Session, StepResult } from "../engine";
import { renderEffectText, renderReplyText } from "../transcript";

export interface StepLine {
  text: string;
  /** The node that said it (replies and effects), for the object form of an expectation. */
  nodeId?: string;
}

export function stepLines(result: StepResult, before: Session | null): StepLine[] {
  const lines: StepLine[] = result.replies.map((reply) => ({
    text: renderReplyText(reply).join("\n"),
    nodeId: reply.nodeId,
  }));
  for (const effect of result.effects) {
    lines.push({ text: renderEffectText(effect).join("\n"), nodeId: effect.nodeId });
  }
  const after = result.session;
  // A broken flow must fail its tests, not pass silently with fewer replies.
  if (after?.status === "error" && after !== before) {
    lines.push({ text: `· 出错：${after.error?.message ?? ""}` });
  }
  return lines;
}
