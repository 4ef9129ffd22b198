import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { counterFlow, threeFlow } from "../runtime/testFlows";
import { startTestServer, type TestServer, tempDbPath } from "../runtime/testServer";
import { fillDatabase, freeDatabase } from "../store/fillDatabase";

let db: ReturnType<typeof tempDbPath>;
let server: TestServer | undefined;
beforeEach(() => {
  db = tempDbPath();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
  db.cleanup();
});

describe("GET /healthz", () => {
  it("says the database answers, where writes run and how WeChat is set up", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      database: "ok",
      writes: "thread",
      wechat: "plaintext",
      customerServiceApi: false,
      outbound: { pending: 0, due: 0, oldestDueSeconds: 0 },
      pendingTurns: 0,
      uptimeSeconds: expect.any(Number),
    });
  });

  it("shows customer-service messages waiting to go out, and for how long", async () => {
    let clock = Date.now();
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow, threeFlow],
      // The dispatcher is not started: nothing goes out, as when the API is down.
      deps: { now: () => clock, manualOutbound: true, api: { sendCustomMessage: async () => {} } },
    });
    expect((await server.wechat.text("o-health", "three")).content).toBe("one");
    clock += 90_000;
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      ok: true,
      customerServiceApi: true,
      outbound: { pending: 2, due: 2, oldestDueSeconds: 90 },
      uptimeSeconds: 90,
    });
  });

  it("answers 503 naming the problem when the database cannot answer, and keeps serving", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    await server.store.close();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { ok: boolean; database: string };
    expect(body.ok).toBe(false);
    expect(body.database).toMatch(/not open/i);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
  });

  it("answers 503 naming the full database while it refuses writes, and 200 once it has room", async () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    expect((await server.wechat.text("o-full", "hi")).content).toBe("1:");
    await fillDatabase(server.store);
    // Reads still work, so the monitor sees no failure unless the health check says so. A message
    // longer than a page needs a new one: it cannot be stored.
    const long = "投诉".repeat(1_000);
    expect((await server.wechat.text("o-full", long)).xml).toBe("success");
    const full = await fetch(`${server.url}/healthz`);
    expect(full.status).toBe(503);
    expect(await full.json()).toMatchObject({
      ok: false,
      database: expect.stringMatching(`^full since .*: ${db.path} has no space left on its disk`),
      writes: "thread",
      outbound: { pending: 0 },
      pendingTurns: 0,
    });

    await freeDatabase(server.store);
    expect((await server.wechat.text("o-full", long)).content).toMatch(/^2:投诉/);
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ ok: true, database: "ok" });
  });
});
