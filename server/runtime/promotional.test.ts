import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MINOR_TAG } from "../../shared/engine";
import { buildFlow } from "./testFlows";
import { startTestServer, type TestServer, tempDbPath } from "./testServer";
import { silentLogger } from "./types";

let db: ReturnType<typeof tempDbPath>;
let server: TestServer | undefined;

beforeEach(() => {
  db = tempDbPath();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  db.cleanup();
});

/** Unix ms at `hh:mm` on 2026-01-05 in China, the flow's default time zone (UTC+8). */
const cn = (hh: number, mm: number) => Date.UTC(2026, 0, 5, hh - 8, mm);

const text = (t: string) => ({ type: "text", text: t });
/** A keyword that starts the flow at the node of the same name. */
const keyword = (id: string) =>
  ({ id, type: "keyword", match: "exact", pattern: id, nodeId: id }) as const;

const promoFlow = buildFlow("promo", {
  triggers: [keyword("sale"), keyword("later"), keyword("kid")],
  nodes: [
    { id: "sale", kind: "message", promotional: true, messages: [text("双十一全场五折")] },
    { id: "after", kind: "message", messages: [text("还有什么可以帮您？")] },
    {
      id: "later",
      kind: "message",
      promotional: true,
      delaySeconds: 60,
      messages: [text("稍后的优惠")],
    },
    { id: "ok", kind: "message", messages: [text("好的")] },
    { id: "kid", kind: "tag", add: [MINOR_TAG] },
    { id: "noted", kind: "message", messages: [text("已记录")] },
  ],
  edges: [
    ["sale", "next", "after"],
    ["later", "next", "ok"],
    ["kid", "next", "noted"],
  ],
});

describe("promotional content over WeChat", () => {
  let clock: number;
  let sent: Array<Record<string, unknown>>;
  let logged: string[];
  beforeEach(async () => {
    clock = cn(10, 0);
    sent = [];
    logged = [];
    server = await startTestServer({
      dbPath: db.path,
      flows: [promoFlow],
      deps: {
        now: () => clock,
        logger: { ...silentLogger, info: (m) => void logged.push(m) },
        api: { sendCustomMessage: async (m) => void sent.push(m) },
      },
    });
  });

  async function outLog(openid: string) {
    return (await server!.store.listMessages(openid, 100)).filter((m) => m.direction === "out");
  }

  it("carries the 【广告】 label in the reply and in the message log", async () => {
    const reply = await server!.wechat.text("o-adult", "sale");
    expect(reply.content).toBe("【广告】双十一全场五折");
    await server!.huashu.runtime.conversation.idle();
    await server!.huashu.runtime.outbound.drain();
    expect(sent).toEqual([
      { touser: "o-adult", msgtype: "text", text: { content: "还有什么可以帮您？" } },
    ]);
    const log = await outLog("o-adult");
    expect(log.find((m) => m.nodeId === "sale")).toMatchObject({ channel: "passive" });
    expect(log.find((m) => m.nodeId === "sale")?.content).toContain("【广告】双十一全场五折");
  });

  it("sends nothing promotional to a follower tagged 未成年 at night, and the flow goes on", async () => {
    expect((await server!.wechat.text("o-kid", "kid")).content).toBe("已记录");
    clock = cn(22, 0);
    // The next message is the passive reply; nothing by customer-service API.
    expect((await server!.wechat.text("o-kid", "sale")).content).toBe("还有什么可以帮您？");
    expect((await server!.wechat.text("o-kid", "later")).content).toBe("好的");
    await server!.huashu.runtime.conversation.idle();
    clock += 120_000; // past the delayed send's minute
    await server!.huashu.runtime.outbound.drain();
    expect(sent).toEqual([]);
    const log = await outLog("o-kid");
    expect(log.map((m) => m.nodeId)).toEqual(["noted", "after", "ok"]);
    expect(log.some((m) => m.content.includes("广告"))).toBe(false);
    expect(logged.filter((m) => m.includes("promotional content not sent"))).toEqual([
      "promo/sale: promotional content not sent to o-kid, tagged 未成年, at night (夜间不向未成年粉丝发送推广内容，已跳过)",
      "promo/later: promotional content not sent to o-kid, tagged 未成年, at night (夜间不向未成年粉丝发送推广内容，已跳过)",
    ]);
    // Not even a delayed send waits in the queue.
    expect(await server!.store.health(clock + 86_400_000)).toMatchObject({ outboundPending: 0 });
  });

  it("sends it to the same follower from 6:00", async () => {
    expect((await server!.wechat.text("o-kid", "kid")).content).toBe("已记录");
    clock = cn(5, 59);
    expect((await server!.wechat.text("o-kid", "sale")).content).toBe("还有什么可以帮您？");
    clock = cn(6, 0);
    expect((await server!.wechat.text("o-kid", "sale")).content).toBe("【广告】双十一全场五折");
  });
});
