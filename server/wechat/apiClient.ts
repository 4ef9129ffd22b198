// Outbound WeChat API calls behind one access_token holder: cached, shared, refreshed once on rejection.
import { WechatApiError } from "./apiError";
import type { CustomMessageBody } from "./customMessage";

/** Errcodes meaning "this token is no good": refresh once and retry. */
const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
/** Refresh this long before WeChat's expiry, so a token never dies mid-call. */
const EARLY_REFRESH_SECONDS = 200;

export interface WechatApiClientOptions {
  appId: string;
  appSecret: string;
  apiBase?: string;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** Per request; WeChat normally answers in well under a second. */
  timeoutMs?: number;
  /**
   * Use POST /cgi-bin/stable_token, which does not invalidate tokens other tools hold for the same
   * AppID (a second tool calling /cgi-bin/token logs ours out after the overlap).
   */
  useStableToken?: boolean;
}

export interface WechatApiResult {
  errcode: number;
  errmsg: string;
  [key: string]: unknown;
}

export interface TemplateMessageBody {
  touser: string;
  template_id: string;
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  client_msg_id?: string;
  data: Record<string, { value: string; color?: string }>;
}

export interface MenuButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  media_id?: string;
  article_id?: string;
  appid?: string;
  pagepath?: string;
  sub_button?: MenuButton[];
}

export interface WechatMenu {
  button: MenuButton[];
}

export interface WechatApiClient {
  /** The current access_token, fetched when missing or about to expire. */
  getAccessToken(): Promise<string>;
  /** Forget the cached token (when it is the one given, or unconditionally). */
  invalidateAccessToken(token?: string): void;
  sendCustomMessage(body: CustomMessageBody | Record<string, unknown>): Promise<WechatApiResult>;
  typing(openid: string, on: boolean): Promise<WechatApiResult>;
  sendTemplate(body: TemplateMessageBody): Promise<WechatApiResult & { msgid: number }>;
  createMenu(menu: WechatMenu): Promise<WechatApiResult>;
  /** Any other token-authenticated POST, e.g. `/cgi-bin/user/info/updateremark`. */
  post(path: string, body: unknown): Promise<WechatApiResult>;
}

interface CachedToken {
  token: string;
  refreshAt: number;
  /** When WeChat stops accepting it; until then it stands in for a refresh that failed. */
  expiresAt: number;
}

export function createWechatApiClient(options: WechatApiClientOptions): WechatApiClient {
  const apiBase = (options.apiBase ?? "https://api.weixin.qq.com").replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let cached: CachedToken | null = null;
  let inFlight: Promise<string> | null = null;

  async function request(
    path: string,
    init: RequestInit,
    url: string,
  ): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new WechatApiError({ path, kind: "network", errmsg: message, cause: error });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw new WechatApiError({
        path,
        kind: "http",
        httpStatus: response.status,
        errmsg: text.slice(0, 200) || response.statusText,
      });
    }
    try {
      return (await response.json()) as Record<string, unknown>;
    } catch (error) {
      // A 200 with a broken body is WeChat's gateway misbehaving, not our request.
      throw new WechatApiError({
        path,
        kind: "http",
        httpStatus: 502,
        errmsg: "The response is not JSON",
        cause: error,
      });
    }
  }

  function failure(path: string, json: Record<string, unknown>): WechatApiError | null {
    const errcode = typeof json.errcode === "number" ? json.errcode : 0;
    if (errcode === 0) return null;
    return new WechatApiError({ path, kind: "api", errcode, errmsg: String(json.errmsg ?? "") });
  }

  async function requestToken(forceRefresh: boolean): Promise<[string, Record<string, unknown>]> {
    if (options.useStableToken) {
      const path = "/cgi-bin/stable_token";
      const body = {
        grant_type: "client_credential",
        appid: options.appId,
        secret: options.appSecret,
        ...(forceRefresh ? { force_refresh: true } : {}),
      };
      const init = {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      };
      return [path, await request(path, init, `${apiBase}${path}`)];
    }
    const path = "/cgi-bin/token";
    const query = new URLSearchParams({
      grant_type: "client_credential",
      appid: options.appId,
      secret: options.appSecret,
    });
    return [path, await request(path, { method: "GET" }, `${apiBase}${path}?${query}`)];
  }

  /** True after WeChat rejected a token, so the stable endpoint hands out a new one. */
  let forceNext = false;

  async function fetchToken(): Promise<string> {
    const force = forceNext;
    forceNext = false;
    const [path, json] = await requestToken(force);
    const error = failure(path, json);
    if (error) throw error;
    const token = json.access_token;
    const expiresIn = Number(json.expires_in);
    if (typeof token !== "string" || !token || !Number.isFinite(expiresIn)) {
      throw new WechatApiError({
        path,
        kind: "api",
        errcode: -1,
        errmsg: "No access_token in the answer",
      });
    }
    const lifetime =
      expiresIn > EARLY_REFRESH_SECONDS * 2 ? expiresIn - EARLY_REFRESH_SECONDS : expiresIn / 2;
    cached = { token, refreshAt: now() + lifetime * 1000, expiresAt: now() + expiresIn * 1000 };
    return token;
  }

  function getAccessToken(): Promise<string> {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
    // Every concurrent caller waits on the same fetch: a second fetch would invalidate the first token.
    if (!inFlight) {
      inFlight = fetchToken().finally(() => {
        inFlight = null;
      });
    }
    const current = cached;
    if (!current) return inFlight;
    // Refreshing early: if the refresh fails, the token in hand still works until it expires
    // (unless WeChat rejected it meanwhile, which forgets it).
    return inFlight.catch((error: unknown) => {
      if (cached === current && now() < current.expiresAt) return current.token;
      throw error;
    });
  }

  function invalidateAccessToken(token?: string): void {
    if (!token || cached?.token === token) {
      cached = null;
      forceNext = true;
    }
  }

  async function post(path: string, body: unknown): Promise<WechatApiResult> {
    for (let attempt = 0; ; attempt++) {
      const token = await getAccessToken();
      const url = `${apiBase}${path}?access_token=${encodeURIComponent(token)}`;
      const json = await request(
        path,
        {
          method: "POST",
          headers: { "Content-Type": "application/json; charset=utf-8" },
          // Unescaped UTF-8: WeChat shows \uXXXX escapes literally in some message types.
          body: JSON.stringify(body),
        },
        url,
      );
      const error = failure(path, json);
      if (!error) return { errcode: 0, errmsg: "ok", ...json } as WechatApiResult;
      if (attempt === 0 && error.errcode !== null && TOKEN_REJECTED.has(error.errcode)) {
        invalidateAccessToken(token);
        continue;
      }
      throw error;
    }
  }

  return {
    getAccessToken,
    invalidateAccessToken,
    post,
    sendCustomMessage: (body) => post("/cgi-bin/message/custom/send", body),
    typing: (openid, on) =>
      post("/cgi-bin/message/custom/typing", {
        touser: openid,
        command: on ? "Typing" : "CancelTyping",
      }),
    sendTemplate: (body) =>
      post("/cgi-bin/message/template/send", body) as Promise<WechatApiResult & { msgid: number }>,
    createMenu: (menu) => post("/cgi-bin/menu/create", menu),
  };
}
