// One test per problem code, each showing the problem appearing and going away when fixed.
import { describe, expect, it } from "vitest";
import { type Flow, type FlowInput, flowSchema } from "../schema";
import { hasErrors, type Problem, type ProblemCode, problemCatalog, problemCodes } from "./problem";
import { validateFlow } from "./validateFlow";

/** A small, clean flow: a keyword starts a question whose two options lead to messages. */
function baseFlow(): FlowInput {
  return {
    schemaVersion: 1,
    id: "demo",
    name: "演示",
    startNodeId: "ask",
    variables: [{ name: "city" }],
    triggers: [{ id: "kw", type: "keyword", pattern: "你好" }],
    nodes: [
      {
        id: "ask",
        kind: "question",
        label: "问候",
        position: { x: 0, y: 0 },
        prompt: "您想了解什么？",
        answer: {
          type: "options",
          options: [
            { id: "o1", label: "价格" },
            { id: "o2", label: "门店" },
          ],
        },
      },
      {
        id: "price",
        kind: "message",
        position: { x: -150, y: 250 },
        messages: [{ type: "text", text: "价格是 99 元。" }],
      },
      {
        id: "store",
        kind: "message",
        position: { x: 150, y: 250 },
        messages: [{ type: "text", text: "{{city}}门店欢迎您。" }],
      },
    ],
    edges: [
      { id: "e1", source: "ask", sourceHandle: "o1", target: "price" },
      { id: "e2", source: "ask", sourceHandle: "o2", target: "store" },
    ],
  };
}

function flowOf(edit?: (doc: FlowInput) => void): Flow {
  const doc = structuredClone(baseFlow());
  edit?.(doc);
  return flowSchema.parse(doc);
}

type NodeInput = FlowInput["nodes"][number];

function addNode(doc: FlowInput, node: NodeInput, fromHandle?: { source: string; handle: string }) {
  doc.nodes.push(node);
  const source = fromHandle ?? { source: "price", handle: "next" };
  doc.edges = [
    ...(doc.edges ?? []),
    { id: `to-${node.id}`, source: source.source, sourceHandle: source.handle, target: node.id },
  ];
}

function codes(problems: Problem[]): ProblemCode[] {
  return problems.map((p) => p.code);
}

function only(problems: Problem[], code: ProblemCode): Problem[] {
  return problems.filter((p) => p.code === code);
}

const pos = { x: 0, y: 500 };

