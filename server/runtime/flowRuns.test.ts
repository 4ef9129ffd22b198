// Flow runs from real engine steps: started, moved on, ended, each the way the funnel counts it.
import { describe, expect, it } from "vitest";
import {
  createFollowerView,
  type FlowCatalog,
  type HttpResult,
  type Input,
  type Session,
  step,
  type VersionedFlow,
} from "../../shared/engine";
import { catalogOf, edges, makeFlow, T0, text } from "../../shared/engine/testKit";
import type { FlowRunUpdate } from "../store/types";
import { flowRunUpdates, type RunStep } from "./flowRuns";

const MINUTE = 60_000;
const say = (t: string) => [{ type: "text", text: t }];

/** 买 starts it; two paths (small, large) both enter `pay`; 重来 restarts the current flow. */
const shop = makeFlow({
  id: "shop",
  triggers: [
    { id: "buy", type: "keyword", match: "exact", pattern: "买" },
    {
      id: "again",
      type: "keyword",
      match: "exact",
      pattern: "重来",
      global: true,
      action: "restart",
    },
  ],
  nodes: [
    { id: "hello", kind: "message", messages: say("您好") },
    {
      id: "size",
      kind: "question",
      prompt: "尺码？",
      answer: {
        type: "options",
        options: [
          { id: "s", label: "小" },
          { id: "l", label: "大" },
        ],
      },
    },
    { id: "small", kind: "message", messages: say("小号") },
    { id: "large", kind: "message", messages: say("大号") },
    {
      id: "pay",
      kind: "question",
      prompt: "付款？",
      answer: {
        type: "options",
        options: [
          { id: "yes", label: "付款" },
          { id: "human", label: "找人" },
          { id: "learn", label: "看课" },
          { id: "back", label: "重选" },
        ],
      },
    },
    { id: "thanks", kind: "end" },
    { id: "agent", kind: "handoff", reason: "付款问题" },
    { id: "toCourse", kind: "jump", flowId: "course" },
  ],
  edges: edges(
    "hello->size",
    "size:s->small",
    "size:l->large",
    "small->pay",
    "large->pay",
    "pay:yes->thanks",
    "pay:human->agent",
    "pay:learn->toCourse",
    "pay:back->size",
  ),
});

/** 课程 (global) starts it from anywhere. */
const course = makeFlow({
  id: "course",
  triggers: [{ id: "c", type: "keyword", match: "exact", pattern: "课程", global: true }],
  nodes: [
    { id: "intro", kind: "message", messages: say("课程介绍") },
    { id: "level", kind: "question", prompt: "基础？", answer: { type: "input", variable: "lv" } },
    { id: "bye", kind: "end" },
  ],
  variables: [{ name: "lv", type: "string" }],
  edges: edges("intro->level", "level->bye"),
});

/** 价格: two http requests in a row, then a question. */
const price = makeFlow({
  id: "price",
  triggers: [{ id: "p", type: "keyword", match: "exact", pattern: "价格", global: true }],
  nodes: [
    { id: "check", kind: "http", url: "https://example.com/stock" },
    { id: "quote", kind: "http", url: "https://example.com/price" },
    { id: "ask", kind: "question", prompt: "要吗？", answer: { type: "input", variable: "x" } },
    { id: "sorry", kind: "end" },
  ],
  variables: [{ name: "x", type: "string" }],
  edges: edges("check:success->quote", "check:failure->sorry", "quote:success->ask"),
});

/** 计数: a loop with no question inside one step (inc → check → inc … → ask). */
const counter = makeFlow({
  id: "counter",
  triggers: [{ id: "n", type: "keyword", match: "exact", pattern: "计数", global: true }],
  variables: [{ name: "n", type: "number", default: 0 }],
  nodes: [
    { id: "inc", kind: "set", assignments: [{ variable: "n", op: "add", value: "1" }] },
    {
      id: "check",
      kind: "condition",
      branches: [
        { id: "more", rules: [{ left: { type: "variable", name: "n" }, op: "lt", value: "3" }] },
      ],
    },
    { id: "ask", kind: "question", prompt: "{{n}}", answer: { type: "input", variable: "x" } },
  ],
  edges: edges("inc->check", "check:more->inc", "check:else->ask", "ask->inc"),
});

