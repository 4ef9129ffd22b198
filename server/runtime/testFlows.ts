// Small flows the runtime tests and the benchmark publish (built in code so each test says what it needs).
import { type Flow, type FlowInput, flowSchema } from "../../shared/schema";

type NodeSpec = Record<string, unknown> & { id: string; kind: string };

/** A flow from nodes and `[source, handle, target]` edges, with positions filled in. */
export function buildFlow(
  id: string,
  spec: {
    triggers: FlowInput["triggers"];
    nodes: NodeSpec[];
    edges?: Array<[string, string, string]>;
    variables?: FlowInput["variables"];
    startNodeId?: string;
  },
): Flow {
  return flowSchema.parse({
    schemaVersion: 1,
    id,
    name: id,
    startNodeId: spec.startNodeId ?? spec.nodes[0]?.id,
    variables: spec.variables ?? [],
    triggers: spec.triggers,
    nodes: spec.nodes.map((n, i) => ({ position: { x: 0, y: i * 100 }, ...n })),
    edges: (spec.edges ?? []).map(([source, sourceHandle, target], i) => ({
      id: `e${i}`,
      source,
      sourceHandle,
      target,
    })),
  });
}

const text = (t: string) => ({ type: "text", text: t });

/** Fallback flow: every message adds 1 to `count` and answers `<count>:<the message>`. */
export const counterFlow = buildFlow("counter", {
  triggers: [{ id: "t", type: "fallback" }],
  variables: [
    { name: "count", type: "number", default: 0 },
    { name: "last", type: "string", default: "" },
  ],
  nodes: [
    { id: "inc", kind: "set", assignments: [{ variable: "count", op: "add", value: "1" }] },
    {
      id: "ask",
      kind: "question",
      prompt: "{{count}}:{{last}}",
      answer: { type: "input", variable: "last" },
    },
  ],
  edges: [
    ["inc", "next", "ask"],
    ["ask", "next", "inc"],
  ],
});

/** "three": one turn, three messages. */
export const threeFlow = buildFlow("three", {
  triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "three", global: true }],
  nodes: [
    { id: "say", kind: "message", messages: [text("one"), text("two"), text("three")] },
    { id: "end", kind: "end" },
  ],
  edges: [["say", "next", "end"]],
});

/** "remind": answers at once and sends a reminder an hour later. */
export const remindFlow = buildFlow("remind", {
  triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "remind", global: true }],
  nodes: [
    { id: "later", kind: "message", delaySeconds: 3600, messages: [text("an hour later")] },
    { id: "now", kind: "message", messages: [text("noted")] },
    { id: "end", kind: "end" },
  ],
  edges: [
    ["later", "next", "now"],
    ["now", "next", "end"],
  ],
});

/** "slow": says something, calls `url`, then tells the price it got. */
export function slowFlow(url: string): Flow {
  return buildFlow("slow", {
    triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "slow", global: true }],
    variables: [{ name: "price", type: "string", default: "" }],
    nodes: [
      { id: "wait", kind: "message", messages: [text("checking the price")] },
      {
        id: "fetch",
        kind: "http",
        method: "GET",
        url,
        timeoutMs: 5000,
        responseMappings: [{ path: "price", variable: "price" }],
      },
      { id: "ok", kind: "message", messages: [text("price {{price}}")] },
      { id: "bad", kind: "message", messages: [text("price unknown")] },
      { id: "end", kind: "end" },
    ],
    edges: [
      ["wait", "next", "fetch"],
      ["fetch", "success", "ok"],
      ["fetch", "failure", "bad"],
      ["ok", "next", "end"],
      ["bad", "next", "end"],
    ],
  });
}

/** "ver": a question whose wording tells which published version asked it. */
export function versionedFlow(label: string): Flow {
  return buildFlow("ver", {
    triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "ver", global: true }],
    variables: [{ name: "x", type: "string", default: "" }],
    nodes: [
      {
        id: "q",
        kind: "question",
        prompt: `${label} question`,
        answer: { type: "input", variable: "x" },
      },
      { id: "a", kind: "message", messages: [text(`${label} answer {{x}}`)] },
      { id: "end", kind: "end" },
    ],
    edges: [
      ["q", "next", "a"],
      ["a", "next", "end"],
    ],
  });
}

/** "人工": hands the follower to WeChat's customer service. */
export const handoffFlow = buildFlow("human", {
  triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "人工", global: true }],
  nodes: [{ id: "h", kind: "handoff", reason: "asked for a person", kfAccount: "kf2001@gh_test" }],
});