describe("validateFlow", () => {
  it("finds nothing wrong with a clean flow", () => {
    expect(validateFlow(flowOf())).toEqual([]);
    expect(validateFlow(flowOf(), { otherFlows: [] })).toEqual([]);
  });

  it("every problem carries its catalogue severity and both languages", () => {
    const problems = validateFlow(
      flowOf((d) => {
        d.startNodeId = "nowhere";
        d.triggers = [];
        d.edges = [];
      }),
    );
    expect(problems.length).toBeGreaterThan(3);
    for (const p of problems) {
      expect(p.severity).toBe(problemCatalog[p.code].severity);
      expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.message.en).toMatch(/[a-z]/);
    }
    // Errors come first so the checklist leads with what blocks publishing.
    const firstWarning = problems.findIndex((p) => p.severity === "warning");
    expect(problems.slice(firstWarning).every((p) => p.severity === "warning")).toBe(true);
  });

  it("START_MISSING when the start node does not exist", () => {
    const problems = validateFlow(
      flowOf((d) => {
        d.startNodeId = "gone";
      }),
    );
    expect(only(problems, "START_MISSING")).toEqual([
      expect.objectContaining({ severity: "error", field: "startNodeId" }),
    ]);
    expect(only(problems, "START_MISSING")[0]!.message.zh).toContain("gone");
    expect(codes(validateFlow(flowOf()))).not.toContain("START_MISSING");
  });

  it("DUPLICATE_ID for nodes, edges, triggers, options and branches", () => {
    const problems = validateFlow(
      flowOf((d) => {
        d.nodes.push({ ...d.nodes[1]!, position: { x: 9, y: 9 } } as NodeInput);
        d.edges!.push({ ...d.edges![0]! });
        d.triggers!.push({ id: "kw", type: "keyword", pattern: "哈喽" });
        const ask = d.nodes[0] as Extract<NodeInput, { kind: "question" }>;
        if (ask.answer.type === "options") ask.answer.options.push({ id: "o1", label: "别的" });
        addNode(d, {
          id: "split",
          kind: "ab",
          position: pos,
          branches: [
            { id: "a", weight: 50 },
            { id: "a", weight: 50 },
          ],
        });
      }),
    );
    const dup = only(problems, "DUPLICATE_ID");
    expect(dup).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: "price", field: "id" }),
        expect.objectContaining({ edgeId: "e1", field: "id" }),
        expect.objectContaining({ triggerId: "kw", field: "id" }),
        expect.objectContaining({ nodeId: "ask", field: "answer.options.2.id" }),
        expect.objectContaining({ nodeId: "split", field: "branches.1.id" }),
      ]),
    );
    expect(dup.every((p) => p.severity === "error")).toBe(true);
    expect(dup.find((p) => p.nodeId === "ask")!.message.zh).toContain("「问候」");
    expect(codes(validateFlow(flowOf()))).not.toContain("DUPLICATE_ID");
  });

  it("UNREACHABLE_NODE for a node nothing leads to, but not for trigger or jump targets", () => {
    const island: NodeInput = {
      id: "island",
      kind: "message",
      label: "孤岛",
      position: pos,
      messages: [{ type: "text", text: "没人来" }],
    };
    const problems = validateFlow(flowOf((d) => void d.nodes.push(island)));
    expect(only(problems, "UNREACHABLE_NODE")).toEqual([
      expect.objectContaining({ nodeId: "island", severity: "warning" }),
    ]);
    expect(only(problems, "UNREACHABLE_NODE")[0]!.message.zh).toContain("「孤岛」");

    const viaTrigger = flowOf((d) => {
      d.nodes.push(island);
      d.triggers!.push({ id: "kw2", type: "keyword", pattern: "岛", nodeId: "island" });
    });
    expect(codes(validateFlow(viaTrigger))).not.toContain("UNREACHABLE_NODE");

    const viaJump = flowOf((d) => {
      d.nodes.push(island);
      addNode(d, { id: "go", kind: "jump", position: pos, nodeId: "island" });
    });
    expect(codes(validateFlow(viaJump))).not.toContain("UNREACHABLE_NODE");
  });

  it("DANGLING_EDGE for a missing source, a missing target and an unknown handle", () => {
    const problems = validateFlow(
      flowOf((d) => {
        d.edges!.push(
          { id: "x1", source: "ghost", sourceHandle: "next", target: "price" },
          { id: "x2", source: "price", sourceHandle: "next", target: "ghost" },
          { id: "x3", source: "ask", sourceHandle: "o9", target: "price" },
        );
      }),
    );
    expect(only(problems, "DANGLING_EDGE")).toEqual([
      expect.objectContaining({ edgeId: "x1", field: "source", severity: "error" }),
      expect.objectContaining({ edgeId: "x2", field: "target" }),
      expect.objectContaining({ edgeId: "x3", field: "sourceHandle" }),
    ]);
    const noMatch = flowOf((d) => {
      d.edges!.push({ id: "x4", source: "ask", sourceHandle: "noMatch", target: "price" });
    });
    expect(codes(validateFlow(noMatch))).not.toContain("DANGLING_EDGE");
  });

  it("OPTION_WITHOUT_EDGE when an option leads nowhere", () => {
    const problems = validateFlow(flowOf((d) => void d.edges!.pop()));
    expect(only(problems, "OPTION_WITHOUT_EDGE")).toEqual([
      expect.objectContaining({ nodeId: "ask", field: "answer.options.1", severity: "error" }),
    ]);
    expect(only(problems, "OPTION_WITHOUT_EDGE")[0]!.message.zh).toContain("门店");
    // An edge to a node that does not exist does not count as a way on.
    const toGhost = flowOf((d) => {
      d.edges![1]!.target = "ghost";
    });
    expect(codes(validateFlow(toGhost))).toContain("OPTION_WITHOUT_EDGE");
    expect(codes(validateFlow(flowOf()))).not.toContain("OPTION_WITHOUT_EDGE");
  });

  it("BRANCH_WITHOUT_EDGE for condition and A/B branches, but not for else", () => {
    const problems = validateFlow(
      flowOf((d) => {
        addNode(d, {
          id: "cond",
          kind: "condition",
          position: pos,
          branches: [
            {
              id: "sh",
              label: "上海",
              rules: [{ left: { type: "variable", name: "city" }, op: "eq", value: "上海" }],
            },
          ],
        });
      }),
    );
    expect(only(problems, "BRANCH_WITHOUT_EDGE")).toEqual([
      expect.objectContaining({ nodeId: "cond", field: "branches.0", severity: "warning" }),
    ]);
    const connected = flowOf((d) => {
      addNode(d, {
        id: "cond",
        kind: "condition",
        position: pos,
        branches: [
          {
            id: "sh",
            rules: [{ left: { type: "variable", name: "city" }, op: "eq", value: "上海" }],
          },
        ],
      });
      d.edges!.push({ id: "c1", source: "cond", sourceHandle: "sh", target: "store" });
    });
    expect(codes(validateFlow(connected))).not.toContain("BRANCH_WITHOUT_EDGE");
  });

  it("LOOP_WITHOUT_QUESTION for a cycle of nodes with no question and no way out", () => {
    // price → again → price: one message would go round until the engine's guard stops it.
    const looping = (d: FlowInput) => {
      addNode(d, {
        id: "again",
        kind: "message",
        label: "再说一遍",
        position: pos,
        messages: [{ type: "text", text: "再说一遍" }],
      });
      d.edges!.push({ id: "back", source: "again", sourceHandle: "next", target: "price" });
    };
    const problems = validateFlow(flowOf(looping));
    expect(only(problems, "LOOP_WITHOUT_QUESTION")).toEqual([
      expect.objectContaining({ nodeId: "price", severity: "error" }),
    ]);
    expect(only(problems, "LOOP_WITHOUT_QUESTION")[0]?.message.zh).toMatch(
      /「price」→「再说一遍」/,
    );
    expect(codes(problems)).not.toContain("LOOP_MAY_NOT_END");
    // Back to the question instead: every turn round the loop waits for the follower.
    const asking = flowOf((d) => {
      looping(d);
      d.edges!.find((e) => e.id === "back")!.target = "ask";
    });
    expect(validateFlow(asking)).toEqual([]);
    // A node that leads to itself, and a jump back within the flow, are loops too.
    const selfLoop = flowOf((d) => {
      d.edges!.push({ id: "self", source: "store", sourceHandle: "next", target: "store" });
    });
    expect(only(validateFlow(selfLoop), "LOOP_WITHOUT_QUESTION")).toEqual([
      expect.objectContaining({ nodeId: "store" }),
    ]);
    const jumpBack = flowOf((d) => {
      addNode(d, { id: "back-to-price", kind: "jump", position: pos, nodeId: "price" });
    });
    expect(only(validateFlow(jumpBack), "LOOP_WITHOUT_QUESTION")).toEqual([
      expect.objectContaining({ nodeId: "price" }),
    ]);
  });

  it("LOOP_MAY_NOT_END for a cycle without a question that a condition may leave", () => {
    const counting = flowOf((d) => {
      d.variables!.push({ name: "n", type: "number", default: 0 });
      addNode(d, {
        id: "more",
        kind: "condition",
        position: pos,
        branches: [
          {
            id: "lt3",
            rules: [{ left: { type: "variable", name: "n" }, op: "lt", value: "3" }],
          },
        ],
      });
      d.nodes.push({
        id: "inc",
        kind: "set",
        position: pos,
        assignments: [{ variable: "n", op: "add", value: "1" }],
      });
      d.edges!.push(
        { id: "c1", source: "more", sourceHandle: "lt3", target: "inc" },
        { id: "c2", source: "inc", sourceHandle: "next", target: "price" },
        { id: "c3", source: "more", sourceHandle: "else", target: "store" },
      );
    });
    const problems = validateFlow(counting);
    expect(only(problems, "LOOP_MAY_NOT_END")).toEqual([
      expect.objectContaining({ nodeId: "price", severity: "warning" }),
    ]);
    expect(codes(problems)).not.toContain("LOOP_WITHOUT_QUESTION");
    expect(hasErrors(problems)).toBe(false);
  });

  it("HTTP_EDGE_MISSING when an HTTP node has no success or failure edge", () => {
    const http: NodeInput = { id: "api", kind: "http", position: pos, url: "https://example.com" };
    const problems = validateFlow(
      flowOf((d) => {
        addNode(d, http);
        d.edges!.push({ id: "s", source: "api", sourceHandle: "success", target: "store" });
      }),
    );
    expect(only(problems, "HTTP_EDGE_MISSING")).toEqual([
      expect.objectContaining({ nodeId: "api", field: "failure", severity: "warning" }),
    ]);
    const both = flowOf((d) => {
      addNode(d, http);
      d.edges!.push(
        { id: "s", source: "api", sourceHandle: "success", target: "store" },
        { id: "f", source: "api", sourceHandle: "failure", target: "store" },
      );
    });
    expect(codes(validateFlow(both))).not.toContain("HTTP_EDGE_MISSING");
  });

  it("NO_ENTRY_TRIGGER without triggers, unless another flow jumps in", () => {
    const closed = flowOf((d) => {
      d.triggers = [];
    });
    expect(only(validateFlow(closed), "NO_ENTRY_TRIGGER")).toEqual([
      expect.objectContaining({ severity: "warning", field: "triggers" }),
    ]);
    const jumper = flowOf((d) => {
      d.id = "other";
      d.triggers = [{ id: "kw", type: "keyword", pattern: "别的" }];
      addNode(d, { id: "go", kind: "jump", position: pos, flowId: "demo" });
    });
    expect(codes(validateFlow(closed, { otherFlows: [jumper] }))).not.toContain("NO_ENTRY_TRIGGER");
    expect(codes(validateFlow(flowOf()))).not.toContain("NO_ENTRY_TRIGGER");
  });

  it("UNKNOWN_VARIABLE in templates and in named variables; follower.openid and .scene are built in", () => {
    const problems = validateFlow(
      flowOf((d) => {
        addNode(d, {
          id: "greet",
          kind: "message",
          position: pos,
          messages: [
            {
              type: "text",
              text: "{{ nmae | 朋友 }}，您好！编号 {{follower.openid}}，来自{{ follower.scene }}，{{follower.tags}}",
            },
          ],
        });
        addNode(
          d,
          {
            id: "who",
            kind: "question",
            position: pos,
            prompt: "请问{{city}}哪个区？",
            answer: { type: "input", variable: "district" },
          },
          { source: "greet", handle: "next" },
        );
        addNode(
          d,
          {
            id: "call",
            kind: "http",
            position: pos,
            url: "https://example.com/{{order_no}}",
            headers: [{ name: "X-Token", value: "{{token}}" }],
            responseMappings: [{ path: "data.status", variable: "status" }],
          },
          { source: "who", handle: "next" },
        );
        d.edges!.push(
          { id: "s", source: "call", sourceHandle: "success", target: "store" },
          { id: "f", source: "call", sourceHandle: "failure", target: "store" },
        );
      }),
    );
    const unknown = only(problems, "UNKNOWN_VARIABLE");
    expect(unknown.map((p) => [p.nodeId, p.field])).toEqual([
      ["greet", "messages.0.text"],
      ["greet", "messages.0.text"],
      ["who", "answer.variable"],
      ["call", "url"],
      ["call", "headers.0.value"],
      ["call", "responseMappings.0.variable"],
    ]);
    expect(unknown[0]!.message.zh).toContain("{{nmae}}");
    expect(unknown[1]!.message.zh).toContain("不存在的粉丝属性「{{follower.tags}}」");
    expect(unknown.every((p) => p.severity === "warning")).toBe(true);
    expect(codes(validateFlow(flowOf()))).not.toContain("UNKNOWN_VARIABLE");
  });

  it("UNKNOWN_VARIABLE in conditions, set nodes, saveTo and handoff reasons", () => {
    const problems = validateFlow(
      flowOf((d) => {
        const ask = d.nodes[0] as Extract<NodeInput, { kind: "question" }>;
        if (ask.answer.type === "options") ask.answer.saveTo = "choice";
        addNode(d, {
          id: "s",
          kind: "set",
          position: pos,
          assignments: [{ variable: "score", value: "{{city}}" }],
        });
        addNode(
          d,
          { id: "h", kind: "handoff", position: pos, reason: "来自{{region}}" },
          { source: "s", handle: "next" },
        );
        addNode(
          d,
          {
            id: "c",
            kind: "condition",
            position: pos,
            branches: [
              { id: "b", rules: [{ left: { type: "variable", name: "vip" }, op: "notEmpty" }] },
            ],
          },
          { source: "store", handle: "next" },
        );
        d.edges!.push({ id: "cb", source: "c", sourceHandle: "b", target: "h" });
      }),
    );
    expect(only(problems, "UNKNOWN_VARIABLE").map((p) => p.field)).toEqual([
      "answer.saveTo",
      "assignments.0.variable",
      "reason",
      "branches.0.rules.0.left.name",
    ]);
  });

  it("JUMP_TARGET_MISSING for a missing node or flow; cross-flow only when other flows are known", () => {
    const toNode = flowOf((d) =>
      addNode(d, { id: "go", kind: "jump", position: pos, nodeId: "nope" }),
    );
    expect(only(validateFlow(toNode), "JUMP_TARGET_MISSING")).toEqual([
      expect.objectContaining({ nodeId: "go", field: "nodeId", severity: "error" }),
    ]);
    const toFlow = flowOf((d) =>
      addNode(d, { id: "go", kind: "jump", position: pos, flowId: "after_sales" }),
    );
    expect(codes(validateFlow(toFlow))).not.toContain("JUMP_TARGET_MISSING");
    expect(only(validateFlow(toFlow, { otherFlows: [] }), "JUMP_TARGET_MISSING")).toEqual([
      expect.objectContaining({ nodeId: "go", field: "flowId" }),
    ]);
    const afterSales = flowOf((d) => {
      d.id = "after_sales";
      d.name = "售后";
      d.triggers = [{ id: "kw", type: "keyword", pattern: "售后" }];
    });
    expect(codes(validateFlow(toFlow, { otherFlows: [afterSales] }))).not.toContain(
      "JUMP_TARGET_MISSING",
    );
    const toNodeThere = flowOf((d) =>
      addNode(d, { id: "go", kind: "jump", position: pos, flowId: "after_sales", nodeId: "nope" }),
    );
    const there = only(
      validateFlow(toNodeThere, { otherFlows: [afterSales] }),
      "JUMP_TARGET_MISSING",
    );
    expect(there).toEqual([expect.objectContaining({ field: "nodeId" })]);
    expect(there[0]!.message.zh).toContain("售后");
  });

  it("KEYWORD_CONFLICT within a flow and across flows, after trimming and lowercasing", () => {
    const twice = flowOf(
      (d) => void d.triggers!.push({ id: "kw2", type: "keyword", pattern: " 你好 " }),
    );
    expect(only(validateFlow(twice), "KEYWORD_CONFLICT")).toEqual([
      expect.objectContaining({ triggerId: "kw2", field: "pattern", severity: "error" }),
    ]);
    const other = flowOf((d) => {
      d.id = "other";
      d.name = "别的流程";
      d.triggers = [{ id: "t", type: "keyword", pattern: "VIP" }];
    });
    const mine = flowOf(
      (d) => void d.triggers!.push({ id: "vip", type: "keyword", pattern: "vip" }),
    );
    const across = only(validateFlow(mine, { otherFlows: [other] }), "KEYWORD_CONFLICT");
    expect(across).toEqual([expect.objectContaining({ triggerId: "vip" })]);
    expect(across[0]!.message.zh).toContain("别的流程");
    // A different match mode is a different claim; the flow itself in otherFlows is no rival.
    const exact = flowOf((d) => {
      d.triggers!.push({ id: "vip", type: "keyword", pattern: "vip", match: "exact" });
    });
    expect(codes(validateFlow(exact, { otherFlows: [other, exact] }))).not.toContain(
      "KEYWORD_CONFLICT",
    );
  });

  it("MULTIPLE_FALLBACK with two fallbacks in a flow or a fallback in another flow", () => {
    const two = flowOf((d) => {
      d.triggers!.push({ id: "f1", type: "fallback" }, { id: "f2", type: "fallback" });
    });
    expect(only(validateFlow(two), "MULTIPLE_FALLBACK")).toEqual([
      expect.objectContaining({ triggerId: "f2", severity: "error" }),
    ]);
    const one = flowOf((d) => void d.triggers!.push({ id: "f1", type: "fallback" }));
    expect(codes(validateFlow(one))).not.toContain("MULTIPLE_FALLBACK");
    const rival = flowOf((d) => {
      d.id = "rival";
      d.name = "兜底";
      d.triggers = [{ id: "fb", type: "fallback" }];
    });
    const across = only(validateFlow(one, { otherFlows: [rival] }), "MULTIPLE_FALLBACK");
    expect(across).toEqual([expect.objectContaining({ triggerId: "f1" })]);
    expect(across[0]!.message.zh).toContain("兜底");
  });

  it("TEXT_TOO_LONG counts UTF-8 bytes of texts and of a question with its options", () => {
    // 683 Chinese characters are 2049 bytes; 682 are 2046.
    const long = "好".repeat(683);
    const problems = validateFlow(
      flowOf((d) => {
        (d.nodes[1] as { messages: unknown[] }).messages = [{ type: "text", text: long }];
      }),
    );
    expect(only(problems, "TEXT_TOO_LONG")).toEqual([
      expect.objectContaining({ nodeId: "price", field: "messages.0.text", severity: "error" }),
    ]);
    expect(only(problems, "TEXT_TOO_LONG")[0]!.message.zh).toContain("2049");
    const fits = flowOf((d) => {
      (d.nodes[1] as { messages: unknown[] }).messages = [{ type: "text", text: "好".repeat(682) }];
    });
    expect(codes(validateFlow(fits))).not.toContain("TEXT_TOO_LONG");
    // Promotional, it goes out with 【广告】 (12 bytes) in front: 2058 bytes, unless labelled already.
    const promo = (text: string) =>
      flowOf((d) => {
        Object.assign(d.nodes[1] as object, {
          promotional: true,
          messages: [{ type: "text", text }],
        });
      });
    expect(only(validateFlow(promo("好".repeat(682))), "TEXT_TOO_LONG")[0]!.message.zh).toContain(
      "2058",
    );
    expect(codes(validateFlow(promo(`【广告】${"好".repeat(678)}`)))).not.toContain(
      "TEXT_TOO_LONG",
    );
    // The prompt alone fits, but with the option lines the question does not.
    const question = flowOf((d) => {
      (d.nodes[0] as { prompt: string }).prompt = "问".repeat(680);
    });
    expect(only(validateFlow(question), "TEXT_TOO_LONG")).toEqual([
      expect.objectContaining({ nodeId: "ask", field: "prompt" }),
    ]);
    // The question fits, but a long reprompt in front of it does not.
    const retry = flowOf((d) => {
      (d.nodes[0] as { reprompt: string }).reprompt = "再".repeat(680);
    });
    expect(only(validateFlow(retry), "TEXT_TOO_LONG")).toEqual([
      expect.objectContaining({ nodeId: "ask", field: "reprompt" }),
    ]);
  });

  it("NEWS_TOO_MANY_ARTICLES for a news message with two articles", () => {
    const article = { title: "新品", url: "https://example.com/a" };
    const two = flowOf((d) => {
      (d.nodes[1] as { messages: unknown[] }).messages = [
        { type: "news", articles: [article, article] },
      ];
    });
    expect(only(validateFlow(two), "NEWS_TOO_MANY_ARTICLES")).toEqual([
      expect.objectContaining({ nodeId: "price", field: "messages.0.articles", severity: "error" }),
    ]);
    const one = flowOf((d) => {
      (d.nodes[1] as { messages: unknown[] }).messages = [{ type: "news", articles: [article] }];
    });
    expect(codes(validateFlow(one))).not.toContain("NEWS_TOO_MANY_ARTICLES");
  });

  it("EMPTY_TEXT for a blank text message or prompt", () => {
    const problems = validateFlow(
      flowOf((d) => {
        (d.nodes[1] as { messages: unknown[] }).messages = [{ type: "text", text: "  " }];
        (d.nodes[0] as { prompt: string }).prompt = "";
      }),
    );
    expect(only(problems, "EMPTY_TEXT").map((p) => [p.nodeId, p.field, p.severity])).toEqual([
      ["ask", "prompt", "warning"],
      ["price", "messages.0.text", "warning"],
    ]);
    expect(codes(validateFlow(flowOf()))).not.toContain("EMPTY_TEXT");
  });

  it("TEXT_MAY_BE_EMPTY for a text or input prompt made only of placeholders without a default", () => {
    const problems = validateFlow(
      flowOf((d) => {
        (d.nodes[1] as { messages: unknown[] }).messages = [
          { type: "text", text: " {{price}} {{note}} " },
          { type: "text", text: "{{price|面议}}" },
          { type: "text", text: "价格：{{price}}" },
          { type: "text", text: "{{follower.openid}}" },
        ];
      }),
    );
    expect(only(problems, "TEXT_MAY_BE_EMPTY").map((p) => [p.nodeId, p.field, p.severity])).toEqual(
      [["price", "messages.0.text", "warning"]],
    );
    expect(only(problems, "TEXT_MAY_BE_EMPTY")[0]!.message.zh).toContain("{{coupon|暂无优惠}}");
    const input = (prompt: string) =>
      flowOf((d) => {
        const ask = d.nodes[0] as { prompt: string; answer: unknown };
        ask.prompt = prompt;
        ask.answer = { type: "input", variable: "city" };
      });
    expect(only(validateFlow(input("{{city}}")), "TEXT_MAY_BE_EMPTY")).toHaveLength(1);
    // Options are part of the question's text, so an options question is never empty.
    expect(
      codes(
        validateFlow(
          flowOf((d) => {
            (d.nodes[0] as { prompt: string }).prompt = "{{city}}";
          }),
        ),
      ),
    ).not.toContain("TEXT_MAY_BE_EMPTY");
    expect(codes(validateFlow(input("您在哪个城市？{{city}}")))).not.toContain("TEXT_MAY_BE_EMPTY");
    expect(codes(validateFlow(flowOf()))).not.toContain("TEXT_MAY_BE_EMPTY");
  });

  it("OPTION_NUMBER_CLASH when a numbered option starts with another option's number", () => {
    const party = (labels: string[], display: "numbered" | "menu" = "numbered") =>
      flowOf((d) => {
        const ask = d.nodes[0] as { answer: unknown };
        ask.answer = {
          type: "options",
          display,
          options: labels.map((label, i) => ({ id: `o${i + 1}`, label })),
        };
        d.edges = labels.map((_, i) => ({
          id: `e${i + 1}`,
          source: "ask",
          sourceHandle: `o${i + 1}`,
          target: i % 2 ? "store" : "price",
        }));
      });
    // 1. 2人 / 2. 3人 / 3. 4人及以上: replying 2 or 3 could mean either; 4 is no position.
    const problems = only(validateFlow(party(["2人", "3人", "4人及以上"])), "OPTION_NUMBER_CLASH");
    expect(problems.map((p) => [p.nodeId, p.field, p.severity])).toEqual([
      ["ask", "answer.options.0.label", "warning"],
      ["ask", "answer.options.1.label", "warning"],
    ]);
    expect(problems[1]!.message.zh).toContain("「3人」以数字 3 开头");
    expect(problems[1]!.message.zh).toContain("第 3 项「4人及以上」");
    expect(problems[1]!.message.zh).toContain("菜单链接");
    expect(problems[1]!.message.en).toContain('"4人及以上"');
    expect(only(validateFlow(party(["２人", "其他"])), "OPTION_NUMBER_CLASH")).toHaveLength(1);
    // Fixed: menu links show no numbers, numbers spelled out, or each number is its own position.
    const fine = [
      party(["2人", "3人", "4人及以上"], "menu"),
      party(["两人", "三人", "四人及以上"]),
      party(["1人", "2人", "3人"]),
      party(["10人", "20人", "30人"]),
      party(["半斤", "1.5斤"]),
      party(["一般", "满意"]),
    ];
    for (const flow of fine) expect(codes(validateFlow(flow))).toEqual([]);
  });

  it("AB_WEIGHTS when weights do not add up to 100", () => {
    const split = (a: number, b: number) =>
      flowOf((d) => {
        addNode(d, {
          id: "split",
          kind: "ab",
          label: "开场 A/B",
          position: pos,
          branches: [
            { id: "a", weight: a },
            { id: "b", weight: b },
          ],
        });
        d.edges!.push(
          { id: "sa", source: "split", sourceHandle: "a", target: "store" },
          { id: "sb", source: "split", sourceHandle: "b", target: "store" },
        );
      });
    const problems = only(validateFlow(split(60, 30)), "AB_WEIGHTS");
    expect(problems).toEqual([expect.objectContaining({ nodeId: "split", severity: "error" })]);
    expect(problems[0]!.message.zh).toContain("90%");
    expect(codes(validateFlow(split(33.5, 66.5)))).not.toContain("AB_WEIGHTS");
  });

  it("INVALID_REGEX in keyword triggers, regex validators and matches rules", () => {
    const problems = validateFlow(
      flowOf((d) => {
        d.triggers!.push({ id: "re", type: "keyword", match: "regex", pattern: "退(款" });
        addNode(d, {
          id: "order",
          kind: "question",
          position: pos,
          prompt: "订单号？",
          answer: {
            type: "input",
            variable: "city",
            validator: { type: "regex", pattern: "^\\d{8,20}$", flags: "q" },
          },
        });
        addNode(
          d,
          {
            id: "c",
            kind: "condition",
            position: pos,
            branches: [
              {
                id: "b",
                rules: [{ left: { type: "variable", name: "city" }, op: "matches", value: "[" }],
              },
            ],
          },
          { source: "order", handle: "next" },
        );
        d.edges!.push({ id: "cb", source: "c", sourceHandle: "b", target: "store" });
      }),
    );
    expect(
      only(problems, "INVALID_REGEX").map((p) => p.triggerId ?? `${p.nodeId}:${p.field}`),
    ).toEqual(["re", "order:answer.validator.pattern", "c:branches.0.rules.0.value"]);
    // Nested or overlapping repetition runs on the linear engine: fine.
    for (const pattern of ["^(退+)+$", "^(退|退款)+$"]) {
      const explosive = flowOf((d) => {
        d.triggers!.push({ id: "re", type: "keyword", match: "regex", pattern });
      });
      expect(codes(validateFlow(explosive)), pattern).not.toContain("INVALID_REGEX");
    }
    // Unless it also needs what that engine lacks.
    const refusedFlow = flowOf((d) => {
      d.triggers!.push({ id: "re", type: "keyword", match: "regex", pattern: "^(退+)+\\1$" });
    });
    const refused = only(validateFlow(refusedFlow), "INVALID_REGEX");
    expect(refused).toEqual([expect.objectContaining({ triggerId: "re" })]);
    expect(refused[0]!.message.zh).toContain("(a+)+");
    expect(refused[0]!.message.zh).toContain("反向引用");
    const good = flowOf((d) => {
      d.triggers!.push({ id: "re", type: "keyword", match: "regex", pattern: "^退(款|货)$" });
    });
    expect(codes(validateFlow(good))).not.toContain("INVALID_REGEX");
  });

  it("INVALID_REGEX for a pattern that needs the linear engine but uses what it lacks", () => {
    const problems = validateFlow(
      flowOf((d) => {
        // Runs on the linear engine: fine.
        d.triggers!.push({ id: "ok", type: "keyword", match: "regex", pattern: "订单.*\\d+元" });
        // A backreference after two repetitions that share digits: refused.
        d.triggers!.push({ id: "re", type: "keyword", match: "regex", pattern: "(\\d+)\\d*\\1" });
        addNode(d, {
          id: "order",
          kind: "question",
          label: "订单号",
          position: pos,
          prompt: "订单号？",
          answer: {
            type: "input",
            variable: "city",
            validator: { type: "regex", pattern: "\\d+\\d+(?=号)", flags: "" },
          },
        });
        d.edges!.push({ id: "oe", source: "order", sourceHandle: "next", target: "store" });
      }),
    );
    const refused = only(problems, "INVALID_REGEX");
    expect(refused.map((p) => p.triggerId ?? `${p.nodeId}:${p.field}`)).toEqual([
      "re",
      "order:answer.validator.pattern",
    ]);
    const [trigger, node] = refused;
    expect(trigger!.message.zh).toContain("反向引用");
    expect(trigger!.message.en).toContain("backreferences");
    expect(node!.message.zh).toContain("订单号");
    expect(node!.message.zh).toContain("向前查找");
    expect(node!.message.en).toContain("lookaheads");
    expect(node!.message.en).toContain("linear-time");
  });

  it("HTTP_URL_EMPTY for an HTTP node without an address", () => {
    const http = (url: string) =>
      flowOf((d) => {
        addNode(d, { id: "api", kind: "http", label: "查订单", position: pos, url });
        d.edges!.push(
          { id: "s", source: "api", sourceHandle: "success", target: "store" },
          { id: "f", source: "api", sourceHandle: "failure", target: "store" },
        );
      });
    expect(only(validateFlow(http(" ")), "HTTP_URL_EMPTY")).toEqual([
      expect.objectContaining({ nodeId: "api", field: "url", severity: "error" }),
    ]);
    expect(validateFlow(http("https://example.com/orders"))).toEqual([]);
  });

  it("TRIGGER_NODE_MISSING when a trigger starts at a node that does not exist", () => {
    const problems = validateFlow(
      flowOf(
        (d) => void d.triggers!.push({ id: "scan", type: "event", event: "scan", nodeId: "gone" }),
      ),
    );
    expect(only(problems, "TRIGGER_NODE_MISSING")).toEqual([
      expect.objectContaining({ triggerId: "scan", field: "nodeId", severity: "error" }),
    ]);
    const fine = flowOf(
      (d) => void d.triggers!.push({ id: "scan", type: "event", event: "scan", nodeId: "store" }),
    );
    expect(validateFlow(fine)).toEqual([]);
  });

  it("covers every code in the catalogue", () => {
    // Each code above has its own test; this keeps the catalogue and the tests in step.
    expect(problemCodes).toHaveLength(23);
  });
});

describe("hasErrors", () => {
  it("is true only when some problem is an error", () => {
    expect(hasErrors([])).toBe(false);
    expect(
      hasErrors(
        validateFlow(
          flowOf((d) => {
            d.triggers = [];
          }),
        ),
      ),
    ).toBe(false);
    expect(
      hasErrors(
        validateFlow(
          flowOf((d) => {
            d.startNodeId = "gone";
          }),
        ),
      ),
    ).toBe(true);
  });
});
