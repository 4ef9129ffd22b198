// POST /api/sandbox/send over real HTTP: through the server's own /wechat, plaintext and encrypted,
// passive reply plus the turn's customer-service messages; clear refusals when it cannot work.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Flow, parseFlow } from "../../shared/schema";
import { splitText } from "../../shared/wechat";
import { LONG_NOTE_ANSWER, LONG_NOTE_ECHO, longNoteFlow } from "../../tests/fixtures/longNote";
import { createAdminAuth } from "../auth/adminAuth";
import { startTestServer, TEST_AES_KEY, TEST_APP_ID, type TestServer } from "../runtime/testServer";

const PASSWORD = "sandbox test password";
const repoFlows = resolve(import.meta.dirname, "../../flows");

function exampleFlow(id: string) {
  const parsed = parseFlow(JSON.parse(readFileSync(join(repoFlows, `${id}.json`), "utf8")));
  if (!parsed.ok) throw new Error(`${id}.json does not load`);
  return parsed.flow;
}

const open: Array<{ server: TestServer; dir: string }> = [];

/** From now to 11:00 China time (03:00 UTC) today, so the server's clock keeps running from there. */
const MORNING_OFFSET = (() => {
  const morning = new Date();
  morning.setUTCHours(3, 0, 0, 0);
  return morning.getTime() - Date.now();
})();