/** 坏: jumps into a flow that is not published: the session ends as failed. 鬼: starts nowhere. */
const broken = makeFlow({
  id: "broken",
  triggers: [
    { id: "b", type: "keyword", match: "exact", pattern: "坏", global: true },
    // Points at a node that was deleted: the session fails before it visits any node.
    { id: "g", type: "keyword", match: "exact", pattern: "鬼", global: true, nodeId: "ghost" },
  ],
  nodes: [
    { id: "first", kind: "message", messages: say("稍等") },
    { id: "away", kind: "jump", flowId: "gone" },
  ],
  edges: edges("first->away"),
});

const shopV1: VersionedFlow = { flow: shop, version: 1 };
const catalog = catalogOf(
  { flow: shop, version: 2 },
  course,
  { flow: price, version: 4 },
  counter,
  broken,
);

const ok = (body: unknown): HttpResult => ({ ok: true, status: 200, body });

/** One follower through the real engine, turn by turn, as the runtime drives it. */
class Follower {
  session: Session | null = null;
  follower = createFollowerView("o1");
  now = T0;
  constructor(readonly flows: FlowCatalog = catalog) {}

  /**
   * One turn: the input, then each http request answered with the next of `http` (as the runtime
   * does within a turn); `committed` replaces what the last step returned.
   */
  turn(
    input: Input | string,
    options: {
      after?: number;
      http?: HttpResult[];
      committed?: (s: Session | null) => Session;
    } = {},
  ): FlowRunUpdate[] {
    this.now += options.after ?? MINUTE;
    const before = this.session;
    const steps: RunStep[] = [];
    const answers = [...(options.http ?? [])];
    let next: Input | null = typeof input === "string" ? text(input) : input;
    let now = this.now;
    while (next) {
      const pinned =
        this.session && this.session.flowVersion === 1 && this.session.flowId === "shop"
          ? shopV1
          : undefined;
      const result = step({
        catalog: this.flows,
        session: this.session,
        sessionFlow: pinned,
        follower: this.follower,
        input: next,
        now,
        seed: 7,
      });
      steps.push({ input: next, now, catalog: this.flows, result });
      this.session = result.session;
      this.follower = result.follower;
      const request = result.effects.find((e) => e.type === "http");
      const answer = answers.shift();
      next =
        request && answer
          ? { type: "effectResult", requestId: request.requestId, result: answer }
          : null;
      now += 250;
    }
    const committed = options.committed ? options.committed(this.session) : this.session;
    this.session = committed;
    return flowRunUpdates({ before, steps, committed });
  }
}

/** The fields a test states; the rest (reached none, open) as a run that only went on. */
function run(over: Partial<FlowRunUpdate> & Pick<FlowRunUpdate, "flowId" | "startedAt">) {
  return { version: 1, started: false, reached: [], lastNodeId: null, outcome: "open", ...over };
}

/** A run the turn started, standing at the last node it reached, open for the session's 30 minutes. */
function begun(
  flowId: string,
  startedAt: number,
  version: number,
  reached: string[],
  over: Partial<FlowRunUpdate> = {},
): FlowRunUpdate {
  return {
    flowId,
    startedAt,
    version,
    started: true,
    reached,
    lastNodeId: reached.at(-1) ?? null,
    outcome: "open",
    expiresAt: startedAt + 30 * MINUTE,
    ...over,
  };
}

