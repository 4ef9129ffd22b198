import { describe, expect, it } from "vitest";
import { step } from "./step";
import { Chat, catalogOf, edges, makeFlow, T0 } from "./testKit";

const say = (id: string, text: string) => ({
  id,
  kind: "message",
  messages: [{ type: "text", text }],
});
const ask = (id: string, prompt: string) => ({
  id,
  kind: "question",
  prompt,
  answer: {
    type: "options",
    options: [
      { id: "yes", label: "是" },
      { id: "no", label: "否" },
    ],
  },
});

/** shop: keyword 买 → question; global 人工 → handoff in support; global 重新开始 restarts. */
const shop = makeFlow({
  id: "shop",
  variables: [{ name: "count", type: "number", default: 3 }],
  settings: { sessionTimeoutMinutes: 10, utcOffsetMinutes: 480 },
  triggers: [
    { id: "buy", type: "keyword", match: "contains", pattern: "买" },
    {
      id: "restart",
      type: "keyword",
      match: "exact",
      pattern: "重新开始",
      global: true,
      action: "restart",
    },
    { id: "follow", type: "event", event: "subscribe" },
    { id: "poster", type: "event", event: "subscribe", scene: "poster" },
    { id: "menu", type: "event", event: "click", key: "MENU_SHOP", nodeId: "q2" },
  ],
  nodes: [ask("q1", "要买吗？"), ask("q2", "第二问"), say("thanks", "谢谢")],
  edges: edges("q1:yes->q2", "q2:yes->thanks"),
});
const support = makeFlow({
  id: "support",
  triggers: [
    { id: "human", type: "keyword", match: "exact", pattern: "人工", global: true },
    { id: "scan-store", type: "event", event: "scan", scene: "store" },
  ],
  nodes: [{ id: "hand", kind: "handoff", reason: "要人工" }],
});
const fallbackFlow = makeFlow({
  id: "zz-fallback",
  triggers: [{ id: "fb", type: "fallback" }],
  nodes: [say("fbm", "没听懂，回复“买”开始")],
});
const catalog = () => catalogOf(shop, support, fallbackFlow);

describe("new sessions", () => {
  it("initialise every declared variable to its default and expire after the flow's timeout", () => {
    const chat = new Chat(catalog());
    chat.send("我想买");
    expect(chat.session).toMatchObject({
      flowId: "shop",
      flowVersion: 1,
      variables: { count: 3 },
      startedAt: chat.now,
      expiresAt: chat.now + 10 * 60_000,
    });
    expect(chat.last.trace[0]).toEqual({ type: "trigger", flowId: "shop", triggerId: "buy" });
  });
});

describe("text routing", () => {
  it("answers the active question rather than starting a keyword flow", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    chat.send("是，买");
    expect(chat.texts()).toEqual(["第二问\n1. 是\n2. 否"]);
  });

  it("lets a global keyword interrupt mid-conversation", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    const r = chat.send("人工");
    expect(r.session).toMatchObject({ flowId: "support", status: "handedOff" });
    expect(r.effects[0]).toMatchObject({ type: "handoff", nodeId: "hand" });
  });

  it("restart begins the follower's current flow again from its start", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    chat.send("是");
    expect(chat.session?.nodeId).toBe("q2");
    chat.send("重新开始");
    expect(chat.texts()).toEqual(["要买吗？\n1. 是\n2. 否"]);
    expect(chat.session).toMatchObject({ flowId: "shop", nodeId: "q1" });
  });

  it("restart without a conversation starts the trigger's own flow", () => {
    const chat = new Chat(catalog());
    chat.send("重新开始");
    expect(chat.session).toMatchObject({ flowId: "shop", nodeId: "q1" });
  });

  it("goes to the fallback flow when nothing matches, and says nothing with no fallback", () => {
    const chat = new Chat(catalog());
    chat.send("你好");
    expect(chat.texts()).toEqual(["没听懂，回复“买”开始"]);
    const quiet = new Chat(catalogOf(shop));
    const r = quiet.send("你好");
    expect(r.replies).toEqual([]);
    expect(r.session).toBeNull();
  });

  it("treats done sessions as absent", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    chat.send("是");
    chat.send("是");
    expect(chat.session?.status).toBe("done");
    chat.send("买");
    expect(chat.session).toMatchObject({ status: "active", nodeId: "q1" });
  });
});

describe("media routing", () => {
  it("goes to the fallback flow when there is no conversation", () => {
    const chat = new Chat(catalog());
    chat.send({ type: "media", media: "image", mediaId: "x" });
    expect(chat.texts()).toEqual(["没听懂，回复“买”开始"]);
  });
});

describe("expiry", () => {
  it("treats an expired session as absent and records it", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    chat.now += 11 * 60_000;
    const r = chat.send("是");
    expect(r.trace[0]).toEqual({ type: "expired", flowId: "shop" });
    expect(chat.texts()).toEqual(["没听懂，回复“买”开始"]);
    expect(r.session?.flowId).toBe("zz-fallback");
  });

  it("refreshes expiry on every step that touches the session", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    chat.now += 9 * 60_000;
    chat.send("随便说");
    chat.now += 9 * 60_000;
    chat.send("是");
    expect(chat.session?.nodeId).toBe("q2");
  });
});

