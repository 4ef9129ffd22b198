// The segments' "interactions" count the follower's own messages and taps of the last 30 days, and
// the menu's scan, photo and location buttons start flows like clicks.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callbackXml } from "./fakeWechatClient";
import { dayOf, recentInteractions, silentDays, withInteraction } from "./interactions";
import { buildFlow, counterFlow } from "./testFlows";
import { startTestServer, type TestServer, tempDbPath } from "./testServer";

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
// 2026-11-24 00:30 in China is still 2026-11-23 in UTC.
const CHINA_MIDNIGHT = Date.UTC(2026, 10, 23, 16);

describe("interactions per day", () => {
  it("starts a day at midnight in China", () => {
    expect(dayOf(CHINA_MIDNIGHT + 30 * 60 * 1000)).toBe(dayOf(CHINA_MIDNIGHT + 20 * HOUR));
    expect(dayOf(CHINA_MIDNIGHT - 1)).toBe(dayOf(CHINA_MIDNIGHT) - 1);
  });

  it("counts today and the 29 days before it, and drops older days when it adds one", () => {
    const now = CHINA_MIDNIGHT + 10 * HOUR;
    let days = withInteraction([], now - 31 * DAY);
    days = withInteraction(days, now - 29 * DAY);
    days = withInteraction(days, now - 29 * DAY);
    expect(recentInteractions(days, now)).toBe(2);
    days = withInteraction(days, now);
    expect(days).toEqual([
      [dayOf(now - 29 * DAY), 2],
      [dayOf(now), 1],
    ]);
    expect(recentInteractions(days, now)).toBe(3);
    // A day later the two of 29 days before are 30 days old.
    expect(recentInteractions(days, now + DAY)).toBe(1);
  });
});

/** "状态" answers 活跃 when the follower had over 3 interactions in the last 30 days. */
const segmentFlow = buildFlow("segment", {
  triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "状态", global: true }],
  nodes: [
    {
      id: "check",
      kind: "condition",
      branches: [
        {
          id: "active",
          rules: [{ left: { type: "follower", field: "interactions" }, op: "gt", value: "3" }],
        },
      ],
    },
    { id: "yes", kind: "message", messages: [{ type: "text", text: "活跃" }] },
    { id: "no", kind: "message", messages: [{ type: "text", text: "普通" }] },
  ],
  edges: [
    ["check", "active", "yes"],
    ["check", "else", "no"],
  ],
});

/** A flow started by the menu button with key SCAN_COUPON. */
const couponFlow = buildFlow("coupon", {
  triggers: [{ id: "t", type: "event", event: "click", key: "SCAN_COUPON" }],
  nodes: [{ id: "hi", kind: "message", messages: [{ type: "text", text: "请出示优惠码" }] }],
});

let db: ReturnType<typeof tempDbPath>;
let server: TestServer | undefined;
let clock = CHINA_MIDNIGHT + 10 * HOUR;
beforeEach(() => {
  db = tempDbPath();
  clock = CHINA_MIDNIGHT + 10 * HOUR;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  db.cleanup();
});

const start = async () => {
  server = await startTestServer({
    dbPath: db.path,
    flows: [segmentFlow, couponFlow],
    deps: { now: () => clock },
  });
  return server;
};

describe("interactions in a flow's conditions", () => {
  it("counts the follower's messages and taps, not what WeChat or an agent sends, for 30 days", async () => {
    const s = await start();
    const event = (openid: string, fields: Record<string, string>) =>
      s.wechat.post(callbackXml(openid, "event", fields));

    await s.wechat.text("o-seg", "你好");
    await event("o-seg", { Event: "CLICK", EventKey: "MENU_X" });
    await event("o-seg", { Event: "VIEW", EventKey: "https://example.com" });
    // Not the follower's doing: a location report, a template message's result, an agent.
    await event("o-seg", {
      Event: "LOCATION",
      Latitude: "23.1",
      Longitude: "113.3",
      Precision: "100",
    });
    await event("o-seg", { Event: "TEMPLATESENDJOBFINISH", MsgID: "1", Status: "success" });
    await event("o-seg", { Event: "kf_create_session", KfAccount: "kf1@gh" });
    // Three so far: not over 3.
    expect((await s.wechat.text("o-seg", "状态")).content).toBe("普通");
    // That was the fourth.
    expect((await s.wechat.text("o-seg", "状态")).content).toBe("活跃");
    expect((await s.store.getFollower("o-seg"))?.messagesIn).toBe(8);

    // Across a restart, and a day later, still counted.
    await s.close();
    server = undefined;
    clock += DAY;
    const again = await start();
    expect((await again.wechat.text("o-seg", "状态")).content).toBe("活跃");
    // 30 days after the first five, only the last one counts.
    clock += 29 * DAY;
    expect((await again.wechat.text("o-seg", "状态")).content).toBe("普通");
    const stored = await again.store.getFollower("o-seg");
    expect(stored?.interactionDays).toEqual([
      [dayOf(CHINA_MIDNIGHT + 10 * HOUR + DAY), 1],
      [dayOf(clock), 1],
    ]);
  });
});

