// Small flows for the store tests: a greeting → question → two answers tree.
import type { Flow } from "../../shared/schema";

export function sampleFlow(): Flow {
  return {
    schemaVersion: 1,
    id: "sample",
    name: "示例",
    description: "",
    startNodeId: "hello",
    settings: { sessionTimeoutMinutes: 30, utcOffsetMinutes: 480 },
    variables: [],
    triggers: [],
    nodes: [
      {
        id: "hello",
        kind: "message",
        label: "问候",
        position: { x: 0, y: 0 },
        messages: [{ type: "text", text: "您好" }],
        delaySeconds: 0,
      },
      {
        id: "ask",
        kind: "question",
        position: { x: 0, y: 200 },
        prompt: "想了解什么？",
        answer: {
          type: "options",
          options: [
            { id: "o_price", label: "价格", synonyms: [] },
            { id: "o_size", label: "尺寸", synonyms: [] },
          ],
          display: "numbered",
        },
        reprompt: "没听懂",
        maxRetries: 2,
      },
      { id: "price", kind: "end", position: { x: -200, y: 400 } },
      { id: "size", kind: "end", position: { x: 200, y: 400 } },
    ],
    edges: [
      { id: "e1", source: "hello", sourceHandle: "next", target: "ask" },
      { id: "e2", source: "ask", sourceHandle: "o_price", target: "price" },
      { id: "e3", source: "ask", sourceHandle: "o_size", target: "size" },
    ],
  };
}