describe("pinned versions", () => {
  it("keeps a conversation on the version it started on", () => {
    const v1 = makeFlow({
      id: "shop",
      triggers: [{ id: "buy", type: "keyword", match: "contains", pattern: "买" }],
      nodes: [ask("q1", "v1 问题"), say("done", "v1 结束")],
      edges: edges("q1:yes->done"),
    });
    const v2 = makeFlow({
      id: "shop",
      triggers: [{ id: "buy", type: "keyword", match: "contains", pattern: "买" }],
      nodes: [ask("q1", "v2 问题"), say("done", "v2 结束")],
      edges: edges("q1:yes->done"),
    });
    const chat = new Chat(catalogOf({ flow: v1, version: 1 }));
    chat.send("买");
    chat.catalog = catalogOf({ flow: v2, version: 2 });
    chat.send("是", { sessionFlow: { flow: v1, version: 1 } });
    expect(chat.texts()).toEqual(["v1 结束"]);
    expect(chat.session?.flowVersion).toBe(1);
    chat.send("买");
    expect(chat.texts()).toEqual(["v2 问题\n1. 是\n2. 否"]);
    expect(chat.session?.flowVersion).toBe(2);
  });

  it("ignores a sessionFlow of another flow", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    chat.send("是", { sessionFlow: { flow: support, version: 9 } });
    expect(chat.session?.nodeId).toBe("q2");
  });
});

describe("events", () => {
  it("subscribe with a scene prefers the scene's trigger and records the scene", () => {
    const chat = new Chat(catalog(), { subscribed: false });
    const r = chat.send({ type: "event", event: "subscribe", scene: "qrscene_poster" });
    expect(r.trace[0]).toEqual({ type: "trigger", flowId: "shop", triggerId: "poster" });
    expect(r.follower).toMatchObject({ subscribed: true, scene: "poster" });
    const plain = new Chat(catalog(), { subscribed: false });
    expect(plain.send({ type: "event", event: "subscribe" }).trace[0]).toMatchObject({
      triggerId: "follow",
    });
  });

  it("scan uses a scan trigger, else a subscribe trigger for that scene", () => {
    const chat = new Chat(catalog());
    expect(chat.send({ type: "event", event: "scan", scene: "store" }).session?.flowId).toBe(
      "support",
    );
    const r = chat.send({ type: "event", event: "scan", scene: "poster" });
    expect(r.trace[0]).toMatchObject({ triggerId: "poster" });
    expect(r.follower.scene).toBe("poster");
  });

  it("a menu click starts its flow at the trigger's node, replacing the conversation", () => {
    const chat = new Chat(catalog());
    chat.send("人工");
    chat.send({ type: "event", event: "click", key: "MENU_SHOP" });
    expect(chat.session).toMatchObject({ flowId: "shop", nodeId: "q2", status: "active" });
  });

  it("an unmatched event leaves the conversation untouched mid-flow", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    const before = chat.session;
    const click = chat.send({ type: "event", event: "click", key: "UNKNOWN" });
    expect(click.session).toBe(before);
    expect(click.replies).toEqual([]);
    const view = chat.send({ type: "event", event: "view", url: "https://x" });
    expect(view.session).toBe(before);
    chat.send("是");
    expect(chat.session?.nodeId).toBe("q2");
  });

  it("unsubscribe ends the conversation silently", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    const r = chat.send({ type: "event", event: "unsubscribe" });
    expect(r.replies).toEqual([]);
    expect(r.session?.status).toBe("done");
    expect(r.follower.subscribed).toBe(false);
  });
});

describe("sessions in an unexpected state", () => {
  it("a session standing on a node that is not a question is treated as absent", () => {
    const r = step({
      catalog: catalog(),
      session: {
        flowId: "shop",
        flowVersion: 1,
        nodeId: "thanks",
        status: "active",
        variables: {},
        retries: {},
        pending: null,
        error: null,
        startedAt: T0,
        updatedAt: T0,
        expiresAt: T0 + 60_000,
      },
      follower: new Chat(catalog()).follower,
      input: { type: "text", text: "买" },
      now: T0 + 1000,
      seed: 1,
    });
    expect(r.session).toMatchObject({ flowId: "shop", nodeId: "q1", status: "active" });
  });

  it("never mutates the session or follower it was given", () => {
    const chat = new Chat(catalog());
    chat.send("买");
    const session = structuredClone(chat.session);
    const follower = structuredClone(chat.follower);
    step({
      catalog: catalog(),
      session: chat.session,
      follower: chat.follower,
      input: { type: "text", text: "是" },
      now: chat.now + 1,
      seed: 5,
    });
    expect(chat.session).toEqual(session);
    expect(chat.follower).toEqual(follower);
  });
});

