// The chat as a tester uses it: commands, menu clicks, HTTP modes, the clock and the follower.
import { describe, expect, it } from "vitest";
import type { FlowCatalog, HttpResult } from "../engine";
import { flowSchema } from "../schema";
import { createChat, runChatScript } from "./createChat";
import { DEFAULT_HTTP_MODE } from "./httpMode";

const flow = flowSchema.parse({
  schemaVersion: 1,
  id: "demo",
  name: "演示",
  startNodeId: "ask",
  variables: [{ name: "price" }],
  triggers: [
    { id: "kw", type: "keyword", pattern: "开始" },
    { id: "menu", type: "event", event: "click", key: "K", nodeId: "when" },
  ],
  nodes: [
    {
      id: "ask",
      kind: "question",
      position: { x: 0, y: 0 },
      prompt: "选一个：",
      answer: {
        type: "options",
        display: "menu",
        options: [
          { id: "price", label: "查价格" },
          { id: "time", label: "看时间" },
        ],
      },
    },
    {
      id: "lookup",
      kind: "http",
      position: { x: 0, y: 250 },
      url: "https://example.com/price",
      responseMappings: [{ path: "price", variable: "price" }],
    },
    {
      id: "ok",
      kind: "message",
      position: { x: 0, y: 500 },
      messages: [{ type: "text", text: "价格 {{price}} 元" }],
    },
    {
      id: "bad",
      kind: "message",
      position: { x: 300, y: 500 },
      messages: [{ type: "text", text: "查不到" }],
    },
    {
      id: "when",
      kind: "condition",
      position: { x: 300, y: 250 },
      branches: [
        { id: "night", rules: [{ left: { type: "time", field: "hour" }, op: "gte", value: "22" }] },
      ],
    },
    {
      id: "late",
      kind: "message",
      position: { x: 300, y: 500 },
      messages: [{ type: "text", text: "夜深了" }],
    },
    {
      id: "day",
      kind: "message",
      position: { x: 600, y: 500 },
      messages: [{ type: "text", text: "白天好" }],
    },
    { id: "end", kind: "end", position: { x: 300, y: 750 } },
  ],
  edges: [
    { id: "e1", source: "ask", sourceHandle: "price", target: "lookup" },
    { id: "e2", source: "ask", sourceHandle: "time", target: "when" },
    { id: "e3", source: "lookup", sourceHandle: "success", target: "ok" },
    { id: "e4", source: "lookup", sourceHandle: "failure", target: "bad" },
    { id: "e5", source: "when", sourceHandle: "night", target: "late" },
    { id: "e6", source: "when", sourceHandle: "else", target: "day" },
    { id: "e7", source: "late", sourceHandle: "next", target: "end" },
    { id: "e8", source: "day", sourceHandle: "next", target: "end" },
  ],
});
const catalog: FlowCatalog = { flows: { demo: { flow, version: 0 } } };
const noon = Date.parse("2025-03-14T12:00:00+08:00");
const options = { catalog, now: () => noon, http: DEFAULT_HTTP_MODE };

describe("createChat", () => {
  it("shows menu options as [label] and clicks them by position or id with /menu", async () => {
    const chat = createChat(options);
    expect((await chat.handle("开始")).lines).toEqual(["< 选一个：", "  [查价格]", "  [看时间]"]);
    expect((await chat.handle("/menu 2")).lines).toEqual([
      "（点击 [看时间]）",
      "< 白天好",
      "· 对话结束",
    ]);
    await chat.handle("开始");
    expect((await chat.handle("/menu time")).lines[0]).toBe("（点击 [看时间]）");
    expect((await chat.handle("/menu 7")).lines).toEqual(["（上一条回复里没有菜单链接 7）"]);
  });

  it("answers http requests as the mode says, and /http switches it", async () => {
    const transcript = await runChatScript('开始\n1\n/http mock:{"price":99}\n开始\n1\n', options);
    expect(transcript).toBe(
      [
        "> 开始\n< 选一个：\n  [查价格]\n  [看时间]\n",
        "> 1\n⟶ HTTP GET https://example.com/price\n⟵ 请求失败 (network)\n< 查不到\n· 对话结束\n",
        '> /http mock:{"price":99}\n（HTTP 模式：mock:{"price":99}）\n',
        "> 开始\n< 选一个：\n  [查价格]\n  [看时间]\n",
        '> 1\n⟶ HTTP GET https://example.com/price\n⟵ 200 {"price":99}\n< 价格 99 元\n· 对话结束\n',
      ]
        .map((turn) => `${turn}\n`)
        .join(""),
    );
  });

  it("makes real requests only through the function the host passes in", async () => {
    const seen: string[] = [];
    const chat = createChat({
      ...options,
      http: { type: "real" },
      performHttp: async (effect): Promise<HttpResult> => {
        seen.push(effect.url);
        return { ok: true, status: 200, body: { price: 5 } };
      },
    });
    await chat.handle("开始");
    expect((await chat.handle("查价格")).lines).toContain("< 价格 5 元");
    expect(seen).toEqual(["https://example.com/price"]);
    const without = createChat({ ...options, http: { type: "real" } });
    await without.handle("开始");
    expect((await without.handle("1")).lines).toContain("< 查不到");
  });

  it("uses the clock it is given, and /now fixes it", async () => {
    const chat = createChat(options);
    expect((await chat.handle("/click K")).lines).toEqual(["< 白天好", "· 对话结束"]);
    await chat.handle("/now 2025-03-14T23:30:00+08:00");
    expect((await chat.handle("/click K")).lines).toEqual(["< 夜深了", "· 对话结束"]);
  });

  it("shows variables and tags with /vars, drops the session with /reset", async () => {
    const chat = createChat(options);
    expect((await chat.handle("/vars")).lines).toEqual(["（没有会话）", "标签 （无）"]);
    await chat.handle("开始");
    expect((await chat.handle("/vars")).lines).toEqual([
      "流程 demo · 节点 ask · 状态 active",
      "变量 price=null",
      "标签 （无）",
    ]);
    expect((await chat.handle("/reset")).lines).toEqual(["（会话已清除）"]);
    expect(chat.session).toBeNull();
    // With no conversation and no trigger, the account stays silent; the chat says so.
    expect((await chat.handle("随便说说")).lines).toEqual(["（没有回复）"]);
  });

  it("counts the follower new until their first message, as the runtime does", async () => {
    const chat = createChat(options);
    await chat.handle("/subscribe");
    expect(chat.follower.isNew).toBe(true);
    await chat.handle("开始");
    expect(chat.follower.isNew).toBe(true);
    await chat.handle("1");
    expect(chat.follower).toMatchObject({ isNew: false, interactions: 1 });
  });

  it("stops at /quit and explains unknown commands", async () => {
    const transcript = await runChatScript("/oops\n/quit\n开始\n", options);
    expect(transcript).toBe("> /oops\n（未知命令 /oops，输入 /help 查看可用命令）\n\n> /quit\n\n");
    const chat = createChat(options);
    expect((await chat.handle("/help")).lines.join("\n")).toContain("/subscribe");
  });
});
