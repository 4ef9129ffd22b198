import { spawn } from "node:child_process";
import { type AddressInfo, createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { counterFlow, handoffFlow, threeFlow } from "../runtime/testFlows";
import { startTestServer, TEST_TOKEN, type TestServer, tempDbPath } from "../runtime/testServer";
import { createWechatApiClient } from "../wechat/apiClient";

let server: TestServer | undefined;
const db = tempDbPath();
afterEach(async () => {
  await server?.close();
  db.cleanup();
});

function runSim(args: string[], input: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "server/cli/wechat-sim.ts", ...args],
      {
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("exit", (code) => resolve({ code, out }));
    child.stdin.end(input);
  });
}

/** The sim kept running, with its stdin open: for tests that act while it waits for the follower. */
function startSim(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli/wechat-sim.ts", ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    output: () => out,
    outputContains: (text: string) =>
      expect.poll(() => out, { timeout: 15_000, interval: 20 }).toContain(text),
    /** Types the last lines and waits for the sim to end. */
    end: async (lines: string) => {
      child.stdin.end(lines);
      await exited;
    },
    write: (lines: string) => child.stdin.write(lines),
  };
}

describe("npm run wechat-sim", () => {
  it("prints --help", async () => {
    const { code, out } = await runSim(["--help"], "");
    expect(code).toBe(0);
    expect(out).toContain("/subscribe [scene]");
    expect(out).toContain("/kfclose [account]");
    expect(out).toContain("WECHAT_API_BASE");
  });

  it("sends piped lines as a follower, prints passive replies and the customer-service messages", async () => {
    // The simulator's fake API on a fixed port; the server sends its extra messages there.
    const apiPort = 40000 + Math.floor(Math.random() * 20000);
    const apiBase = `http://127.0.0.1:${apiPort}`;
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow, threeFlow],
      deps: {
        api: createWechatApiClient({ appId: "wxhuashusim", appSecret: "simsecret", apiBase }),
      },
    });
    const { code, out } = await runSim(
      [
        "--url",
        server.wechatUrl,
        "--token",
        TEST_TOKEN,
        "--openid",
        "sim-1",
        "--api-port",
        String(apiPort),
      ],
      "hello\nthree\n/openid sim-2\nhi\n/click MENU\n/scancode\n/scancode SCAN_COUPON 券码 42\n/quit\n",
    );
    expect(code).toBe(0);
    expect(out).toContain("← 1:");
    expect(out).toContain("← one");
    expect(out).toMatch(/客服消息 → sim-1\] two/);
    expect(out).toMatch(/客服消息 → sim-1\] three/);
    expect(out).toContain("now speaking as sim-2");
    expect(out.indexOf("] two")).toBeLessThan(out.indexOf("] three"));
    expect(out).toContain("usage: /scancode KEY [TEXT]");
    // The scan button reaches the server as WeChat sends it.
    const scanned = (await server.store.listMessages("sim-2", 100)).find((m) =>
      m.content.includes("scancode_waitmsg"),
    );
    expect(JSON.parse(scanned?.content ?? "{}")).toMatchObject({
      EventKey: "SCAN_COUPON",
      ScanCodeInfo: { ScanType: "qrcode", ScanResult: "券码 42" },
    });
  });

  it("/kfclose closes the customer-service session: the next message reaches the flows again", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow, handoffFlow] });
    const { code, out } = await runSim(
      ["--url", server.wechatUrl, "--token", TEST_TOKEN, "--openid", "sim-kf", "--api-port", "0"],
      "人工\n还在吗\n/kfclose kf2001@gh_test\nhello\n/quit\n",
    );
    expect(code).toBe(0);
    expect(out.match(/← \(transferred to customer service/g)).toHaveLength(2);
    expect(out).toContain("sim-kf> /kfclose kf2001@gh_test\n← (no reply / 无回复)");
    expect(out).toContain("sim-kf> hello\n← 1:");
    const closed = (await server.store.listMessages("sim-kf", 100)).find((m) =>
      m.content.includes("kf_close_session"),
    );
    expect(JSON.parse(closed?.content ?? "{}")).toMatchObject({ KfAccount: "kf2001@gh_test" });
  });

  it.each([
    [["--url", "127.0.0.1:3000/wechat"], '--url: "127.0.0.1:3000/wechat" is not an http(s) URL'],
    [["--aes-key", "tooShort", "--app-id", "wx1"], "--aes-key: must be the server's 43-character"],
  ])("refuses %j before talking to anyone", async (args, message) => {
    const { code, out } = await runSim([...args, "--api-port", "0"], "hi\n");
    expect(code).toBe(1);
    expect(out).toContain(message);
    expect(out).not.toContain("talking to");
  });

  it("refuses an --api-port that is not a port, or is taken, saying so", async () => {
    const notPort = await runSim(["--api-port", "4OOO"], "hi\n");
    expect(notPort.code).toBe(1);
    expect(notPort.out).toContain('--api-port: "4OOO" is not a port number');
    expect(notPort.out).not.toContain("talking to");

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const inUse = await runSim(["--api-port", String(port)], "hi\n");
      expect(inUse.code).toBe(1);
      expect(inUse.out).toContain(`--api-port: ${port} is already in use`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it("after /unsubscribe its fake API refuses customer-service messages to that follower with 43004", async () => {
    const apiPort = 40000 + Math.floor(Math.random() * 20000);
    const apiBase = `http://127.0.0.1:${apiPort}`;
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    const sim = startSim([
      "--url",
      server.wechatUrl,
      "--token",
      TEST_TOKEN,
      "--api-port",
      String(apiPort),
    ]);
    await sim.outputContains("talking to");
    sim.write("/subscribe\n/unsubscribe\n");
    await sim.outputContains("test-1> /unsubscribe\n← ");
    // The sim's fake API, as the server's outbound client would call it.
    const api = createWechatApiClient({ appId: "wxhuashusim", appSecret: "simsecret", apiBase });
    const result = await api
      .sendCustomMessage({ touser: "test-1", msgtype: "text", text: { content: "still there?" } })
      .catch((error: unknown) => error);
    await sim.end("/quit\n");
    expect(result).toMatchObject({ errcode: 43004 });
  });

  it("prints the custom menu the server publishes, and WeChat's refusal of a broken one", async () => {
    const apiPort = 40000 + Math.floor(Math.random() * 20000);
    const apiBase = `http://127.0.0.1:${apiPort}`;
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    const sim = startSim([
      "--url",
      server.wechatUrl,
      "--token",
      TEST_TOKEN,
      "--api-port",
      String(apiPort),
    ]);
    await sim.outputContains("talking to");
    // What the admin API's 发布到微信 calls, against the sim's fake API.
    const api = createWechatApiClient({ appId: "wxhuashusim", appSecret: "simsecret", apiBase });
    await api.createMenu({
      button: [
        { type: "click", name: "课程咨询", key: "MENU_COURSE" },
        {
          name: "更多",
          sub_button: [
            { type: "view", name: "官网", url: "https://shop.example.com/" },
            { type: "scancode_waitmsg", name: "扫码查真伪", key: "SCAN" },
          ],
        },
      ],
    });
    const refused = await api.createMenu({ button: [] }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ errcode: 40016 });
    await sim.end("/quit\n");
    const out = sim.output();
    expect(out).toContain(
      "← [自定义菜单 menu/create] 课程咨询 (click MENU_COURSE) | 更多: 官网 (view https://shop.example.com/), 扫码查真伪 (scancode_waitmsg SCAN)",
    );
    expect(out).toContain("← [自定义菜单 menu/create] (no buttons) (refused: errcode 40016)");
  });

  it("says so when the server asks its fake API for a token with the wrong AppSecret", async () => {
    const apiPort = 40000 + Math.floor(Math.random() * 20000);
    const apiBase = `http://127.0.0.1:${apiPort}`;
    server = await startTestServer({
      dbPath: db.path,
      flows: [threeFlow],
      deps: {
        api: createWechatApiClient({ appId: "wxhuashusim", appSecret: "not-the-secret", apiBase }),
      },
    });
    const { code, out } = await runSim(
      ["--url", server.wechatUrl, "--token", TEST_TOKEN, "--api-port", String(apiPort)],
      "three\n/quit\n",
    );
    expect(code).toBe(0);
    expect(out).toContain("← one");
    expect(out).toContain("access_token refused: errcode 40125");
    expect(out).toContain("WECHAT_APP_SECRET=simsecret");
  });
});