async function start(env: Record<string, string> = {}, extraFlows: Flow[] = []) {
  const dir = mkdtempSync(join(tmpdir(), "huashu-sandbox-"));
  const server = await startTestServer({
    dbPath: join(dir, "huashu.db"),
    flows: [exampleFlow("ecommerce"), exampleFlow("course"), ...extraFlows],
    env: { HUASHU_FLOWS_DIR: dir, ...env },
    deps: {
      adminAuth: createAdminAuth({ sessionSecret: randomBytes(32), password: PASSWORD }),
      // The course flow answers differently outside 8:00–22:00 China time: run in today's morning.
      now: () => Date.now() + MORNING_OFFSET,
    },
  });
  open.push({ server, dir });
  const login = await fetch(`${server.url}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: PASSWORD }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const send = (body: unknown, withCookie = true) =>
    fetch(`${server.url}/api/sandbox/send`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(withCookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify(body),
    });
  return { server, send };
}

afterEach(async () => {
  for (const { server, dir } of open.splice(0)) {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("POST /api/sandbox/send", () => {
  it("chats through /wechat in plaintext: passive reply first, the rest as customer-service messages", async () => {
    const { send, server } = await start();
    const first = await send({
      flowId: "ecommerce",
      openid: "sandbox-a1",
      input: { type: "text", text: "我想买" },
    });
    expect(first.status).toBe(200);
    const body = (await first.json()) as {
      passive: { text: string };
      customerService: Array<{ text: string }>;
    };
    expect(body.passive).toMatchObject({ type: "text" });
    expect(body.passive.text).toContain("欢迎来到轻羽运动旗舰店");
    expect(body.customerService).toHaveLength(1);
    expect(body.customerService[0]?.text).toContain("请问您今天想了解哪方面呢");

    const second = (await (
      await send({ openid: "sandbox-a1", input: { type: "text", text: "2" } })
    ).json()) as {
      passive: { text: string };
      customerService: unknown[];
    };
    expect(second.passive.text).toContain("身高");
    expect(second.customerService).toEqual([]);
    // The server stored the sandbox follower's conversation like any other.
    expect((await server.store.getSession("sandbox-a1"))?.nodeId).toBe("ask_height");
  });

  it("follows through a QR scene and clicks an option link (bizmsgmenuid)", async () => {
    const { send } = await start();
    const followed = (await (
      await send({
        openid: "sandbox-b2",
        input: { type: "event", event: "subscribe", scene: "course_fair" },
      })
    ).json()) as { passive: { text: string } };
    expect(followed.passive.text).toMatch(/咨询课程还是售后服务|课程顾问小启/);
    const clicked = (await (
      await send({
        openid: "sandbox-b2",
        input: { type: "text", text: "课程咨询", menuId: "opt_course" },
      })
    ).json()) as { passive: { text: string } };
    expect(clicked.passive.text).toContain("英语基础");
  });

  it("signs and encrypts like WeChat's safe mode when an AES key is configured, and decrypts the reply", async () => {
    const { send } = await start({
      WECHAT_APP_ID: TEST_APP_ID,
      WECHAT_ENCODING_AES_KEY: TEST_AES_KEY,
    });
    const res = await send({ openid: "sandbox-c3", input: { type: "text", text: "尺码" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { passive: { text: string } };
    expect(body.passive.text).toContain("身高是多少厘米");
  });

  it("answers a handoff as WeChat's transfer to customer service", async () => {
    const { send } = await start();
    const res = await send({ openid: "sandbox-d4", input: { type: "text", text: "人工" } });
    const body = (await res.json()) as {
      passive: unknown;
      customerService: Array<{ text: string }>;
    };
    expect(body.passive).toEqual({ type: "transfer_customer_service" });
    expect(body.customerService[0]?.text).toContain("正在为您转接人工客服");
  });

  it("closes the customer-service session as WeChat does, and the flows answer again", async () => {
    const { send, server } = await start();
    const post = async (input: unknown) =>
      (await (await send({ openid: "sandbox-k9", input })).json()) as {
        passive: { type: string; text?: string } | null;
        customerService: unknown[];
      };
    expect((await post({ type: "text", text: "人工" })).passive?.type).toBe(
      "transfer_customer_service",
    );
    const closed = await post({ type: "event", event: "handoffClosed" });
    expect(closed).toEqual({ passive: null, customerService: [] });
    const logged = (await server.store.listMessages("sandbox-k9", 100)).at(-1);
    expect(JSON.parse(logged?.content ?? "{}")).toMatchObject({
      MsgType: "event",
      Event: "kf_close_session",
      KfAccount: "sandbox@huashu",
    });
    const next = await post({ type: "text", text: "随便问问" });
    expect(next.passive?.type).toBe("text");
  });

  it("says which piece of a long text each message is, the passive one included", async () => {
    const parsed = parseFlow(
      longNoteFlow({ echoMessages: [{ type: "text", text: "我们会尽快回复。" }] }),
    );
    if (!parsed.ok) throw new Error("the long_note flow does not load");
    const { send } = await start({}, [parsed.flow]);
    await send({ openid: "sandbox-h8", input: { type: "text", text: "留言" } });
    const res = await send({
      openid: "sandbox-h8",
      input: { type: "text", text: LONG_NOTE_ANSWER },
    });
    const body = (await res.json()) as {
      passive: { text: string; split?: unknown };
      customerService: Array<{ text: string; split?: unknown }>;
    };
    const pieces = splitText(LONG_NOTE_ECHO);
    expect(pieces).toHaveLength(2);
    expect(body.passive).toEqual({ type: "text", text: pieces[0], split: { index: 1, count: 2 } });
    expect(body.customerService).toEqual([
      { type: "text", text: pieces[1], split: { index: 2, count: 2 } },
      { type: "text", text: "我们会尽快回复。" },
    ]);
  });

  it("says when the flow is not published", async () => {
    const { send } = await start();
    const res = await send({
      flowId: "complaint",
      openid: "sandbox-e5",
      input: { type: "text", text: "投诉" },
    });
    const body = (await res.json()) as { warning: { zh: string } };
    expect(body.warning.zh).toContain("尚未发布");
  });

  it("refuses with 409 when WeChat is not configured", async () => {
    const { send } = await start({ WECHAT_TOKEN: "" });
    const res = await send({ openid: "sandbox-f6", input: { type: "text", text: "hi" } });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { message: { zh: string } } };
    expect(body.error.message.zh).toContain("请先配置 WECHAT_TOKEN");
  });

  it("refuses real openids, engine-only inputs and callers without a session", async () => {
    const { send } = await start();
    expect(
      (await send({ openid: "oFollower123", input: { type: "text", text: "hi" } })).status,
    ).toBe(400);
    const http = await send({
      openid: "sandbox-g7",
      input: { type: "httpResult", result: { ok: false, reason: "timeout" } },
    });
    expect(http.status).toBe(400);
    expect(
      (await send({ openid: "sandbox-g7", input: { type: "text", text: "hi" } }, false)).status,
    ).toBe(401);
  });
});
