// The custom menu's API over real HTTP: a running Huashu, a temp SQLite file, the fake WeChat API.
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MenuDocument, toWechatMenu } from "../../shared/menu";
import { createAdminAuth } from "../auth/adminAuth";
import { flowRevision } from "../flows/flowRepository";
import { flowFilesIn, publishFlowFiles } from "../runtime/publishFlowFile";
import { startTestServer, type TestServer, tempDbPath } from "../runtime/testServer";
import { createWechatApiClient } from "../wechat/apiClient";
import { type FakeWechatApi, startFakeWechatApi } from "../wechat/fakeWechatApi";

const PASSWORD = "pw-menu";
const MENU_CREATE = "/cgi-bin/menu/create";

let db: ReturnType<typeof tempDbPath>;
let flowsDir: string;
let fake: FakeWechatApi;
let server: TestServer | undefined;
let cookie = "";

/** Huashu on the temp database; `wechat` says where its WeChat API client points (none: not configured). */
async function start(wechat: "fake" | "unreachable" | "none" = "fake"): Promise<TestServer> {
  const apiBase =
    wechat === "unreachable" ? await closedPortUrl() : wechat === "fake" ? fake.url : undefined;
  server = await startTestServer({
    dbPath: db.path,
    env: { HUASHU_FLOWS_DIR: flowsDir },
    deps: {
      adminAuth: createAdminAuth({ sessionSecret: randomBytes(32), password: PASSWORD }),
      ...(apiBase
        ? {
            api: createWechatApiClient({
              appId: fake.appId,
              appSecret: fake.appSecret,
              apiBase,
              timeoutMs: 2_000,
            }),
          }
        : {}),
    },
  });
  const login = await fetch(`${server.url}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: PASSWORD }),
  });
  cookie = (login.headers.get("Set-Cookie") ?? "").split(";")[0] as string;
  return server;
}

/** An address where nothing listens: a fake API started and closed again. */
async function closedPortUrl(): Promise<string> {
  const gone = await startFakeWechatApi();
  await gone.close();
  return gone.url;
}

async function api(method: string, path: string, body?: unknown) {
  if (!server) throw new Error("not started");
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { Cookie: cookie, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, checked field by field below
  return { status: res.status, body: (await res.json()) as any };
}

const menuCreates = () => fake.received().filter((call) => call.path === MENU_CREATE);
const menuPath = () => join(flowsDir, "wechat.menu.json");

const courseMenu = (name = "课程咨询"): MenuDocument => ({
  schemaVersion: 1,
  buttons: [
    { id: "course", name, type: "click", key: "MENU_COURSE", children: [] },
    {
      id: "more",
      name: "更多",
      children: [
        { id: "site", name: "官网", type: "view", url: "https://example.com/" },
        { id: "shop", name: "商城", type: "click", key: "SHOP" },
      ],
    },
  ],
});

beforeEach(async () => {
  db = tempDbPath();
  // As in production: HUASHU_FLOWS_DIR holds the example flows, published on a fresh database.
  flowsDir = join(db.path, "..", "flows");
  mkdirSync(flowsDir);
  for (const file of await flowFilesIn("flows")) copyFileSync(file, join(flowsDir, basename(file)));
  fake = await startFakeWechatApi();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await fake.close();
  db.cleanup();
});

async function startWithExamples(wechat?: "fake" | "unreachable" | "none") {
  const s = await start(wechat);
  const results = await publishFlowFiles(s.store, await flowFilesIn(flowsDir));
  expect(results.every((r) => r.ok)).toBe(true);
  return s;
}

describe("the custom menu draft", () => {
  it("is the empty menu before anything is saved, with the example flows' click keys", async () => {
    await startWithExamples();
    const { status, body } = await api("GET", "/menu");
    expect(status).toBe(200);
    expect(body).toEqual({
      menu: { schemaVersion: 1, buttons: [] },
      revision: null,
      updatedAt: null,
      problems: [expect.objectContaining({ code: "MENU_EMPTY", severity: "error" })],
      clickKeys: [{ key: "MENU_COURSE", flowId: "course", flowName: "课程咨询" }],
      published: null,
      wechat: { configured: true },
    });
  });

  it("saves to flows/wechat.menu.json, reads back the same, and stays out of the flow list", async () => {
    await startWithExamples();
    const saved = await api("PUT", "/menu", { menu: courseMenu(), revision: null });
    expect(saved.status).toBe(200);
    const bytes = readFileSync(menuPath());
    expect(JSON.parse(bytes.toString("utf8"))).toEqual(courseMenu());
    expect(saved.body.revision).toBe(flowRevision(bytes));
    expect(Date.parse(saved.body.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    // SHOP is answered by no published flow; MENU_COURSE is (the course example).
    expect(saved.body.problems).toEqual([
      expect.objectContaining({
        code: "MENU_KEY_UNCLAIMED",
        severity: "warning",
        buttonId: "shop",
        field: "key",
      }),
    ]);
    const read = await api("GET", "/menu");
    expect(read.body).toEqual(saved.body);
    const flows = await api("GET", "/flows");
    expect(flows.body.flows.map((f: { id: string }) => f.id)).toEqual([
      "complaint",
      "course",
      "ecommerce",
    ]);
  });

  it("refuses a menu of the wrong shape with 400 naming the field, and writes nothing", async () => {
    await start();
    const menu = courseMenu() as unknown as { buttons: Array<{ children: unknown[] }> };
    menu.buttons[1]!.children[0] = { id: "site", name: 5 };
    const { status, body } = await api("PUT", "/menu", { menu, revision: null });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_menu");
    expect(body.error.field).toBe("buttons.1.children.0.name");
    expect(body.error.message.zh).toContain("buttons.1.children.0.name");
    expect(body.error.message.en).toContain("buttons.1.children.0.name");
    const noRevision = await api("PUT", "/menu", { menu: courseMenu() });
    expect([noRevision.status, noRevision.body.error.issues[0].field]).toEqual([400, "revision"]);
    expect(existsSync(menuPath())).toBe(false);
  });

  it("answers a save from a stale revision with 409 and the menu as it is now", async () => {
    await start();
    const first = await api("PUT", "/menu", { menu: courseMenu(), revision: null });
    const stale = await api("PUT", "/menu", { menu: courseMenu("别的名字"), revision: null });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect(stale.body.error.current.menu).toEqual(courseMenu());
    expect(stale.body.error.current.revision).toBe(first.body.revision);
    expect(JSON.parse(readFileSync(menuPath(), "utf8"))).toEqual(courseMenu());
    const next = await api("PUT", "/menu", {
      menu: courseMenu("课程"),
      revision: first.body.revision,
    });
    expect(next.status).toBe(200);
    expect(next.body.menu.buttons[0].name).toBe("课程");
  });

  it("answers 422 naming the file when the draft was broken by hand, and saving over it fixes it", async () => {
    await start();
    writeFileSync(menuPath(), '{\n  "schemaVersion": 1,\n  "buttons": [,]\n}\n');
    const syntax = await api("GET", "/menu");
    expect(syntax.status).toBe(422);
    expect(syntax.body.error.code).toBe("menu_file_invalid");
    expect(syntax.body.error.message.zh).toMatch(/wechat\.menu\.json.*第 3 行/);
    writeFileSync(menuPath(), JSON.stringify({ schemaVersion: 1, buttons: [{ id: "a" }] }));
    const shape = await api("GET", "/menu");
    expect(shape.status).toBe(422);
    expect(shape.body.error.message.en).toMatch(/wechat\.menu\.json.*field buttons\.0\.name/);
    const fixed = await api("PUT", "/menu", {
      menu: courseMenu(),
      revision: shape.body.error.revision,
    });
    expect(fixed.status).toBe(200);
    expect((await api("GET", "/menu")).status).toBe(200);
  });
});

describe("publishing the menu", () => {
  it("sends exactly the saved menu to WeChat, numbers publishes, and keeps them across a restart", async () => {
    await startWithExamples();
    const v1 = await api("PUT", "/menu", { menu: courseMenu(), revision: null });
    const first = await api("POST", "/menu/publish", { revision: v1.body.revision });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);
    expect(first.body.published).toEqual({
      version: 1,
      publishedAt: first.body.publishedAt,
      menu: courseMenu(),
    });
    expect(menuCreates().map((call) => call.body)).toEqual([toWechatMenu(courseMenu())]);
    expect(fake.menu()).toEqual(toWechatMenu(courseMenu()));

    const v2 = await api("PUT", "/menu", { menu: courseMenu("课程"), revision: v1.body.revision });
    const second = await api("POST", "/menu/publish", { revision: v2.body.revision });
    expect([second.status, second.body.version]).toEqual([200, 2]);
    expect(fake.menu()).toEqual(toWechatMenu(courseMenu("课程")));

    await server?.close();
    server = undefined;
    await start();
    const history = await api("GET", "/menu/publishes");
    expect(history.status).toBe(200);
    expect(history.body.publishes).toEqual([
      { version: 2, publishedAt: second.body.publishedAt, menu: courseMenu("课程") },
      { version: 1, publishedAt: first.body.publishedAt, menu: courseMenu() },
    ]);
    expect((await api("GET", "/menu/publishes?limit=1")).body.publishes).toHaveLength(1);
    expect((await api("GET", "/menu/publishes?limit=0")).status).toBe(400);
    expect((await api("GET", "/menu")).body.published.version).toBe(2);
  });

  it("refuses a menu with errors with 422 and the problems, sending nothing", async () => {
    await start();
    const empty = await api("POST", "/menu/publish", { revision: null });
    expect([empty.status, empty.body.error.code]).toEqual([422, "menu_invalid"]);
    expect(empty.body.error.problems.map((p: { code: string }) => p.code)).toEqual(["MENU_EMPTY"]);
    const tooLong = courseMenu("一二三四五六");
    const saved = await api("PUT", "/menu", { menu: tooLong, revision: null });
    const refused = await api("POST", "/menu/publish", { revision: saved.body.revision });
    expect(refused.status).toBe(422);
    expect(refused.body.error.problems[0]).toMatchObject({
      code: "MENU_NAME_TOO_LONG",
      buttonId: "course",
    });
    expect(fake.received()).toEqual([]);
    expect((await api("GET", "/menu/publishes")).body.publishes).toEqual([]);
  });

  it("refuses a publish from a stale revision with 409, sending nothing", async () => {
    await start();
    await api("PUT", "/menu", { menu: courseMenu(), revision: null });
    const stale = await api("POST", "/menu/publish", { revision: flowRevision("old") });
    expect([stale.status, stale.body.error.code]).toEqual([409, "conflict"]);
    expect(stale.body.error.current.menu).toEqual(courseMenu());
    expect(fake.received()).toEqual([]);
  });

  it("says which settings are missing when no WeChat API is configured", async () => {
    await start("none");
    const saved = await api("PUT", "/menu", { menu: courseMenu(), revision: null });
    expect(saved.body.wechat).toEqual({ configured: false });
    const res = await api("POST", "/menu/publish", { revision: saved.body.revision });
    expect([res.status, res.body.error.code]).toEqual([409, "wechat_not_configured"]);
    for (const text of [res.body.error.message.zh, res.body.error.message.en]) {
      expect(text).toContain("WECHAT_APP_ID");
      expect(text).toContain("WECHAT_APP_SECRET");
    }
    expect((await api("GET", "/menu/publishes")).body.publishes).toEqual([]);
  });

  it("explains WeChat's refusal (48001: no menu API for unverified accounts) and records nothing", async () => {
    await start();
    const saved = await api("PUT", "/menu", { menu: courseMenu(), revision: null });
    fake.failNext(MENU_CREATE, 48001);
    const res = await api("POST", "/menu/publish", { revision: saved.body.revision });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({
      code: "wechat_refused",
      errcode: 48001,
      errmsg: "injected failure 48001",
    });
    expect(res.body.error.message.zh).toContain("微信拒绝了菜单（错误码 48001");
    expect(res.body.error.message.zh).toContain("未认证的订阅号");
    expect((await api("GET", "/menu/publishes")).body.publishes).toEqual([]);
    expect((await api("GET", "/menu")).body.published).toBeNull();
    // An errcode without a menu explanation still says what WeChat said.
    fake.failNext(MENU_CREATE, 45064);
    const other = await api("POST", "/menu/publish", { revision: saved.body.revision });
    expect(other.body.error.message.zh).toBe(
      "微信拒绝了菜单（错误码 45064：injected failure 45064）",
    );
  });

  it("answers 502 when WeChat cannot be reached, and records nothing", async () => {
    await start("unreachable");
    const saved = await api("PUT", "/menu", { menu: courseMenu(), revision: null });
    const res = await api("POST", "/menu/publish", { revision: saved.body.revision });
    expect([res.status, res.body.error.code]).toEqual([502, "wechat_unreachable"]);
    expect(res.body.error.message.zh).toContain("无法连接微信服务器");
    expect((await api("GET", "/menu/publishes")).body.publishes).toEqual([]);
  });
});
