// What a freshly added node of each kind holds: sensible Chinese content a marketer can edit right away.
import type { XYPosition } from "@xyflow/react";
import type { FlowNode, NodeKind } from "../../shared/schema";

/** `id` makes ids for options and branches, which share the flow's id namespace. */
export function defaultNode(
  kind: NodeKind,
  nodeId: string,
  position: XYPosition,
  id: (prefix: string) => string,
): FlowNode {
  const base = { id: nodeId, position: { x: Math.round(position.x), y: Math.round(position.y) } };
  switch (kind) {
    case "message":
      return {
        ...base,
        kind,
        label: "消息",
        messages: [{ type: "text", text: "您好！请问有什么可以帮您？" }],
        delaySeconds: 0,
      };
    case "question":
      return {
        ...base,
        kind,
        label: "提问",
        prompt: "请问您想了解哪方面？",
        answer: {
          type: "options",
          options: [
            { id: id("opt"), label: "选项1", synonyms: [] },
            { id: id("opt"), label: "选项2", synonyms: [] },
          ],
          display: "numbered",
        },
        reprompt: "抱歉，我没有理解您的回答，请再试一次。",
        maxRetries: 2,
      };
    case "condition":
      return {
        ...base,
        kind,
        label: "条件判断",
        branches: [
          {
            id: id("br"),
            label: "工作时间",
            match: "all",
            rules: [{ left: { type: "time", field: "hour" }, op: "between", value: "9-18" }],
          },
        ],
      };
    case "set":
      return {
        ...base,
        kind,
        label: "设置变量",
        assignments: [{ variable: "source", op: "set", value: "公众号" }],
      };
    case "tag":
      return { ...base, kind, label: "打标签", add: ["潜在客户"], remove: [] };
    case "http":
      return {
        ...base,
        kind,
        label: "接口请求",
        method: "GET",
        url: "https://api.example.com/",
        headers: [],
        body: "",
        timeoutMs: 3000,
        responseMappings: [],
      };
    case "handoff":
      return { ...base, kind, label: "转人工", reason: "客户需要人工服务", priority: "normal" };
    case "ab":
      return {
        ...base,
        kind,
        label: "A/B 测试",
        branches: [
          { id: id("br"), label: "A", weight: 50 },
          { id: id("br"), label: "B", weight: 50 },
        ],
      };
    case "jump":
      return { ...base, kind, label: "跳转" };
    case "end":
      return { ...base, kind, label: "结束" };
  }
}
