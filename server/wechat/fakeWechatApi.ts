// A fake api.weixin.qq.com on 127.0.0.1 for tests and `npm run wechat-sim`: tokens, customer-service
// window and quota, templates, menus, injected failures, and a record of every call.
import { randomBytes } from "node:crypto";
import { serve } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { FollowerWindows } from "./fakeFollowerWindow";
import { type ApiFailure, validateMenu } from "./fakeMenuRules";

export interface FakeWechatApiOptions {
  appId?: string;
  appSecret?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The fake's clock before any `advance`; defaults to Date.now. */
  now?: () => number;
  tokenTtlSeconds?: number;
  /** How long a replaced token keeps working (WeChat: about 5 minutes). */
  tokenOverlapMs?: number;
}

export interface ReceivedCall {
  path: string;
  /** Parsed JSON body (null for GET or an unreadable body). */
  body: unknown;
  /** The fake clock, Unix ms. */
  at: number;
  /** What the fake answered: 0 on success, WeChat's errcode, or 500 for an injected HTTP failure. */
  errcode: number;
}

export type InjectedFailure = number | "http500";

export interface FakeWechatApi {
  url: string;
  port: number;
  appId: string;
  appSecret: string;
  app: Hono<{ Variables: { body: unknown } }>;
  close(): Promise<void>;
  /** Every call in order, injected failures included. */
  received(): ReceivedCall[];
  /** Customer-service messages accepted (optionally for one follower). */
  delivered(openid?: string): Array<Record<string, unknown>>;
  clearReceived(): void;
  /** The next `times` calls to `path` fail with this errcode (or HTTP 500). */
  failNext(path: string, failure: InjectedFailure, times?: number): void;
  /** The next call to `path` is answered only after `ms` of real time (to test deadlines and timeouts). */
  delayNext(path: string, ms: number): void;
  recordFollowerMessage(openid: string, atMs?: number): void;
  recordFollowerEvent(openid: string, atMs?: number): void;
  unfollow(openid: string): void;
  now(): number;
  advance(ms: number): void;
  /** Every token issued so far expires now (42001). */
  expireTokens(): void;
  /** Every token issued so far stops working now (40001), as after a fetch elsewhere. */
  invalidateTokens(): void;
  tokensIssued(): number;
  /** The last menu created, or null. */
  menu(): unknown;
}

interface IssuedToken {
  expiresAt: number;
  retireAt?: number;
  stable: boolean;
}

const ok = { errcode: 0, errmsg: "ok" };
const CUSTOM_TYPES = new Set([
  "text",
  "image",
  "voice",
  "video",
  "music",
  "news",
  "mpnews",
  "mpnewsarticle",
  "msgmenu",
  "wxcard",
  "miniprogrampage",
]);

