import { describe, expect, it } from "vitest";
import { validateFlow } from "../validate";
import { Chat, catalogOf, edges, makeFlow, T0 } from "./testKit";
import type { Effect } from "./types";

const start = { id: "go", type: "keyword", match: "exact", pattern: "go" };

describe("message nodes", () => {
  it("renders every message with the session's variables, each reply naming node and flow", () => {
    const flow = makeFlow({
      variables: [{ name: "name", default: "小明" }],
      triggers: [start],
      nodes: [
        {
          id: "m",
          kind: "message",
          messages: [
            { type: "text", text: "你好 {{name}} {{follower.openid}}" },
            { type: "image", mediaId: "MID", previewUrl: "/p.png" },
            {
              type: "news",
              articles: [
                { title: "A", url: "u1" },
                { title: "B", url: "u2" },
              ],
            },
          ],
        },
      ],
    });
    const chat = new Chat(catalogOf(flow));
    const r = chat.send("go");
    expect(r.replies).toEqual([
      { nodeId: "m", flowId: "f", type: "text", text: "你好 小明 o-test" },
      { nodeId: "m", flowId: "f", type: "image", mediaId: "MID", previewUrl: "/p.png" },
      {
        nodeId: "m",
        flowId: "f",
        type: "news",
        articles: [
          { title: "A", url: "u1" },
          { title: "B", url: "u2" },
        ],
      },
    ]);
    expect(r.session?.status).toBe("done");
  });

  it("with a delay sends one delayedSend effect and walks on at once", () => {
    const flow = makeFlow({
      triggers: [start],
      nodes: [
        {
          id: "later",
          kind: "message",
          delaySeconds: 60,
          messages: [{ type: "text", text: "稍后" }],
        },
        { id: "now", kind: "message", messages: [{ type: "text", text: "现在" }] },
      ],
      edges: edges("later->now"),
    });
    const chat = new Chat(catalogOf(flow));
    const r = chat.send("go");
    expect(chat.texts()).toEqual(["现在"]);
    expect(r.effects).toEqual([
      {
        type: "delayedSend",
        nodeId: "later",
        afterSeconds: 60,
        replies: [{ nodeId: "later", flowId: "f", type: "text", text: "稍后" }],
      },
    ]);
  });

  it("leaves out a text whose placeholders all render empty, and says so in the trace", () => {
    const flow = makeFlow({
      variables: [{ name: "coupon" }],
      triggers: [start],
      nodes: [
        {
          id: "m",
          kind: "message",
          messages: [
            { type: "text", text: " {{coupon}} " },
            { type: "text", text: "欢迎 {{coupon}}" },
          ],
        },
        {
          id: "later",
          kind: "message",
          delaySeconds: 60,
          messages: [{ type: "text", text: "{{coupon}}" }],
        },
      ],
      edges: edges("m->later"),
    });
    const chat = new Chat(catalogOf(flow));
    const r = chat.send("go");
    // The rest of the node still goes; a delayed node with nothing left sends nothing later.
    expect(chat.texts()).toEqual(["欢迎 "]);
    expect(r.effects).toEqual([]);
    expect(r.trace).toContainEqual({
      type: "note",
      message: "m: a text message rendered empty and was not sent",
    });
    expect(r.trace).toContainEqual({
      type: "note",
      message: "later: a text message rendered empty and was not sent",
    });
    expect(r.session?.status).toBe("done");
  });
});

const sizeFlow = () =>
  makeFlow({
    variables: [{ name: "size" }],
    triggers: [start],
    nodes: [
      {
        id: "q",
        kind: "question",
        prompt: "选尺码",
        maxRetries: 1,
        reprompt: "没听懂",
        answer: {
          type: "options",
          saveTo: "size",
          options: [
            { id: "s", label: "小号" },
            { id: "l", label: "大号", synonyms: ["加大"] },
          ],
        },
      },
      { id: "ok", kind: "message", messages: [{ type: "text", text: "已选 {{size}}" }] },
      { id: "human", kind: "message", messages: [{ type: "text", text: "转人工" }] },
    ],
    edges: edges("q:s->ok", "q:l->ok", "q:noMatch->human"),
  });