describe("days silent in a flow's conditions", () => {
  /** "hi" answers 好久不见 to a follower silent for 90 days or more. */
  const welcomeFlow = buildFlow("welcome", {
    triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "hi", global: true }],
    nodes: [
      {
        id: "check",
        kind: "condition",
        branches: [
          {
            id: "dormant",
            rules: [{ left: { type: "follower", field: "silentDays" }, op: "gte", value: "90" }],
          },
        ],
      },
      { id: "back", kind: "message", messages: [{ type: "text", text: "好久不见" }] },
      { id: "hello", kind: "message", messages: [{ type: "text", text: "你好" }] },
    ],
    edges: [
      ["check", "dormant", "back"],
      ["check", "else", "hello"],
    ],
  });

  it("counts the days since the follower last wrote, followed, scanned or clicked", async () => {
    server = await startTestServer({
      dbPath: db.path,
      flows: [welcomeFlow],
      deps: { now: () => clock },
    });
    const s = server;
    expect((await s.wechat.text("o-quiet", "hi")).content).toBe("你好");
    clock += 89 * DAY;
    // What WeChat sends on its own does not break the silence, nor end it.
    await s.wechat.post(callbackXml("o-quiet", "event", { Event: "TEMPLATESENDJOBFINISH" }));
    clock += DAY;
    expect((await s.wechat.text("o-quiet", "hi")).content).toBe("好久不见");
    expect((await s.wechat.text("o-quiet", "hi")).content).toBe("你好");
    // A menu click 100 days on ends a silence as a message does.
    clock += 100 * DAY;
    await s.wechat.event("o-quiet", "CLICK", "MENU_X");
    expect((await s.wechat.text("o-quiet", "hi")).content).toBe("你好");
    // So does opening a menu link, though it opens no window: 60 days after it, and 150 after the
    // last message, the follower has been silent 60 days, not 150.
    clock += 90 * DAY;
    await s.wechat.post(
      callbackXml("o-quiet", "event", { Event: "VIEW", EventKey: "https://example.com/shop" }),
    );
    clock += 60 * DAY;
    expect((await s.wechat.text("o-quiet", "hi")).content).toBe("你好");
    expect(await s.store.getFollower("o-quiet")).toMatchObject({ lastActiveAt: clock });
  });

  it("calls a follower silent by calendar days in China, and never one it has not met", () => {
    const evening = CHINA_MIDNIGHT - HOUR;
    expect(silentDays(evening, CHINA_MIDNIGHT + HOUR)).toBe(1);
    expect(silentDays(evening, CHINA_MIDNIGHT - 1)).toBe(0);
    expect(silentDays(evening - 5 * DAY, CHINA_MIDNIGHT)).toBe(6);
    expect(silentDays(null, CHINA_MIDNIGHT)).toBe(0);
  });
});

describe("menu buttons that scan, take photos or pick a place", () => {
  it("start the flow of their key; a scan button opens the 1-minute window, a photo button none", async () => {
    const s = await start();
    const scan = await s.wechat.post(
      callbackXml("o-scan", "event", {
        Event: "scancode_waitmsg",
        EventKey: "SCAN_COUPON",
        ScanCodeInfo: "",
      }),
    );
    expect(scan.content).toBe("请出示优惠码");
    expect(await s.store.getFollower("o-scan")).toMatchObject({
      lastEventAt: clock,
      lastMessageAt: null,
      interactionDays: [[dayOf(clock), 1]],
    });

    const photo = await s.wechat.post(
      callbackXml("o-photo", "event", { Event: "pic_weixin", EventKey: "SCAN_COUPON" }),
    );
    expect(photo.content).toBe("请出示优惠码");
    expect(await s.store.getFollower("o-photo")).toMatchObject({
      lastEventAt: null,
      interactionDays: [[dayOf(clock), 1]],
    });

    // A key no flow starts on: nothing to say, and the conversation stays as it was.
    const other = await s.wechat.post(
      callbackXml("o-scan", "event", { Event: "location_select", EventKey: "NOBODY" }),
    );
    expect(other.xml).toBe("success");
  });
});

describe("a follower's counters", () => {
  it("stay as they were for a follower who never interacted", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    await server.wechat.post(callbackXml("o-tpl", "event", { Event: "TEMPLATESENDJOBFINISH" }));
    expect((await server.store.getFollower("o-tpl"))?.interactionDays).toEqual([]);
  });
});
