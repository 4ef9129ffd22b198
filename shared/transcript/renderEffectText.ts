// What the host is asked to do, one `⟶` line per effect, so a transcript shows handoffs, tags and requests.
import type { Effect } from "../engine";
import { renderReplyText } from "./renderReplyText";

export function renderEffectText(effect: Effect): string[] {
  switch (effect.type) {
    case "http":
      return [`⟶ HTTP ${effect.method} ${effect.url}${effect.body ? ` ${effect.body}` : ""}`];
    case "handoff":
      return [
        `⟶ 转人工 (${effect.priority})${effect.kfAccount ? ` [${effect.kfAccount}]` : ""}: ${effect.reason}`,
      ];
    case "tag": {
      const changes = [...effect.add.map((t) => `+${t}`), ...effect.remove.map((t) => `-${t}`)];
      return [`⟶ 标签 ${changes.join(" ")}`];
    }
    case "delayedSend":
      return [
        `⟶ ${effect.afterSeconds} 秒后发送:`,
        ...effect.replies.flatMap((r) => renderReplyText(r).map((line) => `    ${line}`)),
      ];
  }
}