describe("question nodes with options", () => {
  it("asks prompt and options as one text and waits, active at the question", () => {
    const chat = new Chat(catalogOf(sizeFlow()));
    chat.send("go");
    expect(chat.texts()).toEqual(["选尺码\n1. 小号\n2. 大号"]);
    expect(chat.session).toMatchObject({ status: "active", nodeId: "q" });
  });

  it("follows the chosen option and saves its label", () => {
    const chat = new Chat(catalogOf(sizeFlow()));
    chat.send("go");
    chat.send("要加大的");
    expect(chat.texts()).toEqual(["已选 大号"]);
    expect(chat.session?.variables.size).toBe("大号");
  });

  it("takes a menu click by option id", () => {
    const chat = new Chat(catalogOf(sizeFlow()));
    chat.send("go");
    chat.send({ type: "text", text: "something", menuId: "s" });
    expect(chat.texts()).toEqual(["已选 小号"]);
  });

  it("reprompts with the question again, then leaves by noMatch past maxRetries", () => {
    const chat = new Chat(catalogOf(sizeFlow()));
    chat.send("go");
    chat.send("随便");
    expect(chat.texts()).toEqual(["没听懂\n\n选尺码\n1. 小号\n2. 大号"]);
    expect(chat.session).toMatchObject({ status: "active", nodeId: "q", retries: { q: 1 } });
    chat.send("还是随便");
    expect(chat.texts()).toEqual(["转人工"]);
    expect(chat.session?.retries).toEqual({});
  });

  it("asks again when the answer negates an option across a hedge and no option says so", () => {
    const flow = sizeFlow();
    const q = flow.nodes[0]!;
    if (q.kind === "question" && q.answer.type === "options") {
      q.prompt = "满意吗";
      q.answer.options = [
        { id: "s", label: "满意", synonyms: [] },
        { id: "l", label: "一般", synonyms: [] },
      ];
    }
    const chat = new Chat(catalogOf(flow));
    chat.send("go");
    chat.send("不太满意");
    expect(chat.texts()).toEqual(["没听懂\n\n满意吗\n1. 满意\n2. 一般"]);
    chat.send("不是很满意");
    expect(chat.texts()).toEqual(["转人工"]);
    expect(chat.session?.variables.size).toBeNull();
  });

  it("ends the conversation when noMatch has no edge", () => {
    const flow = sizeFlow();
    const noHuman = { ...flow, edges: flow.edges.filter((e) => e.sourceHandle !== "noMatch") };
    const chat = new Chat(catalogOf(noHuman));
    chat.send("go");
    chat.send("x");
    chat.send("y");
    expect(chat.last.replies).toEqual([]);
    expect(chat.session?.status).toBe("done");
  });

  it("counts a media message as a failed answer", () => {
    const chat = new Chat(catalogOf(sizeFlow()));
    chat.send("go");
    chat.send({ type: "media", media: "image", mediaId: "m1" });
    expect(chat.texts()[0]).toMatch(/^没听懂/);
  });

  it("renders menu options as weixin links", () => {
    const flow = sizeFlow();
    const q = flow.nodes[0]!;
    if (q.kind === "question" && q.answer.type === "options") q.answer.display = "menu";
    const chat = new Chat(catalogOf(flow));
    chat.send("go");
    expect(chat.texts()[0]).toContain('msgmenuid=s">小号</a>\n<a href=');
  });
});

const inputFlow = (validator: Record<string, unknown>) =>
  makeFlow({
    variables: [{ name: "v" }],
    triggers: [start],
    nodes: [
      {
        id: "ask",
        kind: "question",
        prompt: "请输入",
        maxRetries: 0,
        answer: { type: "input", variable: "v", validator },
      },
      { id: "ok", kind: "message", messages: [{ type: "text", text: "收到 {{v}}" }] },
      { id: "bad", kind: "message", messages: [{ type: "text", text: "无效" }] },
    ],
    edges: edges("ask->ok", "ask:noMatch->bad"),
  });