export function startFakeWechatApi(options: FakeWechatApiOptions = {}): Promise<FakeWechatApi> {
  const appId = options.appId ?? "wxfake0000000001";
  const appSecret = options.appSecret ?? "fake-app-secret";
  const baseNow = options.now ?? Date.now;
  const ttlMs = (options.tokenTtlSeconds ?? 7200) * 1000;
  const overlapMs = options.tokenOverlapMs ?? 5 * 60 * 1000;
  let offset = 0;
  const now = () => baseNow() + offset;

  const tokens = new Map<string, IssuedToken>();
  let tokenCount = 0;
  let stableToken: string | undefined;
  let msgId = 1000;
  let lastMenu: unknown = null;
  let calls: ReceivedCall[] = [];
  const failures = new Map<string, InjectedFailure[]>();
  const delays = new Map<string, number[]>();
  const windows = new FollowerWindows();

  function issue(stable: boolean): string {
    tokenCount++;
    const token = `FAKE_${stable ? "STABLE_" : ""}TOKEN_${tokenCount}_${randomBytes(6).toString("hex")}`;
    // A new token retires the previous ones of its kind after a short overlap, as WeChat does.
    for (const issued of tokens.values()) {
      if (issued.stable === stable && issued.retireAt === undefined)
        issued.retireAt = now() + overlapMs;
    }
    tokens.set(token, { expiresAt: now() + ttlMs, stable });
    return token;
  }

  function tokenProblem(token: string | undefined): ApiFailure | null {
    if (!token) return { errcode: 41001, errmsg: "access_token missing" };
    const issued = tokens.get(token);
    if (!issued)
      return {
        errcode: 40001,
        errmsg: "invalid credential, access_token is invalid or not latest",
      };
    if (issued.retireAt !== undefined && now() >= issued.retireAt) {
      return {
        errcode: 40001,
        errmsg: "invalid credential, access_token is invalid or not latest",
      };
    }
    if (now() >= issued.expiresAt) return { errcode: 42001, errmsg: "access_token expired" };
    return null;
  }

  function credentialProblem(id: unknown, secret: unknown): ApiFailure | null {
    if (id !== appId) return { errcode: 40013, errmsg: "invalid appid" };
    if (secret !== appSecret) return { errcode: 40125, errmsg: "invalid appsecret" };
    return null;
  }

  type Env = { Variables: { body: unknown } };
  const app = new Hono<Env>();

  // Injected failures, then the record of the call with what was answered.
  app.use("*", async (c, next) => {
    const path = c.req.path;
    const raw = c.req.method === "POST" ? await c.req.text() : "";
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    c.set("body", body);
    const call: ReceivedCall = { path, body, at: now(), errcode: 0 };
    calls.push(call);
    const delay = delays.get(path)?.shift();
    if (delay !== undefined) await new Promise((wake) => setTimeout(wake, delay));
    const queued = failures.get(path);
    const injected = queued?.shift();
    if (injected !== undefined) {
      if (injected === "http500") {
        call.errcode = 500;
        return c.text("Internal Server Error", 500);
      }
      call.errcode = injected;
      return c.json({ errcode: injected, errmsg: `injected failure ${injected}` });
    }
    if (c.req.method === "POST" && raw && body === null) {
      call.errcode = 47001;
      return c.json({ errcode: 47001, errmsg: "data format error" });
    }
    await next();
    try {
      const answer = (await c.res.clone().json()) as { errcode?: number };
      call.errcode = answer.errcode ?? 0;
    } catch {
      call.errcode = c.res.status;
    }
  });

  const bodyOf = (c: Context<Env>) => (c.get("body") ?? {}) as Record<string, unknown>;
  const authed = (
    c: Context<Env>,
    handle: (body: Record<string, unknown>) => Response | Promise<Response>,
  ) => {
    const problem = tokenProblem(c.req.query("access_token"));
    if (problem) return c.json(problem);
    return handle(bodyOf(c));
  };

  app.get("/cgi-bin/token", (c) => {
    if (c.req.query("grant_type") !== "client_credential") {
      return c.json({ errcode: 40002, errmsg: "invalid grant_type" });
    }
    const problem = credentialProblem(c.req.query("appid"), c.req.query("secret"));
    if (problem) return c.json(problem);
    return c.json({ access_token: issue(false), expires_in: ttlMs / 1000 });
  });

  app.post("/cgi-bin/stable_token", (c) => {
    const body = bodyOf(c);
    if (body.grant_type !== "client_credential")
      return c.json({ errcode: 40002, errmsg: "invalid grant_type" });
    const problem = credentialProblem(body.appid, body.secret);
    if (problem) return c.json(problem);
    const current = stableToken ? tokens.get(stableToken) : undefined;
    if (!body.force_refresh && stableToken && current && tokenProblem(stableToken) === null) {
      return c.json({
        access_token: stableToken,
        expires_in: Math.floor((current.expiresAt - now()) / 1000),
      });
    }
    stableToken = issue(true);
    return c.json({ access_token: stableToken, expires_in: ttlMs / 1000 });
  });

  app.post("/cgi-bin/message/custom/send", (c) =>
    authed(c, (body) => {
      const touser = body.touser;
      if (typeof touser !== "string" || touser === "")
        return c.json({ errcode: 40003, errmsg: "invalid openid" });
      const msgtype = body.msgtype;
      if (typeof msgtype !== "string" || !CUSTOM_TYPES.has(msgtype)) {
        return c.json({ errcode: 40008, errmsg: "invalid message type" });
      }
      const payload = body[msgtype] as Record<string, unknown> | undefined;
      if (!payload || typeof payload !== "object")
        return c.json({ errcode: 47001, errmsg: "data format error" });
      if (msgtype === "text") {
        const content = payload.content;
        if (typeof content !== "string" || content === "")
          return c.json({ errcode: 44004, errmsg: "empty content" });
        if (Buffer.byteLength(content, "utf8") > 2048)
          return c.json({ errcode: 45002, errmsg: "content size out of limit" });
      }
      if (msgtype === "news") {
        const articles = payload.articles;
        if (!Array.isArray(articles) || articles.length === 0)
          return c.json({ errcode: 47001, errmsg: "data format error" });
        if (articles.length > 1)
          return c.json({ errcode: 45008, errmsg: "article size out of limit" });
      }
      if (
        (msgtype === "image" || msgtype === "voice" || msgtype === "video") &&
        !payload.media_id
      ) {
        return c.json({ errcode: 40007, errmsg: "invalid media_id" });
      }
      const refused = windows.spend(touser, now());
      if (refused) return c.json(refused);
      return c.json(ok);
    }),
  );

  app.post("/cgi-bin/message/custom/typing", (c) =>
    authed(c, (body) => {
      if (typeof body.touser !== "string" || body.touser === "")
        return c.json({ errcode: 40003, errmsg: "invalid openid" });
      if (body.command !== "Typing" && body.command !== "CancelTyping") {
        return c.json({
          errcode: 47001,
          errmsg: "data format error: command must be Typing or CancelTyping",
        });
      }
      return c.json(windows.typingRefusal(body.touser, now()) ?? ok);
    }),
  );

  app.post("/cgi-bin/message/template/send", (c) =>
    authed(c, (body) => {
      if (typeof body.touser !== "string" || body.touser === "")
        return c.json({ errcode: 40003, errmsg: "invalid openid" });
      if (typeof body.template_id !== "string" || body.template_id === "") {
        return c.json({ errcode: 40037, errmsg: "invalid template_id" });
      }
      if (!body.data || typeof body.data !== "object")
        return c.json({ errcode: 47001, errmsg: "data format error" });
      const refused = windows.templateRefusal(body.touser);
      if (refused) return c.json(refused);
      msgId++;
      return c.json({ ...ok, msgid: msgId });
    }),
  );

  app.post("/cgi-bin/menu/create", (c) =>
    authed(c, (body) => {
      const problem = validateMenu(body);
      if (problem) return c.json(problem);
      lastMenu = body;
      return c.json(ok);
    }),
  );

  app.notFound((c) => c.json({ errcode: 40066, errmsg: "invalid url" }, 404));

  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: "127.0.0.1" },
      (info) => {
        const url = `http://127.0.0.1:${info.port}`;
        resolve({
          url,
          port: info.port,
          appId,
          appSecret,
          app,
          close: () =>
            new Promise<void>((done) => {
              // Keep-alive sockets from fetch would hold close() open.
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close(() => done());
            }),
          received: () => calls.map((call) => ({ ...call })),
          delivered: (openid) =>
            calls
              .filter((call) => call.path === "/cgi-bin/message/custom/send" && call.errcode === 0)
              .map((call) => call.body as Record<string, unknown>)
              .filter((body) => openid === undefined || body.touser === openid),
          clearReceived: () => {
            calls = [];
          },
          delayNext: (path, ms) => {
            const queue = delays.get(path) ?? [];
            queue.push(ms);
            delays.set(path, queue);
          },
          failNext: (path, failure, times = 1) => {
            const queue = failures.get(path) ?? [];
            for (let i = 0; i < times; i++) queue.push(failure);
            failures.set(path, queue);
          },
          recordFollowerMessage: (openid, atMs = now()) => windows.recordMessage(openid, atMs),
          recordFollowerEvent: (openid, atMs = now()) => windows.recordEvent(openid, atMs),
          unfollow: (openid) => windows.unfollow(openid),
          now,
          advance: (ms) => {
            offset += ms;
          },
          expireTokens: () => {
            for (const issued of tokens.values())
              issued.expiresAt = Math.min(issued.expiresAt, now());
          },
          invalidateTokens: () => {
            for (const issued of tokens.values()) issued.retireAt = now();
          },
          tokensIssued: () => tokenCount,
          menu: () => lastMenu,
        });
      },
    );
    server.once("error", reject);
  });
}
