// Builds the HTTP app from its dependencies: routes mounted here, configuration read elsewhere (main.ts).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { createApiRoutes } from "./api";
import type { AdminAuth } from "./auth/adminAuth";
import type { Config } from "./config";
import { healthRoutes } from "./routes/health";
import { wechatRoutes } from "./routes/wechat";
import { createRuntime, type Runtime, type RuntimeOptions } from "./runtime/runtime";
import { consoleLogger, type Logger } from "./runtime/types";
import { serveEditor } from "./static";
import type { Store } from "./store/types";
import type { WechatApiClient } from "./wechat/apiClient";
import { createWechatCrypto } from "./wechat/crypto";

export interface AppDeps extends RuntimeOptions {
  /**
   * The WeChat API client (main.ts builds it when WECHAT_APP_ID and WECHAT_APP_SECRET are set):
   * the runtime sends customer-service messages with it, the admin API publishes the menu.
   */
  api?: RuntimeOptions["api"] & Partial<Pick<WechatApiClient, "createMenu">>;
  store: Store;
  config: Config;
  /** Unix milliseconds; tests pass a controllable clock. */
  now?: () => number;
  logger?: Logger;
  /** Admin login; without it the admin API (/api) is not mounted. */
  adminAuth?: AdminAuth;
}

export interface HuashuApp {
  app: Hono;
  runtime: Runtime;
  /**
   * Waits for turns in progress, delivers the customer-service messages due (for up to 5 s) and
   * stops the outbound dispatcher; the caller closes the store.
   */
  close(): Promise<void>;
}

export function createApp(deps: AppDeps): HuashuApp {
  const logger = deps.logger ?? consoleLogger;
  const now = deps.now ?? Date.now;
  const { wechat } = deps.config;
  const crypto =
    wechat.encodingAESKey && wechat.token && wechat.appId
      ? createWechatCrypto({
          token: wechat.token,
          appId: wechat.appId,
          encodingAESKey: wechat.encodingAESKey,
          previousEncodingAESKey: wechat.encodingAESKeyPrevious,
        })
      : undefined;
  const runtime = createRuntime({
    logRetentionDays: deps.config.logRetentionDays,
    ...deps,
    now,
    logger,
  });

  const app = new Hono();
  // The one place errors become responses: HTTPExceptions as they say, anything else a logged 500.
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    logger.error(`${c.req.method} ${c.req.path} failed`, error);
    return c.text("internal error; see the server log", 500);
  });

  app.route(
    "/healthz",
    healthRoutes({
      store: deps.store,
      wechat,
      customerServiceApi: deps.api !== undefined,
      now,
    }),
  );
  const wechatApp = wechatRoutes({
    wechat,
    crypto,
    conversation: runtime.conversation,
    now,
    logger,
  });
  app.route("/wechat", wechatApp);
  // The same endpoint with a trailing slash, as an operator may type it into WeChat's console.
  app.route("/wechat/", wechatApp);
  const { api } = deps;
  const menuApi = api?.createMenu
    ? { createMenu: api.createMenu.bind(api) as WechatApiClient["createMenu"] }
    : undefined;
  // Admin API (`app.route("/api", …)`) and the built editor at `/` are mounted below this line.
  if (deps.adminAuth) {
    app.route(
      "/api",
      createApiRoutes({
        store: deps.store,
        flowsDir: deps.config.flowsDir,
        auth: deps.adminAuth,
        trustProxy: deps.config.trustProxy,
        now,
        onPublished: () => runtime.flowsChanged(),
        ...(menuApi ? { wechatApi: menuApi } : {}),
        logError: (message, error) => logger.error(message, error),
        logWarn: (message) => logger.warn(message),
        sandbox: {
          wechat,
          crypto,
          wechatRequest: (path, init) => app.request(path, init),
          settled: () => runtime.conversation.idle(),
        },
      }),
    );
  }
  app.use("*", serveEditor());

  return {
    app,
    runtime,
    close: () => runtime.close(),
  };
}
