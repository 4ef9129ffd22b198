// The disk fills up mid-conversation (SQLITE_FULL, for real: SQLite's page cap), over real HTTP with
// the writer thread: what followers, WeChat, the operator's monitor and log, and the marketer see,
// and that nothing is lost, sent twice or corrupted once space returns.
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAdminAuth } from "../auth/adminAuth";
import { fillDatabase, freeDatabase } from "../store/fillDatabase";
import { sqliteDatabaseOf } from "../store/sqliteStore";
import { StoreFullError } from "../store/storeErrors";
import { textXml } from "./fakeWechatClient";
import { publishFlowFile } from "./publishFlowFile";
import { buildFlow, threeFlow } from "./testFlows";
import { startTestServer, type TestServer, tempDbPath } from "./testServer";
import type { Logger } from "./types";

const PASSWORD = "correct horse battery staple";
const text = (t: string) => ({ type: "text", text: t });

/** A consultation: what the follower needs, then their name. */
const consultFlow = buildFlow("consult", {
  triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "咨询", global: true }],
  variables: [
    { name: "need", type: "string", default: "" },
    { name: "name", type: "string", default: "" },
  ],
  nodes: [
    {
      id: "need",
      kind: "question",
      prompt: "请问您想咨询什么？",
      answer: { type: "input", variable: "need" },
    },
    {
      id: "name",
      kind: "question",
      prompt: "已记录。请问怎么称呼您？",
      answer: { type: "input", variable: "name" },
    },
    { id: "thanks", kind: "message", messages: [text("谢谢 {{name}}，顾问稍后联系您")] },
    { id: "end", kind: "end" },
  ],
  edges: [
    ["need", "next", "name"],
    ["name", "next", "thanks"],
    ["thanks", "next", "end"],
  ],
});

/** WeChat OpenIDs are 28 characters. */
const openidOf = (prefix: string, i: number) =>
  `${prefix}${String(i).padStart(28 - prefix.length, "0")}`;

let db: ReturnType<typeof tempDbPath>;
let server: TestServer | undefined;
beforeEach(() => {
  db = tempDbPath();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
  db.cleanup();
});

