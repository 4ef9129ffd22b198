// `npm run chat -- flows/x.json`: talk to flows in the terminal as a WeChat follower would.
import { createInterface } from "node:readline";
import { createChat, formatTurn } from "../../shared/transcript";
import { CHAT_USAGE, parseChatArgs } from "./chatArgs";
import { loadChatCatalog } from "./loadChatCatalog";
import { performHttp } from "./performHttp";

async function main(argv: string[]): Promise<number> {
  const parsed = parseChatArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n\n${CHAT_USAGE}\n`);
    return 2;
  }
  const { args } = parsed;
  if (args.help) {
    process.stdout.write(`${CHAT_USAGE}\n`);
    return 0;
  }
  const loaded = await loadChatCatalog(args.files);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.errors.join("\n")}\n`);
    return loaded.exitCode;
  }
  for (const warning of loaded.warnings) process.stderr.write(`${warning}\n`);
  if (args.http.type !== "real") {
    process.stderr.write(
      `（HTTP 节点不会发出真实请求，按 --http ${args.httpText} 应答；要真实请求请用 --http real）\n`,
    );
  }
  const fixed = args.now;
  const chat = createChat({
    catalog: loaded.catalog,
    now: fixed === undefined ? () => Date.now() : () => fixed,
    http: args.http,
    performHttp,
    seed: args.seed,
  });

  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({
    input: process.stdin,
    ...(interactive ? { output: process.stdout } : {}),
    terminal: interactive,
  });
  if (interactive) {
    const names = loaded.named.map((f) => `「${f.name}」`).join("、");
    process.stdout.write(`正在与 ${names} 对话。输入 /help 查看命令，/quit 退出。\n`);
    rl.setPrompt("你> ");
    rl.prompt();
  }
  for await (const line of rl) {
    const output = await chat.handle(line);
    if (interactive) {
      if (output.lines.length > 0) process.stdout.write(`${output.lines.join("\n")}\n`);
    } else if (line.trim() !== "") {
      process.stdout.write(formatTurn(line, output));
    }
    if (output.quit) break;
    if (interactive) rl.prompt();
  }
  rl.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
