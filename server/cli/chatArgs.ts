// Command-line arguments of `npm run chat`: flow files and a few flags, or a usage error.
import { type HttpMode, parseHttpMode } from "../../shared/transcript";

export interface ChatArgs {
  files: string[];
  http: HttpMode;
  httpText: string;
  /** Fixed clock in Unix ms; the real clock when absent. */
  now?: number;
  seed: number;
  help: boolean;
}

export const CHAT_USAGE = `用法 / usage: npm run chat -- flows/<文件>.json [更多文件…] [选项]

与流程对话，就像粉丝在微信里一样。同一文件夹里的其他流程也会加载（用于跳转和触发器）。
Chat with a flow as a WeChat follower would. Other flows in the same folder are loaded too.

选项 / options:
  --http fail|fail:timeout|fail:404|mock:<json>|real
                  HTTP 节点的请求如何应答（默认 fail，不发真实请求）
  --now ISO       把时钟固定在某一时刻，例如 2025-03-14T10:00:00+08:00（默认：真实时间）
  --seed N        A/B 分流的随机种子（默认 1）
  --help          显示本帮助

对话中输入 /help 查看命令（/subscribe、/scan、/click、/menu、/vars、/reset、/quit …）。
退出码 / exit codes: 0 正常结束；1 流程有错误；2 参数错误或文件不存在。`;

export function parseChatArgs(
  argv: string[],
): { ok: true; args: ChatArgs } | { ok: false; message: string } {
  const args: ChatArgs = {
    files: [],
    http: { type: "fail", reason: "network" },
    httpText: "fail",
    seed: 1,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--")
      ? (arg.split(/=(.*)/s) as [string, string?])
      : [arg];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === "--help" || flag === "-h") {
      args.help = true;
    } else if (flag === "--http") {
      const text = value();
      const parsed = parseHttpMode(text ?? "");
      if (!parsed.ok) return { ok: false, message: parsed.message };
      args.http = parsed.mode;
      args.httpText = text!;
    } else if (flag === "--now") {
      const text = value() ?? "";
      const at = Date.parse(text);
      if (Number.isNaN(at)) {
        return {
          ok: false,
          message: `--now 需要 ISO 时间，例如 2025-03-14T10:00:00+08:00 / --now needs an ISO time, got "${text}"`,
        };
      }
      args.now = at;
    } else if (flag === "--seed") {
      const text = value() ?? "";
      if (!/^\d+$/.test(text))
        return {
          ok: false,
          message: `--seed 需要一个非负整数 / --seed needs a whole number, got "${text}"`,
        };
      args.seed = Number(text);
    } else if (flag.startsWith("-")) {
      return {
        ok: false,
        message: `未知选项 ${flag}（见 --help）/ unknown option ${flag} (see --help)`,
      };
    } else {
      args.files.push(arg);
    }
  }
  if (!args.help && args.files.length === 0) {
    return { ok: false, message: "请指定至少一个流程文件 / name at least one flow file" };
  }
  return { ok: true, args };
}
