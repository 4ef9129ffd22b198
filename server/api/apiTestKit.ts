// Test support: the admin API over a temp flows folder and a temp SQLite file, with a controllable clock.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import type { Flow } from "../../shared/schema";
import { type AdminAuth, createAdminAuth } from "../auth/adminAuth";
import { createFlowRepository, type FlowFileSystem } from "../flows/flowRepository";
import { openSqliteStore, type SqliteStoreOptions } from "../store/sqliteStore";
import type { Store } from "../store/types";
import { createApiRoutes } from "./index";

export const TEST_PASSWORD = "correct horse battery staple";

export interface ApiTestKit {
  app: Hono;
  api: Hono;
  store: Store;
  auth: AdminAuth;
  dir: string;
  flowsDir: string;
  clock: { now: number };
  published: Array<{ flowId: string; version: number }>;
  /** What the API told the operator (logWarn). */
  warnings: string[];
  /** Logs in and returns the `huashu_session=…` cookie pair. */
  login(): Promise<string>;
  /** A JSON request with the session cookie (log in first, or pass `cookie: null` for none). */
  call(
    method: string,
    path: string,
    body?: unknown,
    options?: { cookie?: string | null },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function createApiTestKit(
  options: {
    flowFs?: Partial<FlowFileSystem>;
    templatesDir?: string;
    trustProxy?: boolean;
    /** How the temp SQLite file is opened (default: writes on the calling thread). */
    store?: SqliteStoreOptions;
  } = {},
): Promise<ApiTestKit> {
  const dir = mkdtempSync(join(tmpdir(), "huashu-api-"));
  const flowsDir = join(dir, "flows");
  mkdirSync(flowsDir);
  const store = await openSqliteStore(join(dir, "huashu.db"), options.store);
  const clock = { now: Date.UTC(2026, 0, 5, 9, 0, 0) };
  const auth = createAdminAuth({ sessionSecret: randomBytes(32), password: TEST_PASSWORD });
  const published: ApiTestKit["published"] = [];
  const warnings: string[] = [];
  const api = createApiRoutes({
    store,
    flowsDir,
    auth,
    now: () => clock.now,
    trustProxy: options.trustProxy ?? false,
    onPublished: (flowId, version) => published.push({ flowId, version }),
    logError: () => {},
    logWarn: (message) => warnings.push(message),
    ...(options.flowFs
      ? { flowRepository: createFlowRepository(flowsDir, { fs: options.flowFs }) }
      : {}),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
  });
  const app = new Hono().route("/api", api);
  let cookie: string | undefined;

  const kit: ApiTestKit = {
    app,
    api,
    store,
    auth,
    dir,
    flowsDir,
    clock,
    published,
    warnings,
    async login() {
      const res = await app.request("/api/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ password: TEST_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      cookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0];
      return cookie as string;
    },
    call(method, path, body, callOptions = {}) {
      const sent = callOptions.cookie === undefined ? cookie : callOptions.cookie;
      const headers: Record<string, string> = {};
      if (sent) headers.Cookie = sent;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return Promise.resolve(
        app.request(path, {
          method,
          headers,
          ...(body !== undefined
            ? { body: typeof body === "string" ? body : JSON.stringify(body) }
            : {}),
        }),
      );
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return kit;
}

/** A small valid flow: a greeting message, then the end; a keyword starts it. */
export function sampleFlow(id = "greeting", overrides: Partial<Flow> = {}): Flow {
  return {
    schemaVersion: 1,
    id,
    name: "问候",
    description: "a greeting",
    startNodeId: "hello",
    settings: { sessionTimeoutMinutes: 30, utcOffsetMinutes: 480 },
    variables: [],
    triggers: [
      {
        id: "t_hi",
        type: "keyword",
        match: "exact",
        pattern: `hi-${id}`,
        priority: 0,
        global: false,
        action: "start",
      },
    ],
    nodes: [
      {
        id: "hello",
        kind: "message",
        label: "问候",
        position: { x: 0, y: 0 },
        messages: [{ type: "text", text: "您好" }],
        delaySeconds: 0,
      },
      { id: "bye", kind: "end", position: { x: 0, y: 200 } },
    ],
    edges: [{ id: "e1", source: "hello", sourceHandle: "next", target: "bye" }],
    ...overrides,
  };
}