describe("question nodes with input", () => {
  it("stores the normalised value (a number for number) and follows next", () => {
    const chat = new Chat(catalogOf(inputFlow({ type: "number" })));
    chat.send("go");
    chat.send("1,000");
    expect(chat.texts()).toEqual(["收到 1000"]);
    expect(chat.session?.variables.v).toBe(1000);
  });
  it("stores the 11 digits of a mobile number", () => {
    const chat = new Chat(catalogOf(inputFlow({ type: "mobile" })));
    chat.send("go");
    chat.send("+86 138-0013-8000");
    expect(chat.session?.variables.v).toBe("13800138000");
  });
  it("fails an invalid answer along noMatch", () => {
    const chat = new Chat(catalogOf(inputFlow({ type: "date" })));
    chat.send("go");
    chat.send("2026-02-30");
    expect(chat.texts()).toEqual(["无效"]);
  });
  it("fails a regex validator whose pattern is invalid", () => {
    const chat = new Chat(catalogOf(inputFlow({ type: "regex", pattern: "([" })));
    chat.send("go");
    chat.send("([");
    expect(chat.texts()).toEqual(["无效"]);
  });
});

describe("answers kept as their variable's declared type", () => {
  const flow = () =>
    makeFlow({
      variables: [
        { name: "bought", type: "boolean" },
        { name: "budget", type: "number" },
      ],
      triggers: [{ id: "go", type: "keyword", match: "exact", pattern: "go" }],
      nodes: [
        {
          id: "q",
          kind: "question",
          prompt: "买过吗？",
          answer: {
            type: "options",
            saveTo: "bought",
            options: [
              { id: "y", label: "是" },
              { id: "n", label: "否" },
            ],
          },
        },
        {
          id: "q2",
          kind: "question",
          prompt: "预算？",
          answer: { type: "input", variable: "budget" },
        },
        {
          id: "c",
          kind: "condition",
          branches: [
            {
              id: "vip",
              rules: [
                { left: { type: "variable", name: "bought" }, op: "eq", value: "true" },
                { left: { type: "variable", name: "budget" }, op: "gt", value: "1000" },
              ],
            },
          ],
        },
        { id: "vipMsg", kind: "message", messages: [{ type: "text", text: "老客户高预算" }] },
        { id: "other", kind: "message", messages: [{ type: "text", text: "其他" }] },
      ],
      edges: edges("q:y->q2", "q:n->q2", "q2->c", "c:vip->vipMsg", "c:else->other"),
    });

  it("a picked 是 is true for a boolean, a typed 1,500 is 1500 for a number", () => {
    const chat = new Chat(catalogOf(flow()));
    chat.send("go");
    chat.send("是");
    expect(chat.session?.variables.bought).toBe(true);
    chat.send("1,500");
    expect(chat.session?.variables.budget).toBe(1500);
    expect(chat.texts()).toEqual(["老客户高预算"]);
  });
});

describe("condition nodes", () => {
  const flow = makeFlow({
    variables: [{ name: "age", type: "number" }],
    triggers: [start],
    nodes: [
      {
        id: "ask",
        kind: "question",
        prompt: "年龄？",
        answer: { type: "input", variable: "age", validator: { type: "number" } },
      },
      {
        id: "c",
        kind: "condition",
        branches: [
          {
            id: "kid",
            rules: [{ left: { type: "variable", name: "age" }, op: "lt", value: "18" }],
          },
          {
            id: "workhours",
            match: "all",
            rules: [
              { left: { type: "time", field: "hour" }, op: "between", value: "9-18" },
              { left: { type: "time", field: "weekday" }, op: "lte", value: "5" },
            ],
          },
        ],
      },
      { id: "m_kid", kind: "message", messages: [{ type: "text", text: "kid" }] },
      { id: "m_work", kind: "message", messages: [{ type: "text", text: "work" }] },
      { id: "m_else", kind: "message", messages: [{ type: "text", text: "else" }] },
    ],
    edges: edges("ask->c", "c:kid->m_kid", "c:workhours->m_work", "c:else->m_else"),
  });

  it("takes the first branch that holds", () => {
    const chat = new Chat(catalogOf(flow));
    chat.send("go");
    chat.send("12");
    expect(chat.texts()).toEqual(["kid"]);
  });
  it("reads the time in the flow's zone (Monday 10:00 in China)", () => {
    const chat = new Chat(catalogOf(flow));
    chat.send("go");
    chat.send("30");
    expect(chat.texts()).toEqual(["work"]);
  });
  it("falls to else outside the hours", () => {
    const chat = new Chat(catalogOf(flow));
    chat.now = T0 + 12 * 3_600_000; // 22:00 in China
    chat.send("go");
    chat.send("30");
    expect(chat.texts()).toEqual(["else"]);
  });
});

