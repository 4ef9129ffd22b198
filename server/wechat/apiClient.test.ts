import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWechatApiClient } from "./apiClient";
import { explainErrcode, WechatApiError } from "./apiError";
import { type FakeWechatApi, startFakeWechatApi } from "./fakeWechatApi";

let fake: FakeWechatApi;

beforeAll(async () => {
  fake = await startFakeWechatApi({
    appId: "wxclienttest00001",
    appSecret: "s3cret",
    now: () => 1_700_000_000_000,
  });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.clearReceived();
});

/** A client whose clock is the fake's, so token expiry is tested without waiting. */
function client(overrides: Partial<Parameters<typeof createWechatApiClient>[0]> = {}) {
  return createWechatApiClient({
    appId: fake.appId,
    appSecret: fake.appSecret,
    apiBase: fake.url,
    now: fake.now,
    ...overrides,
  });
}

const tokenFetches = () => fake.received().filter((call) => call.path === "/cgi-bin/token").length;

async function rejection(promise: Promise<unknown>): Promise<WechatApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WechatApiError);
    return error as WechatApiError;
  }
  throw new Error("expected a WechatApiError");
}

describe("access_token holder", () => {
  it("fetches once and shares the fetch among concurrent callers", async () => {
    const api = client();
    fake.recordFollowerMessage("oShare");
    const results = await Promise.all([
      api.sendCustomMessage({ touser: "oShare", msgtype: "text", text: { content: "1" } }),
      api.sendCustomMessage({ touser: "oShare", msgtype: "text", text: { content: "2" } }),
      api.typing("oShare", true),
      api.getAccessToken(),
    ]);
    expect(results[0]).toMatchObject({ errcode: 0 });
    expect(tokenFetches()).toBe(1);
    expect(fake.delivered("oShare")).toHaveLength(2);
  });

  it("reuses the token until 200 s before expiry, then fetches a new one", async () => {
    const api = client();
    const first = await api.getAccessToken();
    fake.advance((7200 - 201) * 1000);
    expect(await api.getAccessToken()).toBe(first);
    fake.advance(2000);
    const second = await api.getAccessToken();
    expect(second).not.toBe(first);
    expect(tokenFetches()).toBe(2);
  });

  it.each([
    ["expired (42001)", () => fake.expireTokens()],
    ["invalidated (40001)", () => fake.invalidateTokens()],
  ])("refreshes once and retries when the token was %s", async (_label, spoil) => {
    const api = client();
    fake.recordFollowerMessage("oRetry");
    await api.getAccessToken();
    spoil();
    const result = await api.sendCustomMessage({
      touser: "oRetry",
      msgtype: "text",
      text: { content: "hi" },
    });
    expect(result.errcode).toBe(0);
    const sends = fake.received().filter((c) => c.path === "/cgi-bin/message/custom/send");
    expect(sends.map((c) => c.errcode)).toEqual([expect.any(Number), 0]);
    expect([40001, 42001]).toContain(sends[0]!.errcode);
    expect(tokenFetches()).toBe(2);
  });

  it("retries only once when the fresh token is rejected too", async () => {
    const api = client();
    fake.failNext("/cgi-bin/message/custom/send", 40014, 2);
    const error = await rejection(
      api.sendCustomMessage({ touser: "o", msgtype: "text", text: { content: "x" } }),
    );
    expect(error.errcode).toBe(40014);
    expect(fake.received().filter((c) => c.path === "/cgi-bin/message/custom/send")).toHaveLength(
      2,
    );
  });

  it("explains a wrong AppSecret and a wrong AppID", async () => {
    const badSecret = await rejection(client({ appSecret: "nope" }).getAccessToken());
    expect(badSecret).toMatchObject({ errcode: 40125, transient: false, path: "/cgi-bin/token" });
    expect(badSecret.explanation?.en).toContain("WECHAT_APP_SECRET");
    const badId = await rejection(client({ appId: "wxwrong" }).getAccessToken());
    expect(badId.errcode).toBe(40013);
    expect(badId.message).toContain("WECHAT_APP_ID");
  });

  it("keeps sending with the current token when an early refresh fails, until it expires", async () => {
    const api = client();
    fake.recordFollowerMessage("oEarly");
    const first = await api.getAccessToken();
    // 100 s before expiry: time to refresh, but the token still works.
    fake.advance((7200 - 100) * 1000);
    fake.failNext("/cgi-bin/token", "http500");
    const sent = await api.sendCustomMessage({
      touser: "oEarly",
      msgtype: "text",
      text: { content: "still on time" },
    });
    expect(sent.errcode).toBe(0);
    expect(fake.delivered("oEarly")).toEqual([
      { touser: "oEarly", msgtype: "text", text: { content: "still on time" } },
    ]);
    // The next call refreshes.
    expect(await api.getAccessToken()).not.toBe(first);
    expect(tokenFetches()).toBe(3);

    // Once the token has expired, a failed refresh is the caller's failure.
    fake.advance(7200 * 1000);
    fake.failNext("/cgi-bin/token", "http500");
    const error = await rejection(api.getAccessToken());
    expect(error).toMatchObject({ kind: "http", httpStatus: 500, transient: true });
  });

  it("lets the next call try again after a failed token fetch", async () => {
    const api = client();
    fake.failNext("/cgi-bin/token", "http500");
    const error = await rejection(api.getAccessToken());
    expect(error).toMatchObject({ kind: "http", httpStatus: 500, transient: true, errcode: null });
    expect(typeof (await api.getAccessToken())).toBe("string");
  });
});

