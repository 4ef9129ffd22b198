// `npm run chat` end to end: a real process with piped stdin, its exit code and what it prints.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { GOLDEN_NOW } from "./goldenNow";

const root = fileURLToPath(new URL("../..", import.meta.url));

function runChat(
  args: string[],
  stdin = "",
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "server/cli/chat.ts", ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const tmp = mkdtempSync(join(tmpdir(), "huashu-chat-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Each run starts tsx afresh, which takes seconds on a busy machine.
describe("npm run chat", { timeout: 60_000 }, () => {
  it("prints the golden transcript for piped input and exits 0", async () => {
    const input = readFileSync(join(root, "tests/golden/complaint.input.txt"), "utf8");
    const result = await runChat(["flows/complaint.json", "--now", GOLDEN_NOW], input);
    expect(result.stderr).toContain("--http fail");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(root, "tests/golden/complaint.txt"), "utf8"));
  });

  it("answers http requests from --http mock:<json>", async () => {
    const mock = 'mock:{"data":{"item":"跑鞋","status":"运输中"}}';
    const result = await runChat(
      ["flows/complaint.json", "--now", GOLDEN_NOW, "--http", mock],
      "投诉\n1\n12345678\n",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("已查到您的订单：跑鞋（运输中）");
  });

  it("refuses a flow with errors: exit 1, naming file, node and field", async () => {
    const flow = JSON.parse(readFileSync(join(root, "flows/complaint.json"), "utf8"));
    flow.edges = flow.edges.filter((e: { id: string }) => e.id !== "e_issue_delivery");
    const file = join(tmp, "broken.json");
    writeFileSync(file, JSON.stringify(flow));
    const result = await runChat([file], "投诉\n");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `${file} (node ask_issue, field answer.options.1): 错误 error OPTION_WITHOUT_EDGE`,
    );
    expect(result.stderr).toContain("物流太慢");
  });

  it("refuses a file that is not a valid flow: exit 1, naming file, node and field", async () => {
    const flow = JSON.parse(readFileSync(join(root, "flows/complaint.json"), "utf8"));
    delete flow.nodes[0].messages[0].text;
    const file = join(tmp, "schema.json");
    writeFileSync(file, JSON.stringify(flow));
    const result = await runChat([file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} (node empathy, field nodes.0.messages.0.text)`);
  });

  it("exits 2 on an unknown flag or a missing file, and prints usage for --help", async () => {
    const [flag, missing, help] = await Promise.all([
      runChat(["flows/complaint.json", "--colour"]),
      runChat(["flows/nope.json"]),
      runChat(["--help"]),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option --colour");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("flows/nope.json: 文件不存在 / file not found");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("npm run chat -- flows/");
  });
});