describe("set nodes", () => {
  it("sets typed values, adds numbers and clears to the default", () => {
    const flow = makeFlow({
      variables: [
        { name: "n", type: "number", default: 5 },
        { name: "b", type: "boolean" },
        { name: "s", default: "初始" },
        { name: "bad", type: "number", default: 1 },
      ],
      triggers: [start],
      nodes: [
        {
          id: "set",
          kind: "set",
          assignments: [
            { variable: "n", op: "add", value: "2.5" },
            { variable: "b", op: "set", value: "true" },
            { variable: "s", op: "set", value: "值 {{n}}" },
            { variable: "bad", op: "add", value: "abc" },
          ],
        },
        {
          id: "clear",
          kind: "set",
          assignments: [
            { variable: "s", op: "clear" },
            { variable: "n", op: "set", value: "42" },
          ],
        },
      ],
      edges: edges("set->clear"),
    });
    const chat = new Chat(catalogOf(flow));
    const r = chat.send("go");
    expect(r.session?.variables).toEqual({ n: 42, b: true, s: "初始", bad: 1 });
    expect(r.trace).toContainEqual({
      type: "note",
      message: 'set: cannot add "abc" to bad: not a number',
    });
  });
});

describe("tag nodes", () => {
  it("updates the follower's tags uniquely and emits a tag effect", () => {
    const flow = makeFlow({
      triggers: [start],
      nodes: [{ id: "t", kind: "tag", add: ["vip", "new"], remove: ["cold"] }],
    });
    const chat = new Chat(catalogOf(flow), { tags: ["cold", "vip"] });
    const r = chat.send("go");
    expect(r.follower.tags).toEqual(["vip", "new"]);
    expect(r.effects).toEqual([
      { type: "tag", nodeId: "t", add: ["vip", "new"], remove: ["cold"] },
    ]);
  });
});

const abFlow = (weights: [number, number]) =>
  makeFlow({
    triggers: [start],
    nodes: [
      {
        id: "ab",
        kind: "ab",
        branches: [
          { id: "A", weight: weights[0] },
          { id: "B", weight: weights[1] },
        ],
      },
      { id: "ma", kind: "message", messages: [{ type: "text", text: "A" }] },
      { id: "mb", kind: "message", messages: [{ type: "text", text: "B" }] },
    ],
    edges: edges("ab:A->ma", "ab:B->mb"),
  });

describe("ab nodes", () => {
  it("is sticky: the follower keeps their branch whatever the seed", () => {
    const chat = new Chat(catalogOf(abFlow([50, 50])));
    chat.send("go");
    const first = chat.texts()[0];
    expect(chat.follower.ab["f/ab"]).toBe(first);
    for (let i = 0; i < 20; i++) {
      chat.send("go");
      expect(chat.texts()[0]).toBe(first);
    }
  });

  it("draws again when the remembered branch no longer exists", () => {
    const chat = new Chat(catalogOf(abFlow([0, 100])), { ab: { "f/ab": "gone" } });
    chat.send("go");
    expect(chat.texts()).toEqual(["B"]);
    expect(chat.follower.ab["f/ab"]).toBe("B");
  });

  it("roughly honours weights over many followers", () => {
    const catalog = catalogOf(abFlow([20, 80]));
    let a = 0;
    const n = 2000;
    for (let seed = 0; seed < n; seed++) {
      const chat = new Chat(catalog);
      chat.seed = seed * 7919;
      chat.send("go");
      if (chat.texts()[0] === "A") a++;
    }
    expect(a / n).toBeGreaterThan(0.16);
    expect(a / n).toBeLessThan(0.24);
  });
});

const httpFlow = () =>
  makeFlow({
    variables: [
      { name: "phone", default: "138 0000" },
      { name: "price", type: "number" },
      { name: "code", type: "number" },
    ],
    triggers: [start],
    nodes: [
      {
        id: "h",
        kind: "http",
        method: "POST",
        url: "https://api.test/p?phone={{phone}}",
        headers: [{ name: "X-Openid", value: "{{follower.openid}}" }],
        body: '{"phone":"{{phone}}"}',
        timeoutMs: 2000,
        responseMappings: [
          { path: "data.items.0.price", variable: "price" },
          { path: "data.missing", variable: "phone" },
        ],
        statusVariable: "code",
      },
      { id: "ok", kind: "message", messages: [{ type: "text", text: "价格 {{price}}" }] },
      { id: "fail", kind: "message", messages: [{ type: "text", text: "稍后再试 {{code}}" }] },
    ],
    edges: edges("h:success->ok", "h:failure->fail"),
  });

