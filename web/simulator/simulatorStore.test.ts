// The simulator's logic in node: the chat log, passive vs customer-service messages, the path, http, cases.
import { describe, expect, it } from "vitest";
import complaintJson from "../../flows/complaint.json";
import courseJson from "../../flows/course.json";
import ecommerceJson from "../../flows/ecommerce.json";
import type { FlowCatalog } from "../../shared/engine";
import { type Flow, parseFlow } from "../../shared/schema";
import { expandReply, splitText, utf8Length } from "../../shared/wechat";
import { LONG_NOTE_ANSWER, LONG_NOTE_INTRO, longNoteFlow } from "../../tests/fixtures/longNote";
import type { ChatEntry } from "./chatEntry";
import { createSimulatorStore, type SandboxAnswer } from "./simulatorStore";

function flow(raw: unknown): Flow {
  const parsed = parseFlow(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.flow;
}

const examples = [flow(ecommerceJson), flow(courseJson), flow(complaintJson)];
const MONDAY_10 = Date.parse("2025-03-10T10:00:00+08:00");

function storeFor(flowId: string, options: { draft?: Flow; sandbox?: SandboxAnswer } = {}) {
  const catalog = (): FlowCatalog => {
    const flows: FlowCatalog["flows"] = {};
    for (const f of examples) flows[f.id] = { flow: f, version: 0 };
    if (options.draft) flows[options.draft.id] = { flow: options.draft, version: 0 };
    return { flows };
  };
  const sent: Array<{ openid: string; input: unknown }> = [];
  const store = createSimulatorStore({
    getCatalog: catalog,
    flowId,
    now: () => MONDAY_10,
    randomId: () => "abc123",
    sandboxSend: async (openid, input) => {
      sent.push({ openid, input });
      return options.sandbox ?? { passive: null, customerService: [] };
    },
  });
  return { store, sent };
}

function texts(entries: ChatEntry[]): string[] {
  return entries.map((e) => {
    if (e.kind === "follower") return `> ${e.input.type === "text" ? e.input.text : e.input.type}`;
    if (e.kind === "system") return `· ${e.line.code}`;
    const label =
      e.channel === "passive"
        ? "passive"
        : e.window?.ok
          ? `cs ${e.window.used}/${e.window.quota}`
          : `refused ${e.window && !e.window.ok ? e.window.reason : ""}`;
    return `< [${label}] ${e.reply.type === "text" ? e.reply.text.split("\n")[0] : e.reply.type}`;
  });
}

describe("simulator store, local mode", () => {
  it("chats to the payment step: first reply passive, the rest customer-service with their quota", async () => {
    const { store } = storeFor("ecommerce");
    const s = () => store.getState();
    await s().send({ type: "text", text: "我想买衣服" });
    await s().send({ type: "text", text: "2" });
    await s().send({ type: "text", text: "175" });
    await s().send({ type: "text", text: "70" });
    const log = texts(s().entries);
    expect(log[0]).toBe("> 我想买衣服");
    expect(log[1]).toMatch(/^< \[passive\] 您好，欢迎来到轻羽运动旗舰店/);
    expect(log[2]).toMatch(/^< \[cs 1\/5\] 请问您今天想了解哪方面呢/);
    const last = log.slice(-5);
    expect(last[0]).toMatch(/^< \[passive\] 根据您的身高 175 厘米/);
    // Each follower message opens a new 48-hour window of 5.
    expect(last[1]).toMatch(/^< \[cs 1\/5\] 本周全场满 199 减 30/);
    expect(last[2]).toMatch(/^< \[cs 2\/5\] .*尺码/);
    expect(last.slice(3)).toEqual(["· tag", "· ended"]);
    expect(s().sim.session?.variables).toMatchObject({ height: 175, weight: 70, size: "L" });
    expect(s().sim.follower.tags).toEqual(["意向客户"]);
  });

  it("highlights the path taken and the node the conversation waits at", async () => {
    const { store } = storeFor("ecommerce");
    await store.getState().send({ type: "event", event: "subscribe" });
    await store.getState().send({ type: "text", text: "尺码推荐" });
    const { path, currentNodeId } = store.getState();
    expect(path.nodeIds).toEqual(["greet", "need", "ask_height"]);
    expect(path.edgeIds).toEqual(["e_greet_need", "e_need_size"]);
    expect(currentNodeId).toBe("ask_height");
  });

  it("refuses customer-service messages past the 48-hour window, and ends expired sessions", async () => {
    const complaint = examples[2]!;
    const patient = {
      ...complaint,
      settings: { ...complaint.settings, sessionTimeoutMinutes: 10080 },
    };
    const { store } = storeFor("complaint", { draft: patient });
    const s = () => store.getState();
    await s().send({ type: "text", text: "我要投诉" });
    await s().send({ type: "text", text: "1" });
    await s().send({ type: "text", text: "2025031412345678" });
    expect(s().pendingHttp?.url).toBe("https://example.com/api/orders/2025031412345678");
    s().advanceClock(49 * 3_600_000);
    await s().answerHttp({
      ok: true,
      status: 200,
      body: { data: { item: "T恤", status: "已发货" } },
    });
    const after = texts(s().entries.slice(-6));
    // The handoff takes the passive reply (transfer); the messages need a window that closed.
    expect(after).toContain("· transfer");
    expect(after.filter((l) => l.startsWith("< [refused outside]"))).toHaveLength(2);
    expect(s().pendingHttp).toBeNull();
    expect(s().sim.session?.variables.order_item).toBe("T恤");

    const short = storeFor("complaint").store;
    for (const text of ["我要投诉", "1", "2025031412345678"])
      await short.getState().send({ type: "text", text });
    short.getState().advanceClock(3_600_000);
    await short.getState().answerHttp({ ok: false, reason: "timeout" });
    expect(texts(short.getState().entries).slice(-1)).toEqual(["· expired"]);
  });

  it("counts 3 messages in the minute after a menu click", async () => {
    const { store } = storeFor("course");
    store.getState().setClock(Date.parse("2025-03-10T23:30:00+08:00"));
    await store.getState().send({ type: "event", event: "click", key: "MENU_COURSE" });
    expect(texts(store.getState().entries).slice(-2)).toEqual([
      expect.stringMatching(/^< \[passive\] 现在是非工作时间/),
      expect.stringMatching(/^< \[cs 1\/3\] 您好！请问您当前需要咨询课程还是售后服务？/),
    ]);
  });

  it("starts the course flow from a QR scene and takes an option link click", async () => {
    const { store } = storeFor("course");
    const s = () => store.getState();
    await s().send({ type: "event", event: "subscribe", scene: "course_fair" });
    expect(s().sim.follower.scene).toBe("course_fair");
    expect(s().currentNodeId).toMatch(/^opening_/);
    await s().send({ type: "text", text: "课程咨询", menuId: "opt_course" });
    expect(s().currentNodeId).toBe("ask_level");
  });

  it("starts from a chosen node, and follows the simulated clock for time conditions", async () => {
    const { store } = storeFor("course");
    const s = () => store.getState();
    s().setClock(Date.parse("2025-03-10T23:30:00+08:00"));
    s().startAt("hours");
    const log = texts(s().entries);
    expect(log[0]).toBe("· clock");
    expect(log[1]).toBe("· startAt");
    expect(log[2]).toMatch(/现在是非工作时间/);
    expect(s().recorded[0]?.input).toEqual({ type: "startAt", nodeId: "hours", flowId: "course" });
  });

  it("lets the tester change a variable and a tag to try conditions", async () => {
    const { store } = storeFor("ecommerce");
    const s = () => store.getState();
    s().toggleTag("老客户");
    expect(s().followerSetup.tags).toEqual(["老客户"]);
    await s().send({ type: "text", text: "我想买" });
    s().setVariable("need", "改过的");
    expect(s().sim.session?.variables.need).toBe("改过的");
    await s().send({ type: "text", text: "3" });
    expect(texts(s().entries).some((l) => l.includes("老客户专享"))).toBe(true);
  });

  it("restarts with the same starting follower and a fresh conversation", async () => {
    const { store } = storeFor("ecommerce");
    const s = () => store.getState();
    s().toggleTag("老客户");
    await s().send({ type: "text", text: "我想买" });
    s().restart();
    expect(s().entries).toEqual([]);
    expect(s().sim.session).toBeNull();
    expect(s().sim.follower.tags).toEqual(["老客户"]);
    expect(s().path.nodeIds).toEqual([]);
  });

  it("offers the agent's closing of a handoff, after which the flows answer again", async () => {
    const { store } = storeFor("ecommerce");
    const s = () => store.getState();
    expect(s().handedOff).toBe(false);
    await s().send({ type: "text", text: "人工" });
    expect(s().handedOff).toBe(true);
    await s().send({ type: "event", event: "handoffClosed" });
    expect(s().handedOff).toBe(false);
    expect(s().sim.session?.status).toBe("done");
    // Not a bubble of the follower's: the agent did it.
    expect(texts(s().entries).slice(-2)).toEqual(["· handoffClosed", "· ended"]);
    await s().send({ type: "text", text: "我想买衣服" });
    expect(texts(s().entries).at(-2)).toMatch(/^< \[passive\] 您好，欢迎来到轻羽运动旗舰店/);
    expect(s().transcript()).toContain("> /kfclose");
  });

  it("says when nothing answered", async () => {
    const { store } = storeFor("ecommerce");
    await store.getState().send({ type: "event", event: "view", url: "https://x" });
    expect(texts(store.getState().entries)).toEqual(["> event", "· noReply"]);
  });
});

describe("simulator store, cases and transcript", () => {
  it("saves the conversation as a case that passes, then fails after the draft changes a reply", async () => {
    const ecommerce = examples[0]!;
    const { store } = storeFor("ecommerce");
    const s = () => store.getState();
    await s().send({ type: "text", text: "我想买" });
    await s().send({ type: "text", text: "1" });
    const saved = s().toTestCase("新品");
    expect(saved).not.toBeNull();
    s().setCases([saved!]);
    expect(s().results[saved!.id]?.passed).toBe(true);
    expect(s().transcript()).toContain("> 我想买\n< 您好，欢迎来到轻羽运动旗舰店");

    const edited: Flow = {
      ...ecommerce,
      nodes: ecommerce.nodes.map((n) =>
        n.id === "greet" ? { ...n, messages: [{ type: "text", text: "你好呀" }] } : n,
      ) as Flow["nodes"],
    };
    const { store: other } = storeFor("ecommerce", { draft: edited });
    other.getState().setCases([saved!]);
    const result = other.getState().results[saved!.id];
    expect(result?.passed).toBe(false);
    expect(result?.steps[0]?.diff[0]?.actual?.text).toBe("你好呀");
  });

  it("names new cases uniquely", async () => {
    const { store } = storeFor("ecommerce");
    await store.getState().send({ type: "text", text: "我想买" });
    const a = store.getState().toTestCase("")!;
    store.getState().setCases([a]);
    expect(store.getState().toTestCase("x")!.id).not.toBe(a.id);
  });
});

describe("simulator store, server mode", () => {
  it("sends through the sandbox as sandbox-<id> and shows passive and customer-service replies", async () => {
    const { store, sent } = storeFor("ecommerce", {
      sandbox: {
        passive: { type: "text", text: "您好" },
        customerService: [{ type: "text", text: "第二条" }],
      },
    });
    store.getState().setMode("server");
    await store.getState().send({ type: "text", text: "我想买" });
    expect(sent).toEqual([{ openid: "sandbox-abc123", input: { type: "text", text: "我想买" } }]);
    expect(texts(store.getState().entries)).toEqual([
      "> 我想买",
      "< [passive] 您好",
      "< [cs 1/5] 第二条",
    ]);
  });

  it("knows the follower is with people while the server transfers, and sends the agent's close", async () => {
    const sandbox: SandboxAnswer = {
      passive: { type: "transfer_customer_service" },
      customerService: [],
    };
    const { store, sent } = storeFor("ecommerce", { sandbox });
    const s = () => store.getState();
    s().setMode("server");
    await s().send({ type: "text", text: "人工" });
    expect(s().handedOff).toBe(true);
    sandbox.passive = null;
    await s().send({ type: "event", event: "handoffClosed" });
    expect(sent.at(-1)?.input).toEqual({ type: "event", event: "handoffClosed" });
    expect(s().handedOff).toBe(false);
    expect(texts(s().entries).slice(-2)).toEqual(["· handoffClosed", "· noReply"]);
  });

  it("notes the pieces of a long text the server split, as local mode does", async () => {
    const { store } = storeFor("ecommerce", {
      sandbox: {
        passive: { type: "text", text: "第一段", split: { index: 1, count: 2 } },
        customerService: [
          { type: "text", text: "第二段", split: { index: 2, count: 2 } },
          { type: "text", text: "另一条" },
        ],
      },
    });
    store.getState().setMode("server");
    await store.getState().send({ type: "text", text: "留言" });
    const replies = store.getState().entries.filter((e) => e.kind === "account");
    expect(replies.map((e) => e.kind === "account" && e.split)).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 2 },
      undefined,
    ]);
    // The bubble shows the text only; the note comes from `split`.
    expect(replies.map((e) => e.kind === "account" && e.reply)).toEqual([
      { type: "text", text: "第一段" },
      { type: "text", text: "第二段" },
      { type: "text", text: "另一条" },
    ]);
  });
});