describe("a full disk, over HTTP with the writer thread", () => {
  it("loses, doubles and corrupts nothing, and says so once, until space returns", async () => {
    const logged: Array<{ level: string; message: string }> = [];
    const logger: Logger = {
      info: (message) => logged.push({ level: "info", message }),
      warn: (message) => logged.push({ level: "warn", message }),
      error: (message) => logged.push({ level: "error", message }),
    };
    const warnings: string[] = [];
    vi.spyOn(process, "emitWarning").mockImplementation((w) => void warnings.push(String(w)));
    // The customer-service API: held until the disk is full; then each send lets the disk fill
    // again (other files take what the database frees), so the marks of sends fail for real.
    let openApi!: () => void;
    const apiOpen = new Promise<void>((resolve) => {
      openApi = resolve;
    });
    const sent: Array<{ touser: string; text: { content: string } }> = [];
    let afterSend: (() => Promise<void>) | undefined;
    const flowsDir = join(db.path, "..", "flows");
    mkdirSync(flowsDir);
    const complaintFile = join(flowsDir, "complaint.json");
    copyFileSync(join(import.meta.dirname, "../../flows/complaint.json"), complaintFile);
    server = await startTestServer({
      dbPath: db.path,
      flows: [consultFlow, threeFlow],
      env: { HUASHU_FLOWS_DIR: flowsDir },
      deps: {
        logger,
        adminAuth: createAdminAuth({ sessionSecret: randomBytes(32), password: PASSWORD }),
        api: {
          async sendCustomMessage(message) {
            await apiOpen;
            sent.push(message as (typeof sent)[number]);
            await afterSend?.();
          },
        },
      },
    });
    const s = server;
    const sqlite = sqliteDatabaseOf(s.store)!;
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    const health = async () => {
      const response = await fetch(`${s.url}/healthz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    // Mid-conversation, and 600 customer-service messages queued (two for each of 300 followers).
    expect((await s.wechat.text("o-main", "咨询")).content).toBe("请问您想咨询什么？");
    for (let i = 0; i < 300; i++) {
      expect((await s.wechat.text(openidOf("oQ", i), "three")).content).toBe("one");
    }

    await fillDatabase(s.store);
    afterSend = () => fillDatabase(s.store);
    openApi();
    await expect
      .poll(() => logged.some((l) => /could not be marked sent/.test(l.message)), {
        timeout: 10_000,
      })
      .toBe(true);
    // Several looks at the queue later: what went out went out once, and is still queued unmarked.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sentWhileFull = sent.length;
    expect(new Set(sent.map((m) => JSON.stringify(m))).size).toBe(sentWhileFull);
    expect(count("SELECT COUNT(*) AS n FROM outbound WHERE status = 'sent'")).toBeLessThan(
      sentWhileFull,
    );
    expect(count("SELECT COUNT(*) AS n FROM outbound")).toBe(600);

    // The follower's answer is longer than a page: it needs a new one, and cannot be stored.
    const answer = "我要投诉：快递三天还没到，客服电话也打不通。".repeat(80);
    const first = s.wechat.sign(textXml("o-main", answer, "7000001"));
    const refused = await s.wechat.send(first);
    expect([refused.status, refused.xml]).toEqual([200, "success"]);
    expect((await s.store.getSession("o-main"))?.nodeId).toBe("need");
    expect(await s.store.processedReply("msg:o-main:7000001")).toBeUndefined();
    // Others are answered meanwhile, never with a 5xx: a turn that fits is stored and answered.
    const others: string[] = [];
    for (let i = 0; i < 20; i++) {
      const reply = await s.wechat.text(openidOf("oF", i), "three");
      expect(reply.status).toBe(200);
      expect(["one", undefined]).toContain(reply.content);
      if (reply.content === "one") others.push(openidOf("oF", i));
    }

    const full = await health();
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({
      ok: false,
      database: expect.stringMatching(`^full since .*: ${db.path} has no space left on its disk`),
      outbound: { pending: expect.any(Number) },
    });

    // Publishing: the editor's and the runtime's.
    const login = await fetch(`${s.url}/api/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    const cookie = (login.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    const published = await fetch(`${s.url}/api/flows/complaint/publish`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: "{}",
    });
    expect(published.status).toBe(503);
    expect(((await published.json()) as { error: { code: string } }).error.code).toBe(
      "database_full",
    );
    const byFile = publishFlowFile(s.store, complaintFile);
    await expect(byFile).rejects.toBeInstanceOf(StoreFullError);
    await expect(byFile).rejects.toThrow(
      `the database ${db.path} is full (no space left on its disk), so flow complaint was not stored`,
    );
    expect((await s.store.latestFlows()).map((f) => `${f.flowId}@${f.version}`).sort()).toEqual([
      "consult@1",
      "three@1",
    ]);

    // Said once each, in words: no error, no stack trace per message or per look at the queue.
    expect(logged.filter((l) => l.level === "error")).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(`the database ${db.path} is full`)]);
    expect(logged.filter((l) => /could not be marked sent/.test(l.message))).toHaveLength(1);

    // Space returns.
    afterSend = undefined;
    await freeDatabase(s.store);
    // WeChat's retry of the very same request: handled as new, once.
    expect((await s.wechat.send(first)).content).toBe("已记录。请问怎么称呼您？");
    expect((await s.wechat.send(first)).content).toBe("已记录。请问怎么称呼您？");
    expect((await s.wechat.text("o-main", "小王")).content).toBe("谢谢 小王，顾问稍后联系您");
    expect((await s.store.listMessages("o-main", 10)).map((m) => m.direction)).toEqual([
      "in",
      "out",
      "in",
      "out",
      "in",
      "out",
    ]);

    const queued = 600 + 2 * others.length;
    await expect
      .poll(() => count("SELECT COUNT(*) AS n FROM outbound WHERE status = 'sent'"), {
        timeout: 10_000,
      })
      .toBe(queued);
    // Every queued message went out exactly once, each follower's in order.
    expect(sent).toHaveLength(queued);
    const received = new Map<string, string[]>();
    for (const m of sent)
      received.set(m.touser, [...(received.get(m.touser) ?? []), m.text.content]);
    expect(received.size).toBe(300 + others.length);
    for (const contents of received.values()) expect(contents).toEqual(["two", "three"]);
    expect(count("SELECT COUNT(*) AS n FROM service_sends")).toBe(queued);

    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    // Counters and the log say what followers were answered: nothing for the refused turns.
    const turns = 300 + others.length + 3;
    expect(await s.store.counters()).toEqual({
      messagesIn: turns,
      messagesOut: 3 * (300 + others.length) + 3,
    });
    expect(count("SELECT COUNT(*) AS n FROM messages WHERE direction = 'in'")).toBe(turns);
    expect(count("SELECT SUM(messages_in) AS n FROM followers")).toBe(turns);

    expect(await health()).toMatchObject({ status: 200, body: { ok: true, database: "ok" } });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(
      `the database ${db.path} takes writes again, after it was full since`,
    );
    expect(warnings[1]).toMatch(
      `${1 + 20 - others.length} follower message(s) could not be stored, so were not answered`,
    );
    expect(logged.filter((l) => l.level === "error")).toEqual([]);
    expect(logged.filter((l) => /are marked now, each sent once/.test(l.message))).toHaveLength(1);
  }, 60_000);
});
