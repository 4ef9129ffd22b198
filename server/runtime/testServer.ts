// Test support: a real Huashu HTTP server on an ephemeral port over a temporary SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { Flow } from "../../shared/schema";
import { type AppDeps, createApp, type HuashuApp } from "../app";
import { type Config, loadConfig } from "../config";
import { explainRefusedRequests } from "../explainRefusedRequests";
import { openSqliteStore } from "../store/sqliteStore";
import type { Store } from "../store/types";
import { createFakeWechat, type FakeWechat, type FakeWechatOptions } from "./fakeWechatClient";
import { silentLogger } from "./types";

export const TEST_TOKEN = "huashuToken";
export const TEST_APP_ID = "wx49f0ab532d5d035a";
export const TEST_AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";

export function tempDbPath(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "huashu-runtime-"));
  return {
    path: join(dir, "huashu.db"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TestServer {
  url: string;
  wechatUrl: string;
  store: Store;
  huashu: HuashuApp;
  config: Config;
  /** The server's clock (AppDeps.now, or Date.now). */
  now: () => number;
  /** A WeChat client in plaintext mode, signing with the server's clock. */
  wechat: FakeWechat;
  /**
   * Another WeChat client towards this server (safe mode, another AppID …), signing with its clock
   * unless `now` says otherwise: a request stamped far from it is refused.
   */
  fakeWechat(options?: Partial<FakeWechatOptions>): FakeWechat;
  /** Publishes through the running runtime, as the admin API does. */
  publish(flow: Flow): Promise<number>;
  /** Stops HTTP, the runtime and the store (the database file stays). */
  close(): Promise<void>;
}

export async function startTestServer(options: {
  dbPath: string;
  flows?: Flow[];
  env?: Record<string, string>;
  deps?: Partial<Omit<AppDeps, "store" | "config">>;
}): Promise<TestServer> {
  const loaded = loadConfig({
    WECHAT_TOKEN: TEST_TOKEN,
    HUASHU_DB: options.dbPath,
    ...options.env,
  });
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const config = loaded.config;
  // As in production (main.ts): writes (and so checkpoints) on the writer thread.
  const store = await openSqliteStore(options.dbPath, {
    backgroundCheckpoints: true,
    writerThread: true,
  });
  for (const flow of options.flows ?? []) await store.publishFlow(flow, Date.now());
  const huashu = createApp({
    logger: silentLogger,
    outboundPollMs: 50,
    ...options.deps,
    store,
    config,
  });
  const server = serve({ fetch: huashu.app.fetch, port: 0, hostname: "127.0.0.1" });
  explainRefusedRequests(server);
  await new Promise<void>((resolve) => {
    if (server.listening) resolve();
    else server.once("listening", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const wechatUrl = `${url}/wechat`;
  const now = options.deps?.now ?? Date.now;
  const fakeWechat = (more: Partial<FakeWechatOptions> = {}) =>
    createFakeWechat({ url: wechatUrl, token: TEST_TOKEN, now, ...more });
  return {
    url,
    wechatUrl,
    store,
    huashu,
    config,
    now,
    wechat: fakeWechat(),
    fakeWechat,
    async publish(flow) {
      const published = await store.publishFlow(flow, Date.now());
      huashu.runtime.flowsChanged();
      return published.version;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await huashu.close();
      await store.close();
    },
  };
}
