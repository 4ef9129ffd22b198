// Browser-test harness: builds the editor if stale, starts the real server on an ephemeral port with
// temporary flows and database, and drives Debian's Chromium through playwright-core.
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { createApp, type HuashuApp } from "../../server/app";
import { createAdminAuth } from "../../server/auth/adminAuth";
import { loadConfig } from "../../server/config";
import type { Logger } from "../../server/runtime/types";
import { openSqliteStore } from "../../server/store/sqliteStore";
import type { Store } from "../../server/store/types";
import { createWechatApiClient } from "../../server/wechat/apiClient";
import { type FakeWechatApi, startFakeWechatApi } from "../../server/wechat/fakeWechatApi";
import type { MenuDocument } from "../../shared/menu";
import { buildWebIfStale } from "./buildWeb";

export const ADMIN_PASSWORD = "huashu-test-password";
const repoRoot = resolve(import.meta.dirname, "../..");
export const artifactsDir = join(repoRoot, "test-artifacts");

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface Harness {
  baseUrl: string;
  flowsDir: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot as test-artifacts/<name>.png. */
  screenshot(name: string, target?: Page | Locator): Promise<string>;
  readFlowFile(id: string): unknown;
  writeFlowFile(id: string, flow: unknown): void;
  /** Logs the browser context in through the API (the login page has its own test). */
  login(): Promise<void>;
  /** Saves the custom menu's draft through the API, over whatever is there; returns its revision. */
  saveMenu(menu: MenuDocument): Promise<string>;
  /** Waits for the page's animations (a dialog's fade and rise) to end, endless ones aside. */
  animationsSettled(): Promise<void>;
  /** Opens the custom menu page from the flow list, as a marketer does, and waits for the menu. */
  openMenuPage(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    language?: "zh" | "en";
    viewport?: { width: number; height: number };
    /**
     * More server settings, such as WECHAT_TOKEN for the simulator's server mode. With WECHAT_APP_ID
     * and WECHAT_APP_SECRET the server gets a WeChat API client (at WECHAT_API_BASE), as in main.ts.
     */
    env?: Record<string, string>;
    /** The server's clock (Unix ms), Date.now unless given; sign WeChat callbacks with the same one. */
    now?: () => number;
    /** The browser's time zone (e.g. Asia/Shanghai, as a marketer in China has); the machine's unless given. */
    timezoneId?: string;
  } = {},
): Promise<Harness> {
  await buildWebIfStale();

  const tempDir = mkdtempSync(join(tmpdir(), "huashu-browser-"));
  const flowsDir = join(tempDir, "flows");
  cpSync(join(repoRoot, "flows"), flowsDir, { recursive: true });
  const loaded = loadConfig(
    {
      PORT: "3000",
      HUASHU_DB: join(tempDir, "huashu.db"),
      HUASHU_FLOWS_DIR: flowsDir,
      ...options.env,
    },
    { createDbFolder: true },
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const store: Store = await openSqliteStore(loaded.config.dbPath);
  const adminAuth = createAdminAuth({ sessionSecret: randomBytes(32), password: ADMIN_PASSWORD });
  const logger: Logger = { info() {}, warn() {}, error: (m, e) => console.error(m, e) };
  const { wechat } = loaded.config;
  const api =
    wechat.appId && wechat.appSecret
      ? createWechatApiClient({
          appId: wechat.appId,
          appSecret: wechat.appSecret,
          apiBase: wechat.apiBase,
        })
      : undefined;
  const huashu: HuashuApp = createApp({
    store,
    config: loaded.config,
    api,
    adminAuth,
    manualOutbound: true,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const server: ServerType = await new Promise((resolveServer) => {
    const s = serve({ fetch: huashu.app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolveServer(s),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: options.language === "en" ? "en-US" : "zh-CN",
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  if (options.language) {
    await context.addInitScript((lng) => {
      if (!localStorage.getItem("huashu.language")) localStorage.setItem("huashu.language", lng);
    }, options.language);
  }
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  mkdirSync(artifactsDir, { recursive: true });

  return {
    baseUrl,
    flowsDir,
    browser,
    context,
    page,
    async screenshot(name, target: Page | Locator = page) {
      const path = join(artifactsDir, `${name}.png`);
      await target.screenshot({ path });
      return path;
    },
    readFlowFile(id) {
      return JSON.parse(readFileSync(join(flowsDir, `${id}.json`), "utf8"));
    },
    writeFlowFile(id, flow) {
      writeFileSync(join(flowsDir, `${id}.json`), `${JSON.stringify(flow, null, 2)}\n`);
    },
    async login() {
      const response = await context.request.post(`${baseUrl}/api/login`, {
        data: { password: ADMIN_PASSWORD },
      });
      if (!response.ok()) throw new Error(`login failed: HTTP ${response.status()}`);
    },
    async saveMenu(menu) {
      const url = `${baseUrl}/api/menu`;
      const current = await context.request.get(url);
      if (!current.ok()) throw new Error(`GET /api/menu: HTTP ${current.status()}`);
      const { revision } = (await current.json()) as { revision: string | null };
      const saved = await context.request.put(url, { data: { menu, revision } });
      if (!saved.ok())
        throw new Error(`PUT /api/menu: HTTP ${saved.status()} ${await saved.text()}`);
      return ((await saved.json()) as { revision: string }).revision;
    },
    async animationsSettled() {
      await page.evaluate(() =>
        Promise.all(
          document
            .getAnimations()
            .filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
            .map((a) => a.finished),
        ),
      );
    },
    async openMenuPage() {
      // Already in the app: a hash change, as its own links make. (A page.goto that only changes
      // the hash may be taken for a new load, and finish after the next step has begun.)
      if (page.url().startsWith(baseUrl)) {
        await page.evaluate(() => {
          window.location.hash = "#/flows";
        });
      } else {
        await page.goto(`${baseUrl}/#/flows`);
      }
      await page.getByTestId("flow-list").waitFor();
      await page.getByTestId("open-menu").click();
      await page.getByTestId("menu-page").waitFor();
      await page.getByTestId("menu-bar").waitFor();
    },
    async close() {
      await browser.close().catch(() => undefined);
      await new Promise((r) => server.close(() => r(undefined)));
      await huashu.close();
      await store.close();
      rmSync(tempDir, { recursive: true, force: true });
      if (pageErrors.length) console.warn(`page errors:\n${pageErrors.join("\n")}`);
    },
  };
}

/**
 * A harness whose server holds WeChat API credentials and talks to a fake WeChat API (what a
 * publish sends, and injected refusals); closing the harness stops the fake too.
 */
export async function startHarnessWithWechatApi(
  options: Parameters<typeof startHarness>[0] = {},
): Promise<{ h: Harness; wechat: FakeWechatApi }> {
  const wechat = await startFakeWechatApi();
  const h = await startHarness({
    ...options,
    env: {
      ...options.env,
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
      WECHAT_API_BASE: wechat.url,
    },
  });
  const close = h.close.bind(h);
  h.close = async () => {
    await close();
    await wechat.close();
  };
  return { h, wechat };
}
