// A chat with the flows as one follower: lines in, the lines WeChat would show out. Pure apart from
// the clock and the real-HTTP function, which the host passes in.
import {
  createFollowerView,
  type Effect,
  type FlowCatalog,
  type FollowerView,
  type HttpResult,
  type Input,
  type Session,
  type StepResult,
  step,
} from "../engine";
import type { VariableValue } from "../schema";
import { cannedHttpResult, describeHttpResult, type HttpMode } from "./httpMode";
import { CHAT_HELP, parseChatLine } from "./parseChatLine";
import { renderEffectText } from "./renderEffectText";
import { menuLinksOf, renderReplyText } from "./renderReplyText";

export type HttpEffect = Extract<Effect, { type: "http" }>;

export interface ChatOptions {
  catalog: FlowCatalog;
  /** The clock; `/now` replaces it with a fixed time. */
  now: () => number;
  http: HttpMode;
  /** Makes a real request, for `http: real`; without it a real request fails as a network error. */
  performHttp?: (effect: HttpEffect) => Promise<HttpResult>;
  seed?: number;
  openid?: string;
}

export interface ChatOutput {
  lines: string[];
  quit: boolean;
}

export interface Chat {
  handle(line: string): Promise<ChatOutput>;
  readonly session: Session | null;
  readonly follower: FollowerView;
}

/** Requests answered within one turn; a flow that loops through an http node cannot hang the chat. */
const MAX_HTTP_PER_TURN = 10;

function showValue(value: VariableValue): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export function createChat(options: ChatOptions): Chat {
  let session: Session | null = null;
  let follower = createFollowerView(options.openid ?? "terminal-follower");
  let http = options.http;
  let now = options.now;
  let steps = 0;
  let messagesIn = 0;
  let lastLinks: Array<{ id: string; label: string }> = [];

  function runStep(input: Input): StepResult {
    if (input.type === "text" || input.type === "media") {
      // As the runtime counts them: a follower is new until their first message.
      follower = { ...follower, isNew: messagesIn === 0, interactions: messagesIn };
      messagesIn += 1;
    }
    const result = step({
      catalog: options.catalog,
      session,
      follower,
      input,
      now: now(),
      seed: (options.seed ?? 1) + steps++,
    });
    session = result.session;
    follower = result.follower;
    return result;
  }

  async function answerHttp(effect: HttpEffect): Promise<HttpResult> {
    if (http.type !== "real") return cannedHttpResult(http);
    if (!options.performHttp) return { ok: false, reason: "network", message: "no HTTP client" };
    return options.performHttp(effect);
  }

  /** Runs one input and every http round-trip it leads to, rendering as it goes. */
  async function converse(input: Input): Promise<string[]> {
    const lines: string[] = [];
    const before = session;
    let result = runStep(input);
    for (let round = 0; ; round++) {
      for (const reply of result.replies) {
        // Older links stay clickable in WeChat too; /menu uses the latest set.
        const links = reply.type === "text" ? menuLinksOf(reply.text) : [];
        if (links.length > 0) lastLinks = links;
        const [first = "", ...rest] = renderReplyText(reply);
        lines.push(`< ${first}`, ...rest.map((l) => (l ? `  ${l}` : "")));
      }
      const request = result.effects.find((e): e is HttpEffect => e.type === "http");
      for (const effect of result.effects) lines.push(...renderEffectText(effect));
      if (!request || round >= MAX_HTTP_PER_TURN) break;
      const answer = await answerHttp(request);
      lines.push(describeHttpResult(answer));
      result = runStep({ type: "effectResult", requestId: request.requestId, result: answer });
    }
    // The engine hands back the same session object when nothing changed: no news to announce.
    const after = session as Session | null;
    if (after && after !== before && after.status === "done") lines.push("· 对话结束");
    if (after && after !== before && after.status === "error") {
      lines.push(`· 出错：${after.error?.message ?? ""}`);
    }
    if (lines.length === 0) lines.push("（没有回复）");
    return lines;
  }

  function vars(): string[] {
    const tags = follower.tags.length > 0 ? follower.tags.join("、") : "（无）";
    if (!session) return ["（没有会话）", `标签 ${tags}`];
    const entries = Object.entries(session.variables).map(([k, v]) => `${k}=${showValue(v)}`);
    return [
      `流程 ${session.flowId} · 节点 ${session.nodeId ?? "-"} · 状态 ${session.status}`,
      `变量 ${entries.length > 0 ? entries.join(" ") : "（无）"}`,
      `标签 ${tags}`,
    ];
  }

  async function handle(line: string): Promise<ChatOutput> {
    const command = parseChatLine(line);
    const out = (lines: string[], quit = false): ChatOutput => ({ lines, quit });
    switch (command.kind) {
      case "empty":
        return out([]);
      case "input":
        return out(await converse(command.input));
      case "menu": {
        const n = /^\d+$/.test(command.ref) ? Number(command.ref) : 0;
        const link = lastLinks[n - 1] ?? lastLinks.find((l) => l.id === command.ref);
        if (!link) return out([`（上一条回复里没有菜单链接 ${command.ref}）`]);
        return out([
          `（点击 [${link.label}]）`,
          ...(await converse({ type: "text", text: link.label, menuId: link.id })),
        ]);
      }
      case "reset":
        session = null;
        return out(["（会话已清除）"]);
      case "vars":
        return out(vars());
      case "help":
        return out(CHAT_HELP);
      case "quit":
        return out([], true);
      case "http":
        http = command.mode;
        return out([`（HTTP 模式：${line.trim().slice("/http ".length)}）`]);
      case "now": {
        const at = command.at;
        now = () => at;
        return out([`（时钟：${line.trim().slice("/now ".length)}）`]);
      }
      case "error":
        return out([`（${command.message}）`]);
    }
  }

  return {
    handle,
    get session() {
      return session;
    },
    get follower() {
      return follower;
    },
  };
}

/** One turn of a plain transcript: `> line`, then what came back, then a blank line. */
export function formatTurn(line: string, output: ChatOutput): string {
  return `${[`> ${line.replace(/\r$/, "")}`, ...output.lines].join("\n")}\n\n`;
}

/** The plain transcript of a script, as `npm run chat` prints it with stdin piped. */
export async function runChatScript(script: string, options: ChatOptions): Promise<string> {
  const chat = createChat(options);
  let transcript = "";
  for (const line of script.split("\n")) {
    if (line.trim() === "") continue;
    const output = await chat.handle(line);
    transcript += formatTurn(line, output);
    if (output.quit) break;
  }
  return transcript;
}
