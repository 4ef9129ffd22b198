// GET /api/flows/:id/funnel over real HTTP: followers chat through /wechat, the funnel counts them.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Flow, serializeFlow } from "../../shared/schema";
import { createAdminAuth } from "../auth/adminAuth";
import { dayOf } from "../runtime/interactions";
import { buildFlow } from "../runtime/testFlows";
import { startTestServer, type TestServer } from "../runtime/testServer";
import { migrate, migrations } from "../store/migrations";
import { sampleFlow } from "./apiTestKit";
import { chinaDate } from "./funnel";

const PASSWORD = "funnel test password";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-11-24 00:00 in China (UTC+8), still the 23rd in UTC. */
const CHINA_MIDNIGHT = Date.UTC(2026, 10, 23, 16);
const text = (t: string) => ({ type: "text", text: t });

/**
 * 课程 (from anywhere) starts it: greet → level; 基础 and 进阶 lead by two edges into `sign`;
 * 人工 hands the follower over; 报名 ends it.
 */
function courseFlow(greeting = "欢迎了解课程"): Flow {
  const options = (...labels: Array<[string, string]>) => ({
    type: "options",
    options: labels.map(([id, label]) => ({ id, label })),
  });
  return buildFlow("course", {
    triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "课程", global: true }],
    nodes: [
      { id: "greet", kind: "message", messages: [text(greeting)] },
      {
        id: "level",
        kind: "question",
        prompt: "您的基础？",
        answer: options(["basic", "基础"], ["advanced", "进阶"], ["human", "人工"]),
      },
      { id: "basicInfo", kind: "message", messages: [text("基础班")] },
      { id: "advancedInfo", kind: "message", messages: [text("进阶班")] },
      { id: "sign", kind: "question", prompt: "报名吗？", answer: options(["yes", "报名"]) },
      { id: "agent", kind: "handoff", reason: "咨询课程" },
      { id: "done", kind: "end" },
    ],
    edges: [
      ["greet", "next", "level"],
      ["level", "basic", "basicInfo"],
      ["level", "advanced", "advancedInfo"],
      ["level", "human", "agent"],
      ["basicInfo", "next", "sign"],
      ["advancedInfo", "next", "sign"],
      ["sign", "yes", "done"],
    ],
  });
}

/** 买 (from anywhere) starts it. */
const shopFlow = buildFlow("shop", {
  triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "买", global: true }],
  variables: [{ name: "what", type: "string", default: "" }],
  nodes: [
    {
      id: "hello",
      kind: "question",
      prompt: "买什么？",
      answer: { type: "input", variable: "what" },
    },
  ],
});

