import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Flow, serializeFlow } from "../../shared/schema";
import { flowRevision } from "../flows/flowRepository";
import { fillDatabase, freeDatabase } from "../store/fillDatabase";
import { type ApiTestKit, createApiTestKit, sampleFlow } from "./apiTestKit";

let kit: ApiTestKit;
beforeEach(async () => {
  kit = await createApiTestKit();
  await kit.login();
});
afterEach(() => {
  vi.restoreAllMocks();
  return kit.close();
});

function writeFlowFile(flow: Flow = sampleFlow()): string {
  const text = serializeFlow(flow);
  writeFileSync(join(kit.flowsDir, `${flow.id}.json`), text);
  return flowRevision(text);
}

/** Tests read whatever the API answered; the assertions are the type check. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Body = Record<string, any>;
async function json(res: Response): Promise<Body> {
  return (await res.json()) as Body;
}

const at = (unixMs: number) => new Date(unixMs).toISOString();

/** An error (start node missing) that blocks publishing. */
const broken = () => sampleFlow("greeting", { startNodeId: "nowhere" });
/** Only a warning: nothing starts the flow. */
const warnOnly = () => sampleFlow("greeting", { triggers: [] });

describe("POST /api/flows/:id/validate", () => {
  it("checks the saved file, or the draft sent in the body", async () => {
    writeFlowFile();
    const saved = await json(await kit.call("POST", "/api/flows/greeting/validate", {}));
    expect(saved.problems).toEqual([]);

    const draft = await json(
      await kit.call("POST", "/api/flows/greeting/validate", { flow: broken() }),
    );
    expect(draft.problems[0]).toMatchObject({
      code: "START_MISSING",
      severity: "error",
      message: { zh: expect.any(String), en: expect.any(String) },
    });
  });

  it("judges keywords against the other flows of the folder", async () => {
    writeFlowFile();
    writeFlowFile(sampleFlow("twin", { name: "Twin" }));
    const clash = sampleFlow("twin", {
      triggers: [
        { ...sampleFlow().triggers[0], pattern: "hi-greeting" } as Flow["triggers"][number],
      ],
    });
    const { problems } = await json(
      await kit.call("POST", "/api/flows/twin/validate", { flow: clash }),
    );
    expect(problems.map((p: { code: string }) => p.code)).toContain("KEYWORD_CONFLICT");
  });

  it("answers 400 for a draft that is not a flow, and 404 for an unknown saved flow", async () => {
    const res = await kit.call("POST", "/api/flows/greeting/validate", { flow: { name: "x" } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe("invalid_flow");
    expect((await kit.call("POST", "/api/flows/nobody/validate", {})).status).toBe(404);
  });
});

describe("publishing", () => {
  it("is refused with 422 and the problems while the saved flow has errors", async () => {
    writeFlowFile(broken());
    const res = await kit.call("POST", "/api/flows/greeting/publish", {});
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe("has_errors");
    expect(error.problems.some((p: { severity: string }) => p.severity === "error")).toBe(true);
    expect(await kit.store.listFlowVersions("greeting")).toEqual([]);
    expect(kit.published).toEqual([]);
  });

  it("is allowed with warnings and publishes the saved file, not an unsaved draft", async () => {
    writeFlowFile(warnOnly());
    const res = await kit.call("POST", "/api/flows/greeting/publish", { note: "首发" });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ version: 1, publishedAt: at(kit.clock.now) });
    expect(body.problems.every((p: { severity: string }) => p.severity === "warning")).toBe(true);
    const stored = await kit.store.getFlowVersion("greeting", 1);
    expect(stored?.flow.triggers).toEqual([]);
    expect(stored?.note).toBe("首发");
    expect(kit.published).toEqual([{ flowId: "greeting", version: 1 }]);
  });

  it("makes no new version for the content that is live, and names that version", async () => {
    const firstAt = kit.clock.now;
    writeFlowFile();
    await kit.call("POST", "/api/flows/greeting/publish", { note: "v1" });
    kit.clock.now += 60_000;
    // The same flow written by hand: no $schema, defaults left out, keys in another order.
    const { variables: _v, settings: _s, ...bare } = sampleFlow();
    writeFileSync(
      join(kit.flowsDir, "greeting.json"),
      JSON.stringify(Object.fromEntries(Object.entries(bare).reverse())),
    );
    const res = await kit.call("POST", "/api/flows/greeting/publish", { note: "again" });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      version: 1,
      publishedAt: at(firstAt),
      unchanged: true,
      layoutChanged: false,
      problems: [],
    });
    expect(await kit.store.listFlowVersions("greeting")).toEqual([
      { flowId: "greeting", version: 1, publishedAt: firstAt, note: "v1" },
    ]);
    expect(kit.published).toEqual([{ flowId: "greeting", version: 1 }]);

    // Errors are still reported first: another flow now claims the same keyword.
    writeFlowFile(sampleFlow("twin", { triggers: sampleFlow().triggers }));
    expect((await kit.call("POST", "/api/flows/greeting/publish", {})).status).toBe(422);
  });

  it("is refused with 503 naming a full database, and the live version stays", async () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    writeFlowFile();
    await kit.call("POST", "/api/flows/greeting/publish", {});
    await fillDatabase(kit.store);
    // Larger than a page, so it needs a new one.
    const longer = sampleFlow();
    const hello = longer.nodes[0] as Extract<Flow["nodes"][number], { kind: "message" }>;
    hello.messages = [1, 2, 3].map(() => ({ type: "text", text: "您好，欢迎光临。".repeat(60) }));
    writeFlowFile(longer);
    const res = await kit.call("POST", "/api/flows/greeting/publish", { note: "v2" });
    expect(res.status).toBe(503);
    expect(await json(res)).toEqual({
      error: {
        code: "database_full",
        message: {
          zh: "数据库已满（服务器磁盘空间不足），没有保存任何内容；请管理员释放服务器磁盘空间后重试",
          en: "the database is full (no space left on the server's disk), so nothing was saved; free disk space on the server, then try again",
        },
      },
    });
    expect((await kit.store.listFlowVersions("greeting")).map((v) => v.version)).toEqual([1]);
    expect(kit.published).toEqual([{ flowId: "greeting", version: 1 }]);

    await freeDatabase(kit.store);
    const again = await kit.call("POST", "/api/flows/greeting/publish", { note: "v2" });
    expect(again.status).toBe(201);
    expect((await json(again)).version).toBe(2);
  });

  it("treats moved nodes as no change, saying so, and publishes a real change", async () => {
    writeFlowFile();
    await kit.call("POST", "/api/flows/greeting/publish", {});
    const moved = sampleFlow();
    moved.nodes = moved.nodes.map((n) => ({ ...n, position: { x: n.position.x + 80, y: 40 } }));
    writeFlowFile(moved);
    const same = await kit.call("POST", "/api/flows/greeting/publish", {});
    expect(same.status).toBe(200);
    expect(await json(same)).toMatchObject({ version: 1, unchanged: true, layoutChanged: true });
    expect((await kit.store.getFlowVersion("greeting", 1))?.flow.nodes[0]?.position).toEqual({
      x: 0,
      y: 0,
    });

    writeFlowFile({ ...moved, name: "问候二" });
    const changed = await kit.call("POST", "/api/flows/greeting/publish", {});
    expect(changed.status).toBe(201);
    expect(await json(changed)).toMatchObject({ version: 2, unchanged: false });
    // The new positions go out with the change.
    expect((await kit.store.getFlowVersion("greeting", 2))?.flow.nodes[0]?.position).toEqual({
      x: 80,
      y: 40,
    });
    expect(kit.published).toEqual([
      { flowId: "greeting", version: 1 },
      { flowId: "greeting", version: 2 },
    ]);
  });

  it("lists versions newest first and reads one back", async () => {
    writeFlowFile();
    await kit.call("POST", "/api/flows/greeting/publish", { note: "v1" });
    kit.clock.now += 60_000;
    const base = flowRevision(serializeFlow(sampleFlow()));
    await kit.call("PUT", "/api/flows/greeting", {
      flow: sampleFlow("greeting", { name: "第二版" }),
      baseRevision: base,
    });
    await kit.call("POST", "/api/flows/greeting/publish", {});

    const { versions } = await json(await kit.call("GET", "/api/flows/greeting/versions"));
    expect(versions).toEqual([
      { version: 2, publishedAt: at(kit.clock.now), note: "" },
      { version: 1, publishedAt: at(kit.clock.now - 60_000), note: "v1" },
    ]);
    const one = await json(await kit.call("GET", "/api/flows/greeting/versions/1"));
    expect(one).toMatchObject({ version: 1, note: "v1" });
    expect(one.flow.name).toBe("问候");
    expect((await kit.call("GET", "/api/flows/greeting/versions/9")).status).toBe(404);
    expect((await kit.call("GET", "/api/flows/greeting/versions/abc")).status).toBe(404);
    expect(await json(await kit.call("GET", "/api/flows/never/versions"))).toEqual({
      versions: [],
    });
  });

  it("rollback publishes the old content as a new version and keeps history", async () => {
    writeFlowFile();
    await kit.call("POST", "/api/flows/greeting/publish", {});
    await kit.call("PUT", "/api/flows/greeting", {
      flow: sampleFlow("greeting", { name: "改坏了" }),
      baseRevision: flowRevision(serializeFlow(sampleFlow())),
    });
    await kit.call("POST", "/api/flows/greeting/publish", {});

    const res = await kit.call("POST", "/api/flows/greeting/rollback", { version: 1 });
    expect(res.status).toBe(201);
    expect((await json(res)).version).toBe(3);
    const v1 = await kit.store.getFlowVersion("greeting", 1);
    const v2 = await kit.store.getFlowVersion("greeting", 2);
    const v3 = await kit.store.getFlowVersion("greeting", 3);
    expect(v3?.flow).toEqual(v1?.flow);
    expect(v2?.flow.name).toBe("改坏了");
    expect(kit.published.at(-1)).toEqual({ flowId: "greeting", version: 3 });
    expect((await kit.store.latestFlows())[0]?.version).toBe(3);

    expect((await kit.call("POST", "/api/flows/greeting/rollback", { version: 7 })).status).toBe(
      404,
    );
    const bad = await kit.call("POST", "/api/flows/greeting/rollback", { version: "1" });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.issues[0].field).toBe("version");
  });

  it("rollback to content that is live already makes no new version", async () => {
    writeFlowFile();
    await kit.call("POST", "/api/flows/greeting/publish", {});
    writeFlowFile(sampleFlow("greeting", { name: "改坏了" }));
    await kit.call("POST", "/api/flows/greeting/publish", {});
    const back = await kit.call("POST", "/api/flows/greeting/rollback", { version: 1 });
    expect(await json(back)).toMatchObject({ version: 3, rolledBackTo: 1, unchanged: false });
    const liveAt = kit.clock.now;
    kit.clock.now += 60_000;

    // v1 is what v3 holds: rolling back to it again, or to v3 itself, changes nothing.
    for (const version of [1, 3]) {
      const res = await kit.call("POST", "/api/flows/greeting/rollback", { version });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({
        version: 3,
        publishedAt: at(liveAt),
        rolledBackTo: version,
        unchanged: true,
      });
    }
    expect((await kit.store.listFlowVersions("greeting")).map((v) => v.version)).toEqual([3, 2, 1]);
    expect(kit.published.at(-1)).toEqual({ flowId: "greeting", version: 3 });
    expect(kit.published).toHaveLength(3);
    // Rolling back to v2, which differs, still publishes.
    const v2 = await kit.call("POST", "/api/flows/greeting/rollback", { version: 2 });
    expect(v2.status).toBe(201);
    expect((await json(v2)).version).toBe(4);
  });
});