describe("flow runs of a turn", () => {
  it("follows a plain walk: started with the trigger, on through both turns, completed at the end", () => {
    const f = new Follower();
    const started = T0 + MINUTE;
    expect(f.turn("买")).toEqual([begun("shop", started, 2, ["hello", "size"])]);
    expect(f.turn("大")).toEqual([
      run({
        flowId: "shop",
        startedAt: started,
        version: 2,
        reached: ["large", "pay"],
        lastNodeId: "pay",
        expiresAt: f.now + 30 * MINUTE,
      }),
    ]);
    expect(f.turn("付款")).toEqual([
      run({
        flowId: "shop",
        startedAt: started,
        version: 2,
        reached: ["thanks"],
        lastNodeId: "thanks",
        outcome: "completed",
        expiresAt: f.now,
      }),
    ]);
    // Over: the next message that starts nothing changes no run.
    expect(f.turn("谢谢")).toEqual([]);
  });

  it("counts a node visited several times in one step once, its last visit the last node", () => {
    const f = new Follower();
    const [counted] = f.turn("计数");
    expect(counted).toMatchObject({ reached: ["inc", "check", "ask"], lastNodeId: "ask" });
    // Back round the loop in a later turn: the same run, the same nodes again.
    expect(f.turn("好")).toEqual([
      run({
        flowId: "counter",
        startedAt: T0 + MINUTE,
        reached: ["inc", "check", "ask"],
        lastNodeId: "ask",
        expiresAt: f.now + 30 * MINUTE,
      }),
    ]);
  });

  it("refreshes an open run's expiry when the follower answers wrongly, without a node", () => {
    const f = new Follower();
    f.turn("买");
    expect(f.turn("中")).toEqual([
      run({ flowId: "shop", startedAt: T0 + MINUTE, version: 2, expiresAt: f.now + 30 * MINUTE }),
    ]);
  });

  it("drops the live run where it stood when another flow's keyword replaces it", () => {
    const f = new Follower();
    f.turn("买");
    expect(f.turn("课程")).toEqual([
      run({
        flowId: "shop",
        startedAt: T0 + MINUTE,
        version: 2,
        outcome: "dropped",
        expiresAt: f.now,
      }),
      begun("course", f.now, 1, ["intro", "level"]),
    ]);
  });

  it("drops the run on restart and starts a new one on the version the follower was pinned to", () => {
    const f = new Follower();
    f.session = {
      flowId: "shop",
      flowVersion: 1,
      nodeId: "pay",
      status: "active",
      variables: {},
      retries: {},
      pending: null,
      error: null,
      startedAt: T0 - MINUTE,
      updatedAt: T0,
      expiresAt: T0 + 30 * MINUTE,
    };
    expect(f.turn("重来")).toEqual([
      run({ flowId: "shop", startedAt: T0 - MINUTE, outcome: "dropped", expiresAt: f.now }),
      begun("shop", f.now, 1, ["hello", "size"]),
    ]);
  });

  it("completes the run at a jump node into another flow, where a new run starts", () => {
    const f = new Follower();
    f.turn("买");
    f.turn("小");
    expect(f.turn("看课")).toEqual([
      run({
        flowId: "shop",
        startedAt: T0 + MINUTE,
        version: 2,
        reached: ["toCourse"],
        lastNodeId: "toCourse",
        outcome: "completed",
        expiresAt: f.now,
      }),
      begun("course", f.now, 1, ["intro", "level"]),
    ]);
  });

  it("drops an expired run, and starts the new one a trigger begins in the same step", () => {
    const f = new Follower();
    f.turn("买");
    const updates = f.turn("买", { after: 31 * MINUTE });
    expect(updates).toEqual([
      run({
        flowId: "shop",
        startedAt: T0 + MINUTE,
        version: 2,
        outcome: "dropped",
        expiresAt: f.now,
      }),
      expect.objectContaining({ flowId: "shop", startedAt: f.now, started: true, outcome: "open" }),
    ]);
    // Expired with nothing to start: only dropped.
    expect(f.turn("随便", { after: 31 * MINUTE })).toEqual([
      run({
        flowId: "shop",
        startedAt: T0 + 32 * MINUTE,
        version: 2,
        outcome: "dropped",
        expiresAt: f.now,
      }),
    ]);
  });

  it("drops the run of a follower who unfollows", () => {
    const f = new Follower();
    f.turn("买");
    expect(f.turn({ type: "event", event: "unsubscribe" })).toEqual([
      run({
        flowId: "shop",
        startedAt: T0 + MINUTE,
        version: 2,
        outcome: "dropped",
        expiresAt: f.now,
      }),
    ]);
  });

  it("counts a handoff as handed off, and nothing after it changes the run", () => {
    const f = new Follower();
    f.turn("买");
    f.turn("小");
    expect(f.turn("找人")).toEqual([
      run({
        flowId: "shop",
        startedAt: T0 + MINUTE,
        version: 2,
        reached: ["agent"],
        lastNodeId: "agent",
        outcome: "handedOff",
        expiresAt: f.now,
      }),
    ]);
    expect(f.turn("在吗")).toEqual([]);
    expect(f.turn({ type: "event", event: "handoffClosed" })).toEqual([]);
    expect(f.session?.status).toBe("done");
  });

  it("ends a run that fails as an error at the node where it failed", () => {
    const f = new Follower();
    expect(f.turn("坏")).toEqual([
      begun("broken", f.now, 1, ["first", "away"], { outcome: "error", expiresAt: f.now }),
    ]);
  });

  it("counts a run whose trigger points at a missing node, failed before any node", () => {
    const f = new Follower();
    expect(f.turn("鬼")).toEqual([
      begun("broken", f.now, 1, [], { outcome: "error", expiresAt: f.now }),
    ]);
  });

  it("keeps one run for two started in the same millisecond (a stopped clock): one key", () => {
    const f = new Follower();
    f.turn("买");
    expect(f.turn("重来", { after: 0 })).toEqual([begun("shop", f.now, 2, ["hello", "size"])]);
  });

  it("keeps a run waiting for an http result open, and the result goes on with it in a later turn", () => {
    const f = new Follower();
    const started = T0 + MINUTE;
    expect(f.turn("价格")).toEqual([begun("price", started, 4, ["check"])]);
    expect(f.session?.status).toBe("waiting");
    // Text meanwhile is ignored: nothing changes.
    expect(f.turn("快点")).toEqual([]);
    const request = f.session?.pending?.requestId ?? "";
    expect(f.turn({ type: "effectResult", requestId: request, result: ok({}) })).toEqual([
      run({
        flowId: "price",
        startedAt: started,
        version: 4,
        reached: ["quote"],
        lastNodeId: "quote",
        expiresAt: f.now + 30 * MINUTE,
      }),
    ]);
  });

  it("gathers the steps of one turn (http results) into one run", () => {
    const f = new Follower();
    expect(f.turn("价格", { http: [ok({}), ok({})] })).toEqual([
      {
        flowId: "price",
        startedAt: f.now,
        version: 4,
        started: true,
        reached: ["check", "quote", "ask"],
        lastNodeId: "ask",
        outcome: "open",
        // The last step, 500 ms after the first, renewed the session.
        expiresAt: f.now + 500 + 30 * MINUTE,
      },
    ]);
  });

  it("takes the session the turn stores: a run the runtime ends for looping is an error", () => {
    const f = new Follower();
    const updates = f.turn("价格", {
      committed: (s) => ({ ...(s as Session), status: "error", pending: null }),
    });
    expect(updates).toEqual([expect.objectContaining({ outcome: "error", lastNodeId: "check" })]);
  });

  it("leaves a run alone that ended before the turn, and writes nothing for a turn with no run", () => {
    const f = new Follower();
    expect(f.turn("你好")).toEqual([]);
    f.turn("坏");
    expect(f.turn({ type: "event", event: "unsubscribe" })).toEqual([]);
  });
});
