// A copied flow (duplicate, template) keeps only the triggers no other flow already claims,
// so the copy starts out quiet instead of failing KEYWORD_CONFLICT or MULTIPLE_FALLBACK at once.
import type { Flow, Trigger } from "../schema";

function keywordKey(trigger: Trigger): string | null {
  return trigger.type === "keyword"
    ? `${trigger.match}\u0000${trigger.pattern.trim().toLowerCase()}`
    : null;
}

/** `otherFlows` are the flows already saved; a copy's source is one of them even when ids match. */
export function withoutClaimedTriggers(
  flow: Flow,
  otherFlows: Flow[],
): { flow: Flow; dropped: Trigger[] } {
  const claimed = new Set(
    otherFlows.flatMap((other) => other.triggers.map(keywordKey).filter((k) => k !== null)),
  );
  const fallbackTaken = otherFlows.some((other) =>
    other.triggers.some((t) => t.type === "fallback"),
  );
  const kept: Trigger[] = [];
  const dropped: Trigger[] = [];
  for (const trigger of flow.triggers) {
    const key = keywordKey(trigger);
    const clashes =
      (key !== null && claimed.has(key)) || (trigger.type === "fallback" && fallbackTaken);
    (clashes ? dropped : kept).push(trigger);
  }
  return { flow: { ...flow, triggers: kept }, dropped };
}
