// The Idempotency-Key an http node's request carries: one per step, repeated when the step is run again.
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/sqliteStore";
import type { Store, TurnCommit } from "../store/types";
import { createConversation } from "./conversation";
import { createFlowCatalogCache } from "./flowCatalog";
import { buildFlow, counterFlow } from "./testFlows";
import type { InboundTurn } from "./types";
import { silentLogger } from "./types";

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const lookup = (id: string, headers: Array<{ name: string; value: string }> = []) => ({
  id,
  kind: "http",
  method: "POST",
  url: `https://api.example.com/${id}`,
  headers,
  body: '{"order":"7"}',
  timeoutMs: 1000,
  responseMappings: [],
});

/** "look": two requests in one turn, then a question, so the next "look" passes them again. */
const lookFlow = buildFlow("look", {
  triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "look", global: true }],
  variables: [{ name: "x", type: "string", default: "" }],
  nodes: [
    lookup("first"),
    lookup("second"),
    { id: "ask", kind: "question", prompt: "done", answer: { type: "input", variable: "x" } },
  ],
  edges: [
    ["first", "success", "second"],
    ["first", "failure", "second"],
    ["second", "success", "ask"],
    ["second", "failure", "ask"],
  ],
});

/** "own": the marketer set the key themselves, in lower case, from a variable. */
const ownKeyFlow = buildFlow("own", {
  triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "own", global: true }],
  nodes: [lookup("pay", [{ name: "idempotency-key", value: "order-{{follower.openid}}" }])],
});

function textTurn(openid: string, msgId: string, text: string): InboundTurn {
  return {
    openid,
    account: "gh_test",
    dedupKey: `msg:${openid}:${msgId}`,
    msgType: "text",
    input: { type: "text", text },
    content: JSON.stringify({ Content: text }),
  };
}

interface Sent {
  url: string;
  headers: Array<[string, string]>;
}

async function setup() {
  store = await openSqliteStore(":memory:");
  for (const flow of [counterFlow, lookFlow, ownKeyFlow]) await store.publishFlow(flow, 1_000);
  const s = store;
  const sent: Sent[] = [];
  let clock = 2_000;
  /** A process: its own clock readings and seeds, the one database. */
  const conversation = (commitTurn?: (turn: TurnCommit) => Promise<void>) =>
    createConversation({
      store: s,
      catalog: createFlowCatalogCache(s, { now: () => clock }),
      now: () => (clock += 1_000),
      logger: silentLogger,
      fetch: async (url, init) => {
        sent.push({ url: String(url), headers: [...new Headers(init?.headers).entries()] });
        return new Response("{}");
      },
      ...(commitTurn ? { commitTurn } : {}),
    });
  const keys = () => sent.map((r) => new Headers(r.headers).get("idempotency-key"));
  return { sent, keys, conversation };
}

describe("an http node's Idempotency-Key", () => {
  it("differs for each request, each pass through the node and each follower", async () => {
    const { sent, keys, conversation } = await setup();
    const c = conversation();
    await c.handle(textTurn("o-a", "1", "look"));
    await c.handle(textTurn("o-a", "2", "look"));
    await c.handle(textTurn("o-b", "1", "look"));
    expect(sent.map((r) => r.url.split("/").pop())).toEqual([
      "first",
      "second",
      "first",
      "second",
      "first",
      "second",
    ]);
    for (const key of keys()) expect(key).toMatch(UUID_V8);
    expect(new Set(keys()).size).toBe(6);
  });

  it("is the same when a message never stored is handled again (WeChat's retry after a crash)", async () => {
    const { keys, conversation } = await setup();
    const crashed = conversation(async () => {
      throw new Error("the process died before the turn was stored");
    });
    await crashed.handle(textTurn("o-a", "1", "look"));
    await crashed.idle();
    expect(await store!.getSession("o-a")).toBeUndefined();
    // The next process, another clock and other seeds: both requests carry the keys they had.
    await conversation().handle(textTurn("o-a", "1", "look"));
    const [first, second, firstAgain, secondAgain] = keys();
    expect(first).not.toBe(second);
    expect([firstAgain, secondAgain]).toEqual([first, second]);
  });

  it("is the marketer's when the node sets it, in any case, and then sent once", async () => {
    const { sent, conversation } = await setup();
    await conversation().handle(textTurn("o-a", "1", "own"));
    const names = sent[0]!.headers.map(([name]) => name);
    expect(names.filter((n) => n === "idempotency-key")).toHaveLength(1);
    expect(new Headers(sent[0]!.headers).get("idempotency-key")).toBe("order-o-a");
  });
});