describe("http nodes", () => {
  it("emits the request, waits, then maps the response and follows success", () => {
    const chat = new Chat(catalogOf(httpFlow()));
    const r = chat.send("go");
    const effect = r.effects[0] as Extract<Effect, { type: "http" }>;
    expect(effect).toEqual({
      type: "http",
      requestId: `f:h:${chat.now}:${chat.seed}`,
      nodeId: "h",
      method: "POST",
      url: "https://api.test/p?phone=138%200000",
      headers: { "X-Openid": "o-test" },
      body: '{"phone":"138 0000"}',
      timeoutMs: 2000,
    });
    expect(chat.session).toMatchObject({
      status: "waiting",
      nodeId: "h",
      pending: { type: "http", requestId: effect.requestId, nodeId: "h" },
    });
    chat.send("hello?");
    expect(chat.last.replies).toEqual([]);
    expect(chat.session?.status).toBe("waiting");
    chat.send({
      type: "effectResult",
      requestId: effect.requestId,
      result: { ok: true, status: 200, body: { data: { items: [{ price: "99" }] } } },
    });
    expect(chat.texts()).toEqual(["价格 99"]);
    expect(chat.session?.variables).toEqual({ phone: "138 0000", price: 99, code: 200 });
    expect(chat.session?.pending).toBeNull();
  });

  it("follows failure with the status variable set to 0 when nothing answered", () => {
    const chat = new Chat(catalogOf(httpFlow()));
    const { requestId } = chat.send("go").effects[0] as { requestId: string };
    chat.send({ type: "effectResult", requestId, result: { ok: false, reason: "timeout" } });
    expect(chat.texts()).toEqual(["稍后再试 0"]);
  });

  it("ignores a result for another request", () => {
    const chat = new Chat(catalogOf(httpFlow()));
    chat.send("go");
    const before = chat.session;
    const r = chat.send({
      type: "effectResult",
      requestId: "stale",
      result: { ok: true, status: 200, body: {} },
    });
    expect(r.session).toBe(before);
    expect(r.replies).toEqual([]);
    expect(r.trace.some((t) => t.type === "note" && t.message.includes("ignored"))).toBe(true);
  });
});

describe("handoff nodes", () => {
  const flow = makeFlow({
    variables: [{ name: "topic", default: "退款" }],
    triggers: [start],
    nodes: [
      {
        id: "hand",
        kind: "handoff",
        reason: "咨询 {{topic}}",
        priority: "high",
        kfAccount: "kf1@acc",
      },
    ],
  });
  const effect = {
    type: "handoff",
    nodeId: "hand",
    reason: "咨询 退款",
    priority: "high",
    kfAccount: "kf1@acc",
  };

  it("emits a handoff effect and stays handed off, re-emitting it for later messages", () => {
    const chat = new Chat(catalogOf(flow));
    expect(chat.send("go").effects).toEqual([effect]);
    expect(chat.session?.status).toBe("handedOff");
    const r = chat.send("还在吗");
    expect(r.replies).toEqual([]);
    expect(r.effects).toEqual([effect]);
    expect(chat.send({ type: "media", media: "voice" }).effects).toEqual([effect]);
  });
});

