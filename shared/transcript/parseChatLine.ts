// One line the tester types: a text message to the flow, or a slash command for the chat itself.
import type { Input } from "../engine";
import { type HttpMode, parseHttpMode } from "./httpMode";

export type ChatCommand =
  | { kind: "empty" }
  | { kind: "input"; input: Input }
  /** Click a menu link of the last reply: by its position (1, 2…) or its msgmenuid. */
  | { kind: "menu"; ref: string }
  | { kind: "reset" }
  | { kind: "vars" }
  | { kind: "help" }
  | { kind: "quit" }
  | { kind: "http"; mode: HttpMode }
  | { kind: "now"; at: number }
  | { kind: "error"; message: string };

export const CHAT_HELP = [
  "直接输入文字即发送一条消息。命令：",
  "  /subscribe [场景]   关注（可带二维码场景）",
  "  /scan 场景          已关注粉丝扫码",
  "  /click KEY          点击菜单（CLICK 事件）",
  "  /menu N|ID          点击上一条回复里的第 N 个（或编号为 ID 的）菜单链接",
  "  /unsubscribe        取消关注",
  "  /kfclose            客服结束会话（转人工后，之后的消息回到流程）",
  "  /http fail|fail:timeout|fail:404|mock:<json>|real   之后的 HTTP 请求如何应答",
  "  /now ISO时间        把时钟定在某一时刻，例如 /now 2025-03-14T23:30:00+08:00",
  "  /reset              清除当前会话（保留粉丝标签）",
  "  /vars               查看会话变量和粉丝标签",
  "  /help               显示本帮助",
  "  /quit               退出",
];

export function parseChatLine(line: string): ChatCommand {
  const text = line.replace(/\r$/, "");
  if (text.trim() === "") return { kind: "empty" };
  if (!text.startsWith("/")) return { kind: "input", input: { type: "text", text } };
  const [name = "", ...args] = text.trim().split(/\s+/);
  const arg = args.join(" ");
  const needs = (what: string): ChatCommand => ({
    kind: "error",
    message: `${name} 需要参数：${what}`,
  });
  switch (name) {
    case "/subscribe":
      return {
        kind: "input",
        input: arg
          ? { type: "event", event: "subscribe", scene: arg }
          : { type: "event", event: "subscribe" },
      };
    case "/scan":
      return arg
        ? { kind: "input", input: { type: "event", event: "scan", scene: arg } }
        : needs("场景");
    case "/click":
      return arg
        ? { kind: "input", input: { type: "event", event: "click", key: arg } }
        : needs("菜单 KEY");
    case "/unsubscribe":
      return { kind: "input", input: { type: "event", event: "unsubscribe" } };
    case "/kfclose":
      return { kind: "input", input: { type: "event", event: "handoffClosed" } };
    case "/menu":
      return arg ? { kind: "menu", ref: arg } : needs("链接序号或编号");
    case "/http": {
      if (!arg) return needs("fail | mock:<json> | real");
      const parsed = parseHttpMode(arg);
      return parsed.ok
        ? { kind: "http", mode: parsed.mode }
        : { kind: "error", message: parsed.message };
    }
    case "/now": {
      const at = Date.parse(arg);
      return Number.isNaN(at)
        ? needs("ISO 时间，例如 2025-03-14T10:00:00+08:00")
        : { kind: "now", at };
    }
    case "/reset":
      return { kind: "reset" };
    case "/vars":
      return { kind: "vars" };
    case "/help":
      return { kind: "help" };
    case "/quit":
    case "/exit":
      return { kind: "quit" };
    default:
      return { kind: "error", message: `未知命令 ${name}，输入 /help 查看可用命令` };
  }
}