describe("simulator store, text over WeChat's 2048-byte limit", () => {
  // The echo passes the limit only with the follower's answer filled in; a delayed message after
  // it doubles the answer.
  const longFlow = flow(
    longNoteFlow({
      after: [
        {
          id: "later",
          kind: "message",
          position: { x: 0, y: 400 },
          delaySeconds: 60,
          messages: [{ type: "text", text: "稍后回访：{{note}}{{note}}" }],
        },
      ],
    }),
  );
  const intro = LONG_NOTE_INTRO;
  const note = LONG_NOTE_ANSWER;

  it("shows the pieces the runtime sends, each counted against the customer-service quota", async () => {
    const { store } = storeFor("long_note", { draft: longFlow });
    const s = () => store.getState();
    await s().send({ type: "text", text: "留言" });
    await s().send({ type: "text", text: note });
    const replies = s()
      .entries.filter((e) => e.kind === "account")
      .slice(1);
    const rendered = `${intro}\n您的留言：${note}`;
    expect(utf8Length(rendered)).toBeGreaterThan(2048);
    // The runtime's rule (server/runtime/replyFormat re-exports this very function).
    const sent = expandReply({ nodeId: "echo", flowId: "long_note", type: "text", text: rendered });
    expect(sent).toHaveLength(2);
    const echo = replies.filter((e) => e.kind === "account" && e.nodeId === "echo");
    expect(echo.map((e) => e.kind === "account" && e.reply)).toEqual(
      sent.map(({ nodeId, flowId, split, ...shown }) => shown),
    );
    // The line break is where it splits: the marketer's text, then the follower's note.
    expect(
      echo.map((e) => e.kind === "account" && e.reply.type === "text" && e.reply.text),
    ).toEqual([intro, `您的留言：${note}`]);
    expect(texts(echo).map((l) => l.split("]")[0])).toEqual(["< [passive", "< [cs 1/5"]);
    expect(echo.map((e) => e.kind === "account" && e.split)).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 2 },
    ]);
  });

  it("splits delayed messages the same way, and leaves short text unmarked", async () => {
    const { store } = storeFor("long_note", { draft: longFlow });
    const s = () => store.getState();
    await s().send({ type: "text", text: "留言" });
    const prompt = s().entries.find((e) => e.kind === "account");
    expect(prompt?.kind === "account" && prompt.split).toBeUndefined();
    await s().send({ type: "text", text: note });
    const later = s().entries.filter((e) => e.kind === "account" && e.nodeId === "later");
    const text = `稍后回访：${note}${note}`;
    expect(
      later.map((e) => e.kind === "account" && e.reply.type === "text" && e.reply.text),
    ).toEqual(splitText(text));
    expect(later).toHaveLength(2);
    for (const e of later) {
      if (e.kind !== "account") continue;
      expect(e.delaySeconds).toBe(60);
      expect(e.channel).toBe("custom");
      expect(e.reply.type === "text" && utf8Length(e.reply.text)).toBeLessThanOrEqual(2048);
    }
    // Two echo pieces (one passive) and two delayed ones: 3 of the 5 customer-service messages.
    expect(texts(later).map((l) => l.split("]")[0])).toEqual(["< [cs 2/5", "< [cs 3/5"]);
  });
});
