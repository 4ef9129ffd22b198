// The API client turns answers into what the editor acts on: 401 → login, 409 → conflict, lost server → toast.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, errorText } from "./ApiError";
import { api, setApiHooks } from "./client";

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setApiHooks({});
});

describe("api client", () => {
  it("sends a save as PUT with the base revision and returns the new revision", async () => {
    const fetch = answer(200, { revision: "abc" });
    vi.stubGlobal("fetch", fetch);
    const flow = { id: "demo" } as never;
    await expect(api.saveFlow(flow, "r1")).resolves.toEqual({ revision: "abc" });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/flows/demo");
    expect(init.method).toBe("PUT");
    expect(JSON.parse(String(init.body))).toEqual({ flow: { id: "demo" }, baseRevision: "r1" });
  });

  it("reports a stale save as a 409 ApiError carrying the current revision", async () => {
    vi.stubGlobal(
      "fetch",
      answer(409, {
        error: {
          code: "stale_revision",
          message: { zh: "已被修改", en: "changed elsewhere" },
          currentRevision: "r9",
        },
      }),
    );
    const error = await api.saveFlow({ id: "demo" } as never, "r1").catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.isStale).toBe(true);
    expect(error.detail.currentRevision).toBe("r9");
    expect(errorText(error, "zh")).toBe("已被修改");
    expect(errorText(error, "en")).toBe("changed elsewhere");
  });

  it("sends the editor to login on 401, but not for a wrong password at /api/login", async () => {
    const onUnauthorized = vi.fn();
    setApiHooks({ onUnauthorized });
    vi.stubGlobal("fetch", answer(401, {}));
    await expect(api.listFlows()).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(api.login("wrong")).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("reads the wait time of a rate-limited login from Retry-After", async () => {
    vi.stubGlobal(
      "fetch",
      answer(429, { error: { code: "rate_limited" } }, { "Retry-After": "42" }),
    );
    await expect(api.login("x")).rejects.toMatchObject({ status: 429, retryAfterSeconds: 42 });
  });

  it("raises a network error through the hook when the server cannot be reached", async () => {
    const onNetworkError = vi.fn();
    setApiHooks({ onNetworkError });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    const error = await api.listFlows().catch((e) => e);
    expect(error.isNetwork).toBe(true);
    expect(onNetworkError).toHaveBeenCalledWith(error);
    expect(errorText(error, "zh")).toContain("无法连接服务器");
  });

  it("keeps the per-node errors of a refused import", async () => {
    vi.stubGlobal(
      "fetch",
      answer(400, {
        error: {
          code: "invalid_flow",
          message: { zh: "无效", en: "invalid" },
          errors: [{ nodeId: "ask", field: "nodes.1.prompt", message: "required" }],
        },
      }),
    );
    const error = await api.importFlow({}).catch((e) => e);
    expect(error.flowErrors).toEqual([
      { nodeId: "ask", field: "nodes.1.prompt", message: "required" },
    ]);
  });

  it("asks for a flow's funnel with the period and, when chosen, the version", async () => {
    const body = {
      flowId: "course",
      from: "2026-11-18",
      to: "2026-11-24",
      days: 7,
      version: 3,
      versions: [{ version: 3, runs: 120 }],
      runs: 120,
      nodes: {
        "ask-need": {
          reached: 120,
          inProgress: 3,
          completed: 0,
          dropped: 40,
          handedOff: 0,
          errors: 0,
        },
      },
      since: 1763942400000,
      through: null,
    };
    const fetch = answer(200, body);
    vi.stubGlobal("fetch", fetch);
    await expect(api.funnel("course", { days: 7, version: 3 })).resolves.toEqual(body);
    await api.funnel("a b", { days: 30, version: null });
    const urls = fetch.mock.calls.map((call) => (call as unknown as [string])[0]);
    expect(urls).toEqual([
      "/api/flows/course/funnel?days=7&version=3",
      "/api/flows/a%20b/funnel?days=30",
    ]);
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe("GET");
  });

  it("asks for only the runs through one node, and reads which node the answer is about", async () => {
    const body = {
      flowId: "course",
      from: "2026-11-24",
      to: "2026-11-24",
      days: 1,
      version: null,
      versions: [{ version: 3, runs: 2 }],
      runs: 2,
      nodes: {
        "variant-a": {
          reached: 2,
          inProgress: 0,
          completed: 1,
          dropped: 0,
          handedOff: 0,
          errors: 0,
        },
      },
      since: 1763942400000,
      through: "variant-a",
    };
    const fetch = answer(200, body);
    vi.stubGlobal("fetch", fetch);
    const funnel = await api.funnel("course", { days: 1, version: null, through: "variant-a" });
    expect(funnel.through).toBe("variant-a");
    await api.funnel("course", { days: 7, version: 3, through: "a b&c" });
    await api.funnel("course", { days: 7, version: null, through: null });
    const urls = fetch.mock.calls.map((call) => (call as unknown as [string])[0]);
    expect(urls).toEqual([
      "/api/flows/course/funnel?days=1&through=variant-a",
      "/api/flows/course/funnel?days=7&version=3&through=a+b%26c",
      "/api/flows/course/funnel?days=7",
    ]);
  });

  it("carries the funnel's refusal of a bad parameter in both languages", async () => {
    vi.stubGlobal(
      "fetch",
      answer(400, {
        error: {
          code: "bad_request",
          message: { zh: "days 须为 1 到 365 的整数", en: "days must be a whole number 1–365" },
        },
      }),
    );
    const error = await api.funnel("course", { days: 0, version: null }).catch((e) => e);
    expect(error).toMatchObject({ status: 400, code: "bad_request" });
    expect(errorText(error, "zh")).toBe("days 须为 1 到 365 的整数");
    expect(errorText(error, "en")).toBe("days must be a whole number 1–365");
  });

  it("leaves WeChat's refusal of a menu publish to the page, with its errcode, but toasts other 5xx", async () => {
    const onNetworkError = vi.fn();
    setApiHooks({ onNetworkError });
    vi.stubGlobal(
      "fetch",
      answer(502, {
        error: {
          code: "wechat_refused",
          errcode: 40016,
          errmsg: "invalid button size",
          message: { zh: "微信拒绝了菜单", en: "WeChat refused the menu" },
        },
      }),
    );
    const error = await api.publishMenu("r1").catch((e) => e);
    expect(error).toMatchObject({ status: 502, code: "wechat_refused" });
    expect(error.detail.errcode).toBe(40016);
    expect(errorText(error, "zh")).toBe("微信拒绝了菜单");
    expect(onNetworkError).not.toHaveBeenCalled();
    await expect(api.getMenu()).rejects.toBeInstanceOf(ApiError);
    expect(onNetworkError).toHaveBeenCalledTimes(1);
  });
});