describe("identical publishes at the same moment, on a store opened as the server opens it", () => {
  // Writes go to the writer thread there, so requests interleave between their reads and writes.
  beforeEach(async () => {
    await kit.close();
    kit = await createApiTestKit({ store: { writerThread: true, backgroundCheckpoints: true } });
    await kit.login();
  });

  it("make exactly one version; the others name it as unchanged", async () => {
    writeFlowFile();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        kit.call("POST", "/api/flows/greeting/publish", { note: "twice" }),
      ),
    );
    const bodies = await Promise.all(responses.map(json));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(bodies.map((b) => b.version)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(bodies.filter((b) => b.unchanged === true)).toHaveLength(5);
    expect(await kit.store.listFlowVersions("greeting")).toHaveLength(1);
    expect(kit.published).toEqual([{ flowId: "greeting", version: 1 }]);
  });

  it("make exactly one version for rollbacks to the same version", async () => {
    writeFlowFile();
    await kit.call("POST", "/api/flows/greeting/publish", {});
    writeFlowFile(sampleFlow("greeting", { name: "改坏了" }));
    await kit.call("POST", "/api/flows/greeting/publish", {});
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        kit.call("POST", "/api/flows/greeting/rollback", { version: 1 }),
      ),
    );
    const bodies = await Promise.all(responses.map(json));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(bodies.map((b) => b.version)).toEqual([3, 3, 3, 3]);
    expect(bodies.filter((b) => b.unchanged === true)).toHaveLength(3);
    expect((await kit.store.listFlowVersions("greeting")).map((v) => v.version)).toEqual([3, 2, 1]);
  });
});
