import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFlow, serializeFlow } from "./parse";

const file = (name: string) =>
  readFileSync(new URL(`../../flows/${name}`, import.meta.url), "utf8");

/** A one-node flow whose message node's `promotional` is the value given, valid or not. */
const promotionFlow = (promotional: unknown) => ({
  schemaVersion: 1,
  id: "p",
  name: "促销",
  startNodeId: "m",
  nodes: [
    {
      id: "m",
      kind: "message",
      position: { x: 0, y: 0 },
      promotional,
      messages: [{ type: "text", text: "五折" }],
    },
  ],
});

describe("a message node's promotional mark", () => {
  it("is absent from a flow written before it, which loads and saves byte for byte the same", () => {
    const text = file("ecommerce.json");
    expect(text).not.toContain("promotional");
    const parsed = parseFlow(JSON.parse(text));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const message = parsed.flow.nodes.find((n) => n.kind === "message");
    expect(message && "promotional" in message).toBe(false);
    expect(serializeFlow(parsed.flow)).toBe(text);
  });

  it("round-trips when set, after delaySeconds", () => {
    const parsed = parseFlow(promotionFlow(true));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const text = serializeFlow(parsed.flow);
    expect(text).toMatch(/"delaySeconds": 0,\n\s+"promotional": true\n/);
    const again = parseFlow(JSON.parse(text));
    expect(again.ok && serializeFlow(again.flow)).toBe(text);
  });

  it("must be a boolean, and says where when it is not", () => {
    const parsed = parseFlow(promotionFlow("yes"));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]).toMatchObject({
      nodeId: "m",
      field: "nodes.0.promotional",
    });
  });
});