describe("jump nodes", () => {
  const other = makeFlow({
    id: "other",
    variables: [{ name: "shared" }, { name: "own", default: "默认" }],
    nodes: [
      { id: "o1", kind: "message", messages: [{ type: "text", text: "other start" }] },
      { id: "o2", kind: "message", messages: [{ type: "text", text: "o2 {{shared}} {{own}}" }] },
    ],
    edges: edges("o1->o2"),
  });

  it("moves within the flow", () => {
    const flow = makeFlow({
      triggers: [start],
      nodes: [
        { id: "j", kind: "jump", nodeId: "m" },
        { id: "skipped", kind: "message", messages: [{ type: "text", text: "no" }] },
        { id: "m", kind: "message", messages: [{ type: "text", text: "yes" }] },
      ],
    });
    const chat = new Chat(catalogOf(flow));
    chat.send("go");
    expect(chat.texts()).toEqual(["yes"]);
  });

  it("moves into another flow, carrying only shared variables", () => {
    const flow = makeFlow({
      variables: [
        { name: "shared", default: "共享" },
        { name: "mine", default: "x" },
        { name: "own", default: "mine" },
      ],
      triggers: [start],
      nodes: [
        { id: "set", kind: "set", assignments: [{ variable: "own", value: "carried" }] },
        { id: "j", kind: "jump", flowId: "other", nodeId: "o2" },
      ],
      edges: edges("set->j"),
    });
    const chat = new Chat(catalogOf(flow, { flow: other, version: 7 }));
    chat.send("go");
    expect(chat.texts()).toEqual(["o2 共享 carried"]);
    expect(chat.session).toMatchObject({
      flowId: "other",
      flowVersion: 7,
      variables: { shared: "共享", own: "carried" },
    });
  });

  it("fails with a clear message when the target flow or node is missing", () => {
    const flow = makeFlow({
      triggers: [start],
      nodes: [{ id: "j", kind: "jump", flowId: "nowhere" }],
    });
    const chat = new Chat(catalogOf(flow));
    chat.send("go");
    expect(chat.session?.status).toBe("error");
    expect(chat.session?.error?.code).toBe("FLOW_NOT_FOUND");
    expect(chat.session?.error?.message).toMatch(/"j".*"nowhere".*\/.*publish/);

    const badNode = makeFlow({
      triggers: [start],
      nodes: [{ id: "j", kind: "jump", nodeId: "ghost" }],
    });
    const chat2 = new Chat(catalogOf(badNode));
    chat2.send("go");
    expect(chat2.session?.error?.code).toBe("NODE_NOT_FOUND");
    expect(chat2.session?.error?.message).toContain("ghost");
  });
});

describe("end nodes and missing edges", () => {
  it("end closes the conversation; so does a node with no edge onward", () => {
    const flow = makeFlow({
      triggers: [start],
      nodes: [
        { id: "m", kind: "message", messages: [{ type: "text", text: "bye" }] },
        { id: "end", kind: "end" },
      ],
      edges: edges("m->end"),
    });
    const chat = new Chat(catalogOf(flow));
    chat.send("go");
    expect(chat.session).toMatchObject({ status: "done", nodeId: "end" });
  });

  it("an edge pointing at a deleted node is an error naming it", () => {
    const flow = makeFlow({
      triggers: [start],
      nodes: [{ id: "m", kind: "message", messages: [{ type: "text", text: "hi" }] }],
      edges: edges("m->deleted"),
    });
    const chat = new Chat(catalogOf(flow));
    chat.send("go");
    expect(chat.session?.error?.code).toBe("NODE_NOT_FOUND");
    expect(chat.session?.error?.message).toContain('"deleted"');
  });
});

describe("loop guard", () => {
  it("stops a cycle without a question after 200 visits, sends nothing and names the node", () => {
    const flow = makeFlow({
      variables: [{ name: "n", type: "number", default: 0 }],
      triggers: [start],
      nodes: [
        { id: "a", kind: "message", messages: [{ type: "text", text: "again" }] },
        { id: "b", kind: "set", assignments: [{ variable: "n", op: "add", value: "1" }] },
      ],
      edges: edges("a->b", "b->a"),
    });
    const chat = new Chat(catalogOf(flow));
    const r = chat.send("go");
    expect(r.session?.status).toBe("error");
    expect(r.session?.error?.code).toBe("LOOP");
    expect(r.session?.error?.message).toMatch(/循环.*\/.*loops at node "a"/);
    expect(r.replies).toEqual([]);
    expect(r.trace.filter((t) => t.type === "node")).toHaveLength(200);
    expect(r.trace.at(-1)).toMatchObject({
      type: "note",
      message: expect.stringContaining("LOOP"),
    });
    // The checklist names that loop before it can be published.
    expect(validateFlow(flow).map((p) => [p.code, p.nodeId])).toContainEqual([
      "LOOP_WITHOUT_QUESTION",
      "a",
    ]);
  });
});
