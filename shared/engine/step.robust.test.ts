import { describe, expect, it } from "vitest";
import { createFollowerView } from "./follower";
import { mulberry32 } from "./random";
import { step } from "./step";
import { catalogOf, edges, makeFlow, T0 } from "./testKit";
import type { FollowerView, Input, Session, StepArgs } from "./types";

/** One flow holding every node kind, with regex and fuzzy triggers to stress matching. */
const everything = makeFlow({
  id: "all",
  variables: [
    { name: "choice" },
    { name: "phone" },
    { name: "n", type: "number", default: 0 },
    { name: "price", type: "number" },
  ],
  triggers: [
    { id: "k1", type: "keyword", match: "regex", pattern: "^(开始|start)$" },
    { id: "k2", type: "keyword", match: "fuzzy", pattern: "菜单列表" },
    { id: "k3", type: "keyword", match: "regex", pattern: "(a+)+$" },
    { id: "g", type: "keyword", match: "exact", pattern: "人工", global: true },
    {
      id: "r",
      type: "keyword",
      match: "contains",
      pattern: "重来",
      global: true,
      action: "restart",
    },
    { id: "ev", type: "event", event: "subscribe" },
    { id: "fb", type: "fallback" },
  ],
  nodes: [
    { id: "hi", kind: "message", messages: [{ type: "text", text: "欢迎 {{choice|朋友}}" }] },
    {
      id: "q",
      kind: "question",
      prompt: "选？",
      answer: {
        type: "options",
        saveTo: "choice",
        options: [
          { id: "o1", label: "买鞋", synonyms: ["鞋子"] },
          { id: "o2", label: "问价" },
          { id: "o3", label: "人工服务" },
        ],
      },
    },
    {
      id: "ab",
      kind: "ab",
      branches: [
        { id: "A", weight: 50 },
        { id: "B", weight: 50 },
      ],
    },
    { id: "tagA", kind: "tag", add: ["a"] },
    { id: "set", kind: "set", assignments: [{ variable: "n", op: "add", value: "1" }] },
    {
      id: "phoneQ",
      kind: "question",
      prompt: "手机号？",
      answer: { type: "input", variable: "phone", validator: { type: "mobile" } },
    },
    {
      id: "cond",
      kind: "condition",
      branches: [
        { id: "many", rules: [{ left: { type: "variable", name: "n" }, op: "gt", value: "2" }] },
      ],
    },
    {
      id: "http",
      kind: "http",
      url: "https://x.test/{{phone}}",
      responseMappings: [{ path: "p", variable: "price" }],
    },
    { id: "jump", kind: "jump", nodeId: "q" },
    { id: "hand", kind: "handoff" },
    { id: "end", kind: "end" },
  ],
  edges: edges(
    "hi->q",
    "q:o1->ab",
    "q:o2->phoneQ",
    "q:o3->hand",
    "q:noMatch->end",
    "ab:A->tagA",
    "ab:B->set",
    "tagA->set",
    "set->cond",
    "cond:many->end",
    "cond:else->jump",
    "phoneQ->http",
    "phoneQ:noMatch->end",
    "http:success->q",
    "http:failure->end",
  ),
});
const catalog = catalogOf(everything);

const odd = [
  "",
  " ",
  "😀😀👍🏻",
  "\u0000\u0001\u001b[31m",
  "\uD800",
  ".*+?^$()|[]\\{}",
  "{{choice}}",
  "{{",
  "1",
  "3",
  "人工服务",
  "１",
  "一",
  "鞋子",
  "人工",
  "重来",
  "开始",
  "菜单列",
  "13800138000",
  "a".repeat(10_000),
  `${"a".repeat(5000)}!`,
  "买".repeat(4000),
  "\n\n\t",
  "null",
  "undefined",
  "__proto__",
  "constructor",
];

function randomText(draw: () => number): string {
  if (draw() < 0.6) return odd[Math.floor(draw() * odd.length)]!;
  const length = Math.floor(draw() * 40);
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(Math.floor(draw() * 0x3000));
  return s;
}

function randomInput(draw: () => number, pendingId: string | null): Input {
  const r = draw();
  if (r < 0.7)
    return { type: "text", text: randomText(draw), ...(draw() < 0.1 ? { menuId: "o2" } : {}) };
  if (r < 0.78) return { type: "media", media: "image" };
  if (r < 0.86) {
    return pendingId && draw() < 0.8
      ? {
          type: "effectResult",
          requestId: pendingId,
          result:
            draw() < 0.5
              ? { ok: true, status: 200, body: { p: randomText(draw) } }
              : { ok: false, reason: "network" },
        }
      : { type: "effectResult", requestId: "nope", result: { ok: true, status: 200, body: null } };
  }
  const events: Input[] = [
    { type: "event", event: "subscribe", scene: randomText(draw) },
    { type: "event", event: "unsubscribe" },
    { type: "event", event: "scan", scene: "x" },
    { type: "event", event: "click", key: randomText(draw) },
    { type: "event", event: "view", url: "https://x" },
    { type: "event", event: "handoffClosed" },
  ];
  return events[Math.floor(draw() * events.length)]!;
}

const STATUSES = ["active", "waiting", "done", "handedOff", "error"];

describe("step never throws", () => {
  it("survives many random and odd inputs over a flow with every node kind", () => {
    const draw = mulberry32(20260105);
    let follower: FollowerView = createFollowerView("o");
    let session: Session | null = null;
    let now = T0;
    const seen = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      now += Math.floor(draw() * 20 * 60_000);
      const input = randomInput(draw, session?.pending?.requestId ?? null);
      const result = step({ catalog, session, follower, input, now, seed: i });
      expect(result.session === null || STATUSES.includes(result.session.status)).toBe(true);
      expect(result.session?.status).not.toBe("error");
      for (const reply of result.replies) {
        expect(reply.flowId).toBe("all");
        expect(typeof reply.nodeId).toBe("string");
      }
      // Everything is plain JSON, storable as it is.
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      if (result.session) seen.add(`${result.session.status}@${result.session.nodeId}`);
      session = result.session;
      follower = result.follower;
    }
    // The walk really reached the interesting places.
    for (const place of [
      "active@q",
      "active@phoneQ",
      "waiting@http",
      "handedOff@hand",
      "done@end",
    ]) {
      expect(seen.has(place), place).toBe(true);
    }
  });

  it("turns an unexpected failure into an error session with a trace note", () => {
    const args = {
      catalog,
      session: null,
      follower: null as unknown as FollowerView,
      input: { type: "text", text: "开始" },
      now: T0,
      seed: 1,
    } satisfies StepArgs;
    const result = step(args);
    expect(result.session?.status).toBe("error");
    expect(result.session?.error?.code).toBe("INTERNAL");
    expect(result.trace.at(-1)).toMatchObject({
      type: "note",
      message: expect.stringContaining("INTERNAL"),
    });
    expect(() => step(null as unknown as StepArgs)).not.toThrow();
  });
});

describe("determinism", () => {
  it("gives deep-equal results for the same arguments", () => {
    const draw = mulberry32(7);
    let session: Session | null = null;
    let follower = createFollowerView("o");
    for (let i = 0; i < 200; i++) {
      const args: StepArgs = {
        catalog,
        session,
        follower,
        input: randomInput(draw, session?.pending?.requestId ?? null),
        now: T0 + i * 1000,
        seed: i * 31,
      };
      const a = step(args);
      const b = step(structuredClone(args));
      expect(b).toEqual(a);
      session = a.session;
      follower = a.follower;
    }
  });
});