describe("stable_token", () => {
  it("uses /cgi-bin/stable_token and forces a refresh only after a rejection", async () => {
    const api = client({ useStableToken: true });
    fake.recordFollowerMessage("oStable");
    const first = await api.getAccessToken();
    fake.invalidateTokens();
    await api.sendCustomMessage({ touser: "oStable", msgtype: "text", text: { content: "x" } });
    expect(await api.getAccessToken()).not.toBe(first);
    const tokenCalls = fake.received().filter((c) => c.path === "/cgi-bin/stable_token");
    expect(tokenCalls.map((c) => (c.body as { force_refresh?: boolean }).force_refresh)).toEqual([
      undefined,
      true,
    ]);
    expect(tokenFetches()).toBe(0);
  });
});

describe("calls", () => {
  it("sends typing, template and menu in WeChat's shapes", async () => {
    const api = client();
    fake.recordFollowerMessage("oCalls");
    await api.typing("oCalls", true);
    await api.typing("oCalls", false);
    const template = await api.sendTemplate({
      touser: "oCalls",
      template_id: "TPL",
      data: { first: { value: "您好" } },
    });
    expect(template.msgid).toEqual(expect.any(Number));
    const menu = { button: [{ type: "click", name: "价格", key: "PRICE" }] };
    await api.createMenu(menu);
    expect(fake.menu()).toEqual(menu);
    const bodies = fake.received().map((c) => [c.path, c.body]);
    expect(bodies).toContainEqual([
      "/cgi-bin/message/custom/typing",
      { touser: "oCalls", command: "Typing" },
    ]);
    expect(bodies).toContainEqual([
      "/cgi-bin/message/custom/typing",
      { touser: "oCalls", command: "CancelTyping" },
    ]);
  });

  it("sends Chinese text as UTF-8 that arrives intact", async () => {
    const api = client();
    fake.recordFollowerMessage("oUtf8");
    await api.sendCustomMessage({ touser: "oUtf8", msgtype: "text", text: { content: "你好 😀" } });
    expect(fake.delivered("oUtf8")[0]).toEqual({
      touser: "oUtf8",
      msgtype: "text",
      text: { content: "你好 😀" },
    });
  });
});

describe("errors", () => {
  const text = (touser: string) => ({ touser, msgtype: "text", text: { content: "hi" } });

  it("reports 45015 outside the 48-hour window with an explanation", async () => {
    const api = client();
    const error = await rejection(api.sendCustomMessage(text("oNeverWrote")));
    expect(error).toMatchObject({ errcode: 45015, kind: "api", transient: false });
    expect(error.explanation?.zh).toContain("48");
    expect(error.message).toContain("48-hour");
  });

  it("reports 45047 once the quota is used up", async () => {
    const api = client();
    fake.recordFollowerMessage("oQuota");
    for (let i = 0; i < 5; i++) await api.sendCustomMessage(text("oQuota"));
    const error = await rejection(api.sendCustomMessage(text("oQuota")));
    expect(error.errcode).toBe(45047);
    expect(error.explanation?.en).toContain("quota");
  });

  it.each([
    [-1, true],
    [45009, true],
    [45011, true],
    [40003, false],
    [43004, false],
    [45002, false],
    [48001, false],
  ])("marks errcode %i transient=%s and explains it", async (errcode, transient) => {
    const api = client();
    fake.failNext("/cgi-bin/message/custom/send", errcode);
    const error = await rejection(api.sendCustomMessage(text("oAny")));
    expect(error).toMatchObject({ errcode, transient });
    expect(error.explanation).toBeDefined();
    expect(explainErrcode(errcode)).toEqual(error.explanation);
  });

  it("marks an HTTP 500 transient", async () => {
    const api = client();
    await api.getAccessToken();
    fake.failNext("/cgi-bin/message/custom/send", "http500");
    const error = await rejection(api.sendCustomMessage(text("oAny")));
    expect(error).toMatchObject({ kind: "http", httpStatus: 500, transient: true, errcode: null });
  });

  it("marks a refused connection transient", async () => {
    const closed = await startFakeWechatApi();
    const url = closed.url;
    await closed.close();
    const api = createWechatApiClient({ appId: "a", appSecret: "b", apiBase: url });
    const error = await rejection(api.getAccessToken());
    expect(error).toMatchObject({ kind: "network", transient: true, errcode: null });
  });

  it("marks a timeout transient", async () => {
    const hanging = (() => new Promise<Response>(() => {})) as unknown as typeof fetch;
    const slowFetch: typeof fetch = (input, init) =>
      new Promise((_, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        void hanging(input, init);
      });
    const api = createWechatApiClient({
      appId: "a",
      appSecret: "b",
      fetch: slowFetch,
      timeoutMs: 20,
    });
    const error = await rejection(api.getAccessToken());
    expect(error).toMatchObject({ kind: "network", transient: true });
  });

  it("gives up on a slow answer from the server after timeoutMs", async () => {
    const api = client({ timeoutMs: 50 });
    fake.delayNext("/cgi-bin/token", 500);
    const error = await rejection(api.getAccessToken());
    expect(error).toMatchObject({ kind: "network", transient: true, path: "/cgi-bin/token" });
  });

  it("treats a 200 that is not JSON as a transient HTTP failure", async () => {
    const fetchHtml: typeof fetch = async () =>
      new Response("<html>gateway</html>", { status: 200 });
    const error = await rejection(
      createWechatApiClient({ appId: "a", appSecret: "b", fetch: fetchHtml }).getAccessToken(),
    );
    expect(error).toMatchObject({ kind: "http", transient: true });
  });
});