const counts = (over: Record<string, number> = {}) => ({
  reached: 0,
  inProgress: 0,
  completed: 0,
  dropped: 0,
  handedOff: 0,
  errors: 0,
  ...over,
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Body = Record<string, any>;

let dir: string;
let dbPath: string;
let server: TestServer | undefined;
let clock = CHINA_MIDNIGHT + 10 * HOUR;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-funnel-"));
  dbPath = join(dir, "huashu.db");
  clock = CHINA_MIDNIGHT + 10 * HOUR;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A server on the test's database with the admin API, and a logged-in GET of the API. */
async function start(flows: Flow[] = [courseFlow(), shopFlow]) {
  server = await startTestServer({
    dbPath,
    flows,
    env: { HUASHU_FLOWS_DIR: dir },
    deps: {
      adminAuth: createAdminAuth({ sessionSecret: randomBytes(32), password: PASSWORD }),
      now: () => clock,
    },
  });
  const s = server;
  const login = await fetch(`${s.url}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: PASSWORD }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const get = (path: string, withCookie = true) =>
    fetch(`${s.url}/api${path}`, { headers: withCookie ? { Cookie: cookie } : {} });
  const funnel = async (query = "", flowId = "course") => {
    const res = await get(`/flows/${flowId}/funnel${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Body;
  };
  /** A follower's messages in order; each reply checked to be one. */
  const say = async (openid: string, ...messages: string[]) => {
    for (const m of messages) expect((await s.wechat.text(openid, m)).status).toBe(200);
  };
  return { s, get, funnel, say };
}

describe("GET /api/flows/:id/funnel", () => {
  it("counts each follower's run per node: two edges into one node, every way of ending", async () => {
    const { s, funnel, say } = await start();
    // Stops at sign; 31 minutes later its session has expired.
    await say("fD", "课程", "进阶");
    clock += 31 * MINUTE;
    await say("fA", "课程", "基础"); // stops at sign, still in time
    await say("fB", "课程", "进阶", "买"); // another flow's keyword takes over at sign
    await say("fC", "课程", "基础", "报名"); // finishes
    await say("fE", "课程");
    await s.wechat.event("fE", "unsubscribe"); // leaves at level
    await say("fF", "课程"); // stops at level
    await say("fG", "课程", "人工"); // handed to a person

    const report = await funnel();
    expect(report).toEqual({
      flowId: "course",
      from: "2026-11-18",
      to: "2026-11-24",
      days: 7,
      version: null,
      through: null,
      versions: [{ version: 1, runs: 7 }],
      runs: 7,
      nodes: {
        greet: counts({ reached: 7 }),
        level: counts({ reached: 7, inProgress: 1, dropped: 1 }),
        basicInfo: counts({ reached: 2 }),
        advancedInfo: counts({ reached: 2 }),
        sign: counts({ reached: 4, inProgress: 1, dropped: 2 }),
        agent: counts({ reached: 1, handedOff: 1 }),
        done: counts({ reached: 1, completed: 1 }),
      },
      since: expect.any(Number),
    });
    // Entered by two edges: each path's runs once, none twice.
    const { nodes } = report;
    expect(nodes.sign.reached).toBe(nodes.basicInfo.reached + nodes.advancedInfo.reached);
    expect((await funnel("", "shop")).nodes).toEqual({
      hello: counts({ reached: 1, inProgress: 1 }),
    });

    // The same numbers after a restart on the same database file.
    await s.close();
    server = undefined;
    const again = await start();
    expect(await again.funnel()).toEqual(report);
  });

  it("filters by version while a follower stays on the old one, and lists every version", async () => {
    const { s, funnel, say } = await start();
    await say("old", "课程"); // at level on version 1
    await say("done", "课程", "基础", "报名");
    expect(await s.publish(courseFlow("新版：欢迎了解课程"))).toBe(2);
    await say("new", "课程"); // version 2
    await say("old", "基础"); // still version 1: on to sign

    const versions = [
      { version: 2, runs: 1 },
      { version: 1, runs: 2 },
    ];
    const one = await funnel("?version=1");
    expect([one.version, one.versions, one.runs]).toEqual([1, versions, 2]);
    expect(one.nodes).toEqual({
      greet: counts({ reached: 2 }),
      level: counts({ reached: 2 }),
      basicInfo: counts({ reached: 2 }),
      sign: counts({ reached: 2, inProgress: 1 }),
      done: counts({ reached: 1, completed: 1 }),
    });
    const two = await funnel("?version=2");
    expect([two.version, two.versions, two.runs]).toEqual([2, versions, 1]);
    expect(two.nodes).toEqual({
      greet: counts({ reached: 1 }),
      level: counts({ reached: 1, inProgress: 1 }),
    });
    const all = await funnel();
    expect([all.versions, all.runs, all.nodes.level]).toEqual([
      versions,
      3,
      counts({ reached: 3, inProgress: 1 }),
    ]);
    // A version without runs in the period: nothing, but the versions still listed.
    const none = await funnel("?version=7");
    expect([none.versions, none.runs, none.nodes]).toEqual([versions, 0, {}]);
  });

  it("counts only the runs through a node: each branch into sign, and names it back", async () => {
    const { funnel, say } = await start();
    await say("fA", "课程", "基础", "报名"); // basic, finishes
    await say("fB", "课程", "基础"); // basic, waits at sign
    await say("fC", "课程", "进阶"); // advanced, waits at sign
    await say("fD", "课程", "人工"); // neither

    const basic = await funnel("?through=basicInfo");
    expect(basic).toEqual({
      flowId: "course",
      from: "2026-11-18",
      to: "2026-11-24",
      days: 7,
      version: null,
      through: "basicInfo",
      versions: [{ version: 1, runs: 2 }],
      runs: 2,
      nodes: {
        greet: counts({ reached: 2 }),
        level: counts({ reached: 2 }),
        basicInfo: counts({ reached: 2 }),
        sign: counts({ reached: 2, inProgress: 1 }),
        done: counts({ reached: 1, completed: 1 }),
      },
      since: expect.any(Number),
    });
    const advanced = await funnel("?through=advancedInfo&days=1&version=1");
    expect([advanced.through, advanced.days, advanced.version, advanced.runs]).toEqual([
      "advancedInfo",
      1,
      1,
      1,
    ]);
    expect(advanced.nodes).toEqual({
      greet: counts({ reached: 1 }),
      level: counts({ reached: 1 }),
      advancedInfo: counts({ reached: 1 }),
      sign: counts({ reached: 1, inProgress: 1 }),
    });
    // A node no run reached, or one the flow does not have: nothing, not an error.
    const nobody = await funnel("?through=no-such_node");
    expect([nobody.through, nobody.versions, nobody.runs, nobody.nodes]).toEqual([
      "no-such_node",
      [],
      0,
      {},
    ]);
    expect((await funnel()).through).toBeNull();
  });

  it("counts the runs started in the last `days` calendar days in China, today included", async () => {
    const { funnel, say } = await start();
    const sayAt = async (at: number, openid: string) => {
      clock = at;
      await say(openid, "课程");
    };
    const firstOfWeek = CHINA_MIDNIGHT - 6 * DAY;
    await sayAt(CHINA_MIDNIGHT - 8 * DAY + 10 * HOUR, "eightDaysAgo");
    await sayAt(firstOfWeek - MINUTE, "justBeforeTheWeek");
    await sayAt(firstOfWeek + MINUTE, "justAfterChinaMidnight");
    await sayAt(CHINA_MIDNIGHT + MINUTE, "today");
    clock = CHINA_MIDNIGHT + 10 * HOUR;

    const week = await funnel("?days=7");
    expect([week.from, week.to, week.days, week.runs]).toEqual(["2026-11-18", "2026-11-24", 7, 2]);
    expect(week.nodes.greet).toEqual(counts({ reached: 2 }));
    expect((await funnel()).runs).toBe(2);
    expect((await funnel("?days=1")).runs).toBe(1);
    expect((await funnel("?days=8")).runs).toBe(3);
    const nine = await funnel("?days=9");
    expect([nine.from, nine.runs]).toEqual(["2026-11-16", 4]);
    expect(chinaDate(dayOf(CHINA_MIDNIGHT - 1))).toBe("2026-11-23");
  });

  it("answers 400 naming the parameter for bad days, version or through, 404 for an unknown flow", async () => {
    const { get, funnel } = await start();
    const bad: Array<[string, string]> = [
      ["days=0", "days"],
      ["days=366", "days"],
      ["days=abc", "days"],
      ["days=1.5", "days"],
      ["days=-3", "days"],
      ["days=07", "days"],
      ["days=", "days"],
      ["days=7&days=8", "days"],
      ["version=0", "version"],
      ["version=-1", "version"],
      ["version=v2", "version"],
      ["version=", "version"],
      ["through=", "through"],
      ["through=basicInfo&through=sign", "through"],
      ["through=bad..id", "through"],
      ["through=%E8%8A%82%E7%82%B9", "through"],
      ["through=a%20b", "through"],
      [`through=${"n".repeat(65)}`, "through"],
      ["week=1", "week"],
    ];
    for (const [query, parameter] of bad) {
      const res = await get(`/flows/course/funnel?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      const { error } = (await res.json()) as Body;
      expect(error.code).toBe("bad_request");
      expect(error.parameter).toBe(parameter);
      expect(error.message.zh).toContain(parameter);
      expect(error.message.en).toContain(parameter);
    }
    expect((await funnel("?days=365&version=1")).days).toBe(365);
    expect((await funnel(`?through=${"n".repeat(64)}`)).runs).toBe(0);

    const unknown = await get("/flows/nobody/funnel");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Body).error.code).toBe("not_found");
    expect((await get("/flows/bad..id/funnel")).status).toBe(404);
    // A flow saved but never published: nothing counted yet, not unknown.
    writeFileSync(join(dir, "draft.json"), serializeFlow(sampleFlow("draft")));
    expect(await funnel("", "draft")).toMatchObject({ versions: [], runs: 0, nodes: {} });
    expect((await get("/flows/course/funnel", false)).status).toBe(401);
  });

  it("leaves out the simulator's sandbox followers: the marketer trying the flow", async () => {
    const { funnel, say } = await start();
    await say("sandbox-marketer", "课程", "基础");
    await say("real", "课程");
    const report = await funnel();
    expect([report.runs, report.nodes.greet, report.nodes.basicInfo]).toEqual([
      1,
      counts({ reached: 1 }),
      undefined,
    ]);
  });

  it("upgrades a version-7 database: counting starts then, a conversation in progress is not counted", async () => {
    const old = new Database(dbPath);
    migrate(old, dbPath, migrations.slice(0, 7));
    old
      .prepare(
        "INSERT INTO flow_versions (flow_id, version, flow, published_at) VALUES (?, 1, ?, 0)",
      )
      .run("course", JSON.stringify(courseFlow()));
    const session = {
      flowId: "course",
      flowVersion: 1,
      nodeId: "level",
      status: "active",
      variables: {},
      retries: {},
      pending: null,
      error: null,
      startedAt: clock - MINUTE,
      updatedAt: clock - MINUTE,
      expiresAt: clock + 29 * MINUTE,
    };
    old
      .prepare(
        `INSERT INTO sessions (openid, session, flow_id, flow_version, status, updated_at, expires_at)
         VALUES ('midway', ?, 'course', 1, 'active', ?, ?)`,
      )
      .run(JSON.stringify(session), session.updatedAt, session.expiresAt);
    old.close();

    const upgradedFrom = Date.now();
    const { s, funnel, say } = await start([]);
    const upgradedBy = Date.now();
    // The conversation begun before the upgrade goes on as before, uncounted.
    expect((await s.wechat.text("midway", "基础")).content).toBe("基础班");
    await say("after", "课程");
    const report = await funnel();
    expect([report.versions, report.runs]).toEqual([[{ version: 1, runs: 1 }], 1]);
    expect(report.nodes).toEqual({
      greet: counts({ reached: 1 }),
      level: counts({ reached: 1, inProgress: 1 }),
    });
    expect(report.since).toBeGreaterThanOrEqual(upgradedFrom - 1);
    expect(report.since).toBeLessThanOrEqual(upgradedBy + 1);
  });
});
