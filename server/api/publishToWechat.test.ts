import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAdminAuth } from "../auth/adminAuth";
import { startTestServer, type TestServer, tempDbPath } from "../runtime/testServer";
import { sampleFlow } from "./apiTestKit";

let db: ReturnType<typeof tempDbPath>;
let server: TestServer;
let cookie = "";

beforeEach(async () => {
  db = tempDbPath();
  const flowsDir = join(db.path, "..", "flows");
  mkdirSync(flowsDir);
  server = await startTestServer({
    dbPath: db.path,
    env: { HUASHU_FLOWS_DIR: flowsDir },
    deps: { adminAuth: createAdminAuth({ sessionSecret: randomBytes(32), password: "pw-e2e" }) },
  });
  const login = await fetch(`${server.url}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: "pw-e2e" }),
  });
  cookie = (login.headers.get("Set-Cookie") ?? "").split(";")[0] as string;
});
afterEach(async () => {
  await server.close();
  db.cleanup();
});

function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api${path}`, {
    method,
    headers: { Cookie: cookie, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("the admin API inside the running server", () => {
  it("a new version published through the API answers the very next WeChat message", async () => {
    expect((await api("POST", "/flows/import", sampleFlow())).status).toBe(201);
    expect((await api("POST", "/flows/greeting/publish", {})).status).toBe(201);
    expect((await server.wechat.text("o-first", "hi-greeting")).content).toContain("您好");

    const { revision } = (await (await api("GET", "/flows/greeting")).json()) as {
      revision: string;
    };
    const edited = sampleFlow();
    const [hello, bye] = edited.nodes;
    if (hello?.kind !== "message" || !bye) throw new Error("sample flow changed");
    edited.nodes = [{ ...hello, messages: [{ type: "text", text: "欢迎光临" }] }, bye];
    const saved = await api("PUT", "/flows/greeting", { flow: edited, baseRevision: revision });
    expect(saved.status).toBe(200);
    expect((await api("POST", "/flows/greeting/publish", {})).status).toBe(201);

    // The runtime's cached catalog is dropped on publish, so no waiting for it to expire.
    expect((await server.wechat.text("o-second", "hi-greeting")).content).toContain("欢迎光临");
  });

  it("answers /api itself (JSON 401/404), never with the editor page", async () => {
    const anonymous = await fetch(`${server.url}/api/flows`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("Content-Type")).toMatch(/application\/json/);
    const unknown = await api("GET", "/no-such-route");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const editor = await fetch(`${server.url}/flows/greeting`);
    expect(editor.headers.get("Content-Type")).toMatch(/text\/html/);
  });
});
