import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeWechatApi, startFakeWechatApi } from "./fakeWechatApi";

let fake: FakeWechatApi;

beforeAll(async () => {
  fake = await startFakeWechatApi({
    appId: "wxfaketest000001",
    appSecret: "sec",
    now: () => 1_800_000_000_000,
  });
});
afterAll(async () => {
  await fake.close();
});

async function getJson(path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${fake.url}${path}`)).json()) as Record<string, unknown>;
}

async function postJson(
  path: string,
  body: unknown,
  raw?: string,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${fake.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function token(): Promise<string> {
  const json = await getJson(
    `/cgi-bin/token?grant_type=client_credential&appid=${fake.appId}&secret=${fake.appSecret}`,
  );
  return json.access_token as string;
}

const send = (t: string, touser: string, content = "hi") =>
  postJson(`/cgi-bin/message/custom/send?access_token=${t}`, {
    touser,
    msgtype: "text",
    text: { content },
  });

describe("tokens", () => {
  it("issues a token for the right credentials and refuses wrong ones", async () => {
    const ok = await getJson(
      `/cgi-bin/token?grant_type=client_credential&appid=${fake.appId}&secret=${fake.appSecret}`,
    );
    expect(ok).toMatchObject({ access_token: expect.any(String), expires_in: 7200 });
    expect(
      await getJson(`/cgi-bin/token?grant_type=client_credential&appid=wx0&secret=sec`),
    ).toMatchObject({
      errcode: 40013,
    });
    expect(
      await getJson(`/cgi-bin/token?grant_type=client_credential&appid=${fake.appId}&secret=bad`),
    ).toMatchObject({ errcode: 40125 });
  });

  it("keeps an old token working during the overlap, then answers 40001", async () => {
    const old = await token();
    fake.recordFollowerMessage("oOverlap");
    await token();
    expect(await send(old, "oOverlap")).toMatchObject({ errcode: 0 });
    fake.advance(5 * 60 * 1000);
    expect(await send(old, "oOverlap")).toMatchObject({ errcode: 40001 });
  });

  it("answers 42001 after expiry, 41001 without a token, 40001 for an unknown one", async () => {
    const t = await token();
    fake.recordFollowerMessage("oExp");
    fake.advance(7200 * 1000);
    expect(await send(t, "oExp")).toMatchObject({ errcode: 42001 });
    expect(await postJson("/cgi-bin/message/custom/send", { touser: "o" })).toMatchObject({
      errcode: 41001,
    });
    expect(await send("made-up", "oExp")).toMatchObject({ errcode: 40001 });
  });

  it("forces expiry and invalidation on demand", async () => {
    const a = await token();
    fake.recordFollowerMessage("oForce");
    fake.expireTokens();
    expect(await send(a, "oForce")).toMatchObject({ errcode: 42001 });
    const b = await token();
    fake.invalidateTokens();
    expect(await send(b, "oForce")).toMatchObject({ errcode: 40001 });
    expect(await send(await token(), "oForce")).toMatchObject({ errcode: 0 });
  });

  it("returns the same stable token until force_refresh", async () => {
    const body = { grant_type: "client_credential", appid: fake.appId, secret: fake.appSecret };
    const first = await postJson("/cgi-bin/stable_token", body);
    const again = await postJson("/cgi-bin/stable_token", body);
    expect(again.access_token).toBe(first.access_token);
    const forced = await postJson("/cgi-bin/stable_token", { ...body, force_refresh: true });
    expect(forced.access_token).not.toBe(first.access_token);
    expect(await postJson("/cgi-bin/stable_token", { ...body, secret: "x" })).toMatchObject({
      errcode: 40125,
    });
    fake.recordFollowerMessage("oStable");
    expect(await send(forced.access_token as string, "oStable")).toMatchObject({ errcode: 0 });
  });
});

describe("customer-service window and quota", () => {
  it("allows 5 messages within 48 hours of a follower's message", async () => {
    const t = await token();
    fake.recordFollowerMessage("oFive");
    for (let i = 0; i < 5; i++) expect(await send(t, "oFive")).toMatchObject({ errcode: 0 });
    expect(await send(t, "oFive")).toMatchObject({ errcode: 45047 });
    fake.recordFollowerMessage("oFive");
    expect(await send(t, "oFive")).toMatchObject({ errcode: 0 });
  });

  it("closes the window after 48 hours", async () => {
    const t = await token();
    fake.recordFollowerMessage("oLate", fake.now() - 48 * 60 * 60 * 1000 + 1000);
    expect(await send(t, "oLate")).toMatchObject({ errcode: 0 });
    fake.advance(1000);
    expect(await send(await token(), "oLate")).toMatchObject({ errcode: 45015 });
  });

  it("allows 3 messages within a minute of a click, follow or scan", async () => {
    const t = await token();
    fake.recordFollowerEvent("oClick");
    for (let i = 0; i < 3; i++) expect(await send(t, "oClick")).toMatchObject({ errcode: 0 });
    expect(await send(t, "oClick")).toMatchObject({ errcode: 45047 });
    fake.recordFollowerEvent("oClick2");
    fake.advance(60 * 1000);
    expect(await send(await token(), "oClick2")).toMatchObject({ errcode: 45015 });
  });

  it("refuses a follower who never wrote, and one who unfollowed", async () => {
    const t = await token();
    expect(await send(t, "oStranger")).toMatchObject({ errcode: 45015 });
    fake.recordFollowerMessage("oGone");
    fake.unfollow("oGone");
    expect(await send(t, "oGone")).toMatchObject({ errcode: 43004 });
  });

  it("checks the message itself: openid, type, empty and over-long text, news size", async () => {
    const t = await token();
    fake.recordFollowerMessage("oShape");
    const path = `/cgi-bin/message/custom/send?access_token=${t}`;
    expect(await postJson(path, { msgtype: "text", text: { content: "x" } })).toMatchObject({
      errcode: 40003,
    });
    expect(await postJson(path, { touser: "oShape", msgtype: "fax", fax: {} })).toMatchObject({
      errcode: 40008,
    });
    expect(await send(t, "oShape", "")).toMatchObject({ errcode: 44004 });
    expect(await send(t, "oShape", "长".repeat(683))).toMatchObject({ errcode: 45002 });
    const two = [
      { title: "a", url: "u" },
      { title: "b", url: "u" },
    ];
    expect(
      await postJson(path, { touser: "oShape", msgtype: "news", news: { articles: two } }),
    ).toMatchObject({
      errcode: 45008,
    });
    expect(await postJson(path, { touser: "oShape", msgtype: "image", image: {} })).toMatchObject({
      errcode: 40007,
    });
    expect(await postJson(path, null, "{not json")).toMatchObject({ errcode: 47001 });
    expect(fake.delivered("oShape")).toEqual([]);
  });
});

describe("other endpoints", () => {
  it("accepts typing commands within the window and refuses others", async () => {
    const t = await token();
    const path = `/cgi-bin/message/custom/typing?access_token=${t}`;
    expect(await postJson(path, { touser: "oTyping", command: "Typing" })).toMatchObject({
      errcode: 45015,
    });
    fake.recordFollowerMessage("oTyping");
    for (let i = 0; i < 7; i++) {
      // Typing spends nothing: more than the 5 messages the window allows still go through.
      expect(await postJson(path, { touser: "oTyping", command: "Typing" })).toMatchObject({
        errcode: 0,
      });
    }
    expect(await postJson(path, { touser: "oTyping", command: "Dance" })).toMatchObject({
      errcode: 47001,
    });
    fake.unfollow("oTyping");
    expect(await postJson(path, { touser: "oTyping", command: "CancelTyping" })).toMatchObject({
      errcode: 43004,
    });
  });

  it("sends template messages outside the window, but not to a follower who unfollowed", async () => {
    const t = await token();
    const path = `/cgi-bin/message/template/send?access_token=${t}`;
    const message = { touser: "oTemplate", template_id: "T", data: { k: { value: "v" } } };
    expect(await postJson(path, message)).toMatchObject({ errcode: 0 });
    fake.unfollow("oTemplate");
    expect(await postJson(path, message)).toMatchObject({ errcode: 43004 });
  });

  it("answers a template send with a msgid and checks template_id", async () => {
    const t = await token();
    const path = `/cgi-bin/message/template/send?access_token=${t}`;
    const sent = await postJson(path, {
      touser: "o1",
      template_id: "T",
      data: { k: { value: "v" } },
    });
    expect(sent).toMatchObject({ errcode: 0, msgid: expect.any(Number) });
    expect(await postJson(path, { touser: "o1", data: {} })).toMatchObject({ errcode: 40037 });
  });

  it("answers 40066 for an unknown path", async () => {
    expect(await postJson("/cgi-bin/nothing", {})).toMatchObject({ errcode: 40066 });
  });
});

describe("test controls", () => {
  it("records every call with its body, time and answer", async () => {
    fake.clearReceived();
    const t = await token();
    fake.recordFollowerMessage("oRec");
    await send(t, "oRec", "记录");
    const calls = fake.received();
    expect(calls.map((c) => c.path)).toEqual(["/cgi-bin/token", "/cgi-bin/message/custom/send"]);
    expect(calls[1]).toMatchObject({
      body: { touser: "oRec", text: { content: "记录" } },
      at: fake.now(),
      errcode: 0,
    });
  });

  it("injects failures for the next calls to a path only", async () => {
    const t = await token();
    fake.recordFollowerMessage("oFail");
    fake.failNext("/cgi-bin/message/custom/send", 45009);
    fake.failNext("/cgi-bin/message/custom/send", "http500");
    expect(await send(t, "oFail")).toMatchObject({ errcode: 45009 });
    const response = await fetch(`${fake.url}/cgi-bin/message/custom/send?access_token=${t}`, {
      method: "POST",
      body: JSON.stringify({ touser: "oFail", msgtype: "text", text: { content: "x" } }),
    });
    expect(response.status).toBe(500);
    expect(await send(t, "oFail")).toMatchObject({ errcode: 0 });
    expect(fake.delivered("oFail")).toHaveLength(1);
  });
});