describe("trigger choice across flows", () => {
  const flowWith = (id: string, triggers: Array<Record<string, unknown>>) =>
    makeFlow({ id, triggers, nodes: [say(`${id}_m`, id), say("second", `${id} second`)] });

  it("takes the first fallback by flow id", () => {
    const chat = new Chat(
      catalogOf(
        flowWith("b", [{ id: "fb", type: "fallback" }]),
        flowWith("a", [{ id: "fb", type: "fallback" }]),
      ),
    );
    chat.send("随便");
    expect(chat.texts()).toEqual(["a"]);
  });

  it("prefers the higher priority keyword wherever it is", () => {
    const chat = new Chat(
      catalogOf(
        flowWith("a", [{ id: "k", type: "keyword", match: "exact", pattern: "价格" }]),
        flowWith("b", [
          { id: "k", type: "keyword", match: "contains", pattern: "价", priority: 1 },
        ]),
      ),
    );
    chat.send("价格");
    expect(chat.texts()).toEqual(["b"]);
  });

  it("starts a global keyword's flow at its node", () => {
    const chat = new Chat(
      catalogOf(
        flowWith("a", [
          {
            id: "g",
            type: "keyword",
            match: "exact",
            pattern: "菜单",
            global: true,
            nodeId: "second",
          },
        ]),
      ),
    );
    chat.send("菜单");
    expect(chat.texts()).toEqual(["a second"]);
  });

  it("a trigger pointing at a missing node is an error naming it", () => {
    const chat = new Chat(
      catalogOf(
        flowWith("a", [{ id: "k", type: "keyword", match: "exact", pattern: "x", nodeId: "gone" }]),
      ),
    );
    chat.send("x");
    expect(chat.session?.error?.code).toBe("NODE_NOT_FOUND");
    expect(chat.session?.error?.message).toContain('"gone"');
  });
});

describe("while waiting for an http result", () => {
  const flow = makeFlow({
    id: "lookup",
    settings: { sessionTimeoutMinutes: 5, utcOffsetMinutes: 480 },
    triggers: [{ id: "k", type: "keyword", match: "exact", pattern: "查" }],
    nodes: [{ id: "h", kind: "http", url: "https://x.test" }, say("ok", "查到了")],
    edges: edges("h:success->ok"),
  });

  it("ignores media, and a result that comes after the session expired", () => {
    const chat = new Chat(catalogOf(flow));
    const { requestId } = chat.send("查").effects[0] as { requestId: string };
    const waiting = chat.session;
    expect(chat.send({ type: "media", media: "image" }).session).toBe(waiting);
    chat.now += 10 * 60_000;
    const late = chat.send({
      type: "effectResult",
      requestId,
      result: { ok: true, status: 200, body: {} },
    });
    expect(late.replies).toEqual([]);
    expect(late.session).toBeNull();
    expect(late.trace[0]).toEqual({ type: "expired", flowId: "lookup" });
  });
});

describe("handed-off conversations", () => {
  const closed = { type: "event", event: "handoffClosed" } as const;

  it("ends when customer service closes the session: the next message reaches the flows again", () => {
    const chat = new Chat(catalog());
    chat.send("人工");
    expect(chat.send("还在吗").effects).toMatchObject([{ type: "handoff", nodeId: "hand" }]);
    const r = chat.send(closed);
    expect(r.session).toMatchObject({ flowId: "support", status: "done", updatedAt: chat.now });
    expect(r.replies).toEqual([]);
    expect(r.effects).toEqual([]);
    expect(r.trace).toEqual([
      { type: "note", message: expect.stringContaining("customer service closed the session") },
    ]);
    const next = chat.send("还在吗");
    expect(next.effects).toEqual([]);
    expect(chat.texts()).toEqual(["没听懂，回复“买”开始"]);
    chat.send("买");
    expect(chat.session).toMatchObject({ flowId: "shop", status: "active", nodeId: "q1" });
  });

  it("a closed session changes nothing when the follower is not handed off, and starts no flow", () => {
    const chat = new Chat(catalog());
    const none = chat.send(closed);
    expect(none.session).toBeNull();
    expect(none.replies).toEqual([]);
    chat.send("买");
    const before = { session: chat.session, follower: chat.follower };
    const r = chat.send(closed);
    expect(r.session).toBe(before.session);
    expect(r.follower).toBe(before.follower);
    expect(r.replies).toEqual([]);
    expect(r.effects).toEqual([]);
    expect(r.trace).toEqual([{ type: "note", message: expect.stringContaining("not handed off") }]);
    chat.send("是");
    expect(chat.session?.nodeId).toBe("q2");
  });

  it("a global restart brings the follower back from people to the flow", () => {
    const flow = makeFlow({
      id: "h",
      triggers: [
        { id: "k", type: "keyword", match: "exact", pattern: "帮助" },
        {
          id: "r",
          type: "keyword",
          match: "exact",
          pattern: "重新开始",
          global: true,
          action: "restart",
        },
      ],
      nodes: [ask("q", "需要人工吗？"), { id: "hand", kind: "handoff" }],
      edges: edges("q:yes->hand"),
    });
    const chat = new Chat(catalogOf(flow));
    chat.send("帮助");
    chat.send("是");
    expect(chat.session?.status).toBe("handedOff");
    chat.send("重新开始");
    expect(chat.session).toMatchObject({ status: "active", nodeId: "q" });
    expect(chat.last.effects).toEqual([]);
  });
});
