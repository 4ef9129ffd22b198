import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serializeFlow } from "../../shared/schema";
import { flowRevision } from "../flows/flowRepository";
import { type ApiTestKit, createApiTestKit, sampleFlow } from "./apiTestKit";

let kit: ApiTestKit;
beforeEach(async () => {
  kit = await createApiTestKit();
  await kit.login();
});
afterEach(() => kit.close());

/** Puts a flow file in the folder as a person (or git) would. */
function writeFlowFile(flow = sampleFlow()): string {
  const text = serializeFlow(flow);
  writeFileSync(join(kit.flowsDir, `${flow.id}.json`), text);
  return flowRevision(text);
}

function fileBytes(id: string): Buffer {
  return readFileSync(join(kit.flowsDir, `${id}.json`));
}

/** Tests read whatever the API answered; the assertions are the type check. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Body = Record<string, any>;
async function json(res: Response): Promise<Body> {
  return (await res.json()) as Body;
}

describe("GET /api/flows", () => {
  it("lists each flow with its revision, node count, problems and published version", async () => {
    const revision = writeFlowFile();
    writeFlowFile(sampleFlow("other", { name: "别的", startNodeId: "missing" }));
    await kit.call("POST", "/api/flows/greeting/publish", {});

    const { flows } = await json(await kit.call("GET", "/api/flows"));
    expect(flows.map((f: { id: string }) => f.id)).toEqual(["greeting", "other"]);
    const [greeting, other] = flows;
    expect(greeting).toMatchObject({
      id: "greeting",
      name: "问候",
      description: "a greeting",
      revision,
      nodeCount: 2,
      errors: 0,
      published: { version: 1, publishedAt: new Date(kit.clock.now).toISOString() },
    });
    expect(Date.parse(greeting.updatedAt)).toBeGreaterThan(0);
    expect(other).toMatchObject({ id: "other", published: null });
    expect(other.errors).toBeGreaterThan(0);
  });

  it("ignores test cases, the JSON Schema, hidden files and the trash", async () => {
    writeFlowFile();
    writeFileSync(join(kit.flowsDir, "greeting.tests.json"), "[]");
    writeFileSync(join(kit.flowsDir, "flow.schema.json"), "{}");
    writeFileSync(join(kit.flowsDir, ".abc.tmp"), "half");
    await kit.call("POST", "/api/flows/import", sampleFlow("gone"));
    await kit.call("DELETE", "/api/flows/gone");
    const { flows } = await json(await kit.call("GET", "/api/flows"));
    expect(flows.map((f: { id: string }) => f.id)).toEqual(["greeting"]);
  });

  it("shows a broken file with errors naming the file, node and field instead of failing", async () => {
    writeFlowFile();
    const broken = { ...sampleFlow("broken"), nodes: [{ ...sampleFlow().nodes[0], messages: [] }] };
    writeFileSync(join(kit.flowsDir, "broken.json"), JSON.stringify(broken));
    writeFileSync(join(kit.flowsDir, "garbled.json"), '{"schemaVersion": 1,');
    const res = await kit.call("GET", "/api/flows");
    expect(res.status).toBe(200);
    const { flows } = await json(res);
    const byId = Object.fromEntries(flows.map((f: { id: string }) => [f.id, f]));
    expect(byId.greeting.errors).toBe(0);
    expect(byId.broken.errors).toBeGreaterThan(0);
    expect(byId.broken.loadErrors[0]).toMatchObject({ nodeId: "hello", field: "nodes.0.messages" });
    expect(byId.broken.loadErrors[0].message).toContain("broken.json");
    expect(byId.garbled.loadErrors[0].message).toMatch(/garbled\.json.*JSON/);

    const read = await kit.call("GET", "/api/flows/broken");
    expect(read.status).toBe(422);
    expect((await json(read)).error).toMatchObject({
      code: "invalid_flow_file",
      file: "broken.json",
    });
  });
});

describe("creating flows", () => {
  it("a blank flow has one message node as its start and is saved to the folder", async () => {
    const res = await kit.call("POST", "/api/flows", { name: "春季促销" });
    expect(res.status).toBe(201);
    const { flow, revision } = await json(res);
    expect(flow.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(flow.name).toBe("春季促销");
    expect(flow.nodes).toHaveLength(1);
    expect(flow.nodes[0]).toMatchObject({ kind: "message", id: flow.startNodeId });
    expect(flowRevision(fileBytes(flow.id))).toBe(revision);
    const read = await json(await kit.call("GET", `/api/flows/${flow.id}`));
    expect(read.revision).toBe(revision);
    expect(read.flow.name).toBe("春季促销");
  });

  it("takes an id from an English name and never reuses a taken one", async () => {
    const a = await json(await kit.call("POST", "/api/flows", { name: "Spring sale" }));
    const b = await json(await kit.call("POST", "/api/flows", { name: "Spring sale" }));
    expect(a.flow.id).toBe("spring-sale");
    expect(b.flow.id).not.toBe("spring-sale");
    expect(b.flow.id).toMatch(/^spring-sale-/);
  });

  it("from a template copies the example flow under a new id and the given name", async () => {
    const { templates } = await json(await kit.call("GET", "/api/templates"));
    expect(templates.map((t: { id: string }) => t.id)).toEqual([
      "ecommerce",
      "course",
      "complaint",
    ]);
    expect(templates[0].name).toBeTruthy();

    const res = await kit.call("POST", "/api/flows", { name: "我的商城", templateId: "ecommerce" });
    expect(res.status).toBe(201);
    const { flow } = await json(res);
    const example = JSON.parse(
      readFileSync(new URL("../../flows/ecommerce.json", import.meta.url), "utf8"),
    );
    expect(flow.id).not.toBe("ecommerce");
    expect(flow.name).toBe("我的商城");
    expect(flow.nodes).toEqual(example.nodes);
    expect(readdirSync(kit.flowsDir)).toEqual([`${flow.id}.json`]);
  });

  it("a copy leaves the keywords and fallback of saved flows to them, so it has no conflicts", async () => {
    const first = await json(
      await kit.call("POST", "/api/flows", { name: "课程一", templateId: "course" }),
    );
    const keywordsOf = (flow: { triggers: Array<{ type: string }> }) =>
      flow.triggers.filter((t) => t.type === "keyword" || t.type === "fallback").length;
    expect(keywordsOf(first.flow)).toBeGreaterThan(0);

    for (const res of [
      await kit.call("POST", "/api/flows", { name: "课程二", templateId: "course" }),
      await kit.call("POST", `/api/flows/${first.flow.id}/duplicate`, {}),
    ]) {
      expect(res.status).toBe(201);
      const { flow } = await json(res);
      expect(keywordsOf(flow)).toBe(0);
      expect(flow.triggers.length).toBeGreaterThan(0); // follow / scan / menu triggers stay
      const { problems } = await json(await kit.call("POST", `/api/flows/${flow.id}/validate`, {}));
      const codes = problems.map((p: { code: string }) => p.code);
      expect(codes).not.toContain("KEYWORD_CONFLICT");
      expect(codes).not.toContain("MULTIPLE_FALLBACK");
    }
  });

  it("an unknown template is 404 and a missing name is 400", async () => {
    expect((await kit.call("POST", "/api/flows", { name: "x", templateId: "nope" })).status).toBe(
      404,
    );
    const res = await kit.call("POST", "/api/flows", { templateId: "course" });
    expect(res.status).toBe(400);
    expect((await json(res)).error.issues[0].field).toBe("name");
  });
});

describe("PUT /api/flows/:id", () => {
  it("saves with the current revision and answers the new one", async () => {
    const base = writeFlowFile();
    const edited = sampleFlow("greeting", { name: "新问候" });
    const res = await kit.call("PUT", "/api/flows/greeting", { flow: edited, baseRevision: base });
    expect(res.status).toBe(200);
    const { revision } = await json(res);
    expect(revision).toBe(flowRevision(fileBytes("greeting")));
    expect(fileBytes("greeting").toString()).toBe(serializeFlow(edited));
    expect(readdirSync(kit.flowsDir)).toEqual(["greeting.json"]);
  });

  it("refuses a stale revision with 409 and leaves the file as it was", async () => {
    const base = writeFlowFile();
    const first = await kit.call("PUT", "/api/flows/greeting", {
      flow: sampleFlow("greeting", { name: "A" }),
      baseRevision: base,
    });
    const after = fileBytes("greeting");
    const second = await kit.call("PUT", "/api/flows/greeting", {
      flow: sampleFlow("greeting", { name: "B" }),
      baseRevision: base,
    });
    expect(second.status).toBe(409);
    const { error } = await json(second);
    expect(error.code).toBe("stale_revision");
    expect(error.currentRevision).toBe((await json(first)).revision);
    expect(error.message.zh).toBeTruthy();
    expect(fileBytes("greeting").equals(after)).toBe(true);
  });

  it("refuses an invalid flow with 400 naming the node and field, file untouched", async () => {
    const base = writeFlowFile();
    const before = fileBytes("greeting");
    const bad = sampleFlow();
    const hello = { ...bad.nodes[0], messages: [] };
    const res = await kit.call("PUT", "/api/flows/greeting", {
      flow: { ...bad, nodes: [hello, bad.nodes[1]] },
      baseRevision: base,
    });
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe("invalid_flow");
    expect(error.errors[0]).toMatchObject({ nodeId: "hello", field: "nodes.0.messages" });
    expect(error.message.en).toContain("node hello");
    expect(fileBytes("greeting").equals(before)).toBe(true);
  });

  it("refuses a changed id, a missing revision and an unknown flow", async () => {
    const base = writeFlowFile();
    const renamed = await kit.call("PUT", "/api/flows/greeting", {
      flow: sampleFlow("other"),
      baseRevision: base,
    });
    expect(renamed.status).toBe(400);
    expect((await json(renamed)).error.errors[0].field).toBe("id");
    const noRevision = await kit.call("PUT", "/api/flows/greeting", { flow: sampleFlow() });
    expect(noRevision.status).toBe(400);
    expect((await json(noRevision)).error.issues[0].field).toBe("baseRevision");
    const unknown = await kit.call("PUT", "/api/flows/nobody", {
      flow: sampleFlow("nobody"),
      baseRevision: base,
    });
    expect(unknown.status).toBe(404);
    expect((await kit.call("GET", "/api/flows/..%2Fsecret")).status).toBe(404);
  });

  it("of two concurrent saves from the same revision, one wins and the other gets 409", async () => {
    const base = writeFlowFile();
    const results = await Promise.all(
      ["A", "B"].map((name) =>
        kit.call("PUT", "/api/flows/greeting", {
          flow: sampleFlow("greeting", { name }),
          baseRevision: base,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.findIndex((r) => r.status === 200);
    expect(JSON.parse(fileBytes("greeting").toString()).name).toBe(["A", "B"][winner]);
  });

  it("a save whose rename fails (a crash before it) leaves the original file and no temp file", async () => {
    await kit.close();
    kit = await createApiTestKit({
      flowFs: {
        rename: async () => {
          throw new Error("disk gone");
        },
      },
    });
    await kit.login();
    const text = serializeFlow(sampleFlow());
    writeFileSync(join(kit.flowsDir, "greeting.json"), text);
    const res = await kit.call("PUT", "/api/flows/greeting", {
      flow: sampleFlow("greeting", { name: "changed" }),
      baseRevision: flowRevision(text),
    });
    expect(res.status).toBe(500);
    expect((await json(res)).error.code).toBe("internal");
    expect(readFileSync(join(kit.flowsDir, "greeting.json"), "utf8")).toBe(text);
    expect(readdirSync(kit.flowsDir)).toEqual(["greeting.json"]);
  });
});

describe("duplicate, delete, trash and restore", () => {
  it("duplicates under a new id with a new name", async () => {
    writeFlowFile();
    const res = await kit.call("POST", "/api/flows/greeting/duplicate", {});
    expect(res.status).toBe(201);
    const { flow, revision } = await json(res);
    expect(flow.id).not.toBe("greeting");
    expect(flow.name).toBe("问候（副本）");
    expect(flow.nodes).toEqual(sampleFlow().nodes);
    expect(flowRevision(fileBytes(flow.id))).toBe(revision);
    const named = await json(
      await kit.call("POST", "/api/flows/greeting/duplicate", { name: "Copy two" }),
    );
    expect(named.flow).toMatchObject({ id: "copy-two", name: "Copy two" });
    expect((await kit.call("POST", "/api/flows/nobody/duplicate", {})).status).toBe(404);
  });

  it("delete moves the flow to the trash, and restore brings back the same bytes", async () => {
    writeFlowFile();
    writeFileSync(join(kit.flowsDir, "greeting.tests.json"), '{"cases":[]}');
    const before = fileBytes("greeting");
    const deleted = await kit.call("DELETE", "/api/flows/greeting");
    expect(deleted.status).toBe(200);
    const { trashId } = await json(deleted);
    expect((await kit.call("GET", "/api/flows/greeting")).status).toBe(404);
    expect((await json(await kit.call("GET", "/api/flows"))).flows).toEqual([]);

    const { items } = await json(await kit.call("GET", "/api/trash"));
    expect(items).toEqual([
      { trashId, id: "greeting", name: "问候", deletedAt: new Date(kit.clock.now).toISOString() },
    ]);

    const restored = await kit.call("POST", `/api/trash/${trashId}/restore`);
    expect(restored.status).toBe(200);
    const body = await json(restored);
    expect(body.flow.id).toBe("greeting");
    expect(body.revision).toBe(flowRevision(before));
    expect(fileBytes("greeting").equals(before)).toBe(true);
    expect(readFileSync(join(kit.flowsDir, "greeting.tests.json"), "utf8")).toBe('{"cases":[]}');
    expect((await json(await kit.call("GET", "/api/trash"))).items).toEqual([]);
  });

  it("restore is 409 when a flow with that id exists again, and 404 for an unknown trash id", async () => {
    writeFlowFile();
    const { trashId } = await json(await kit.call("DELETE", "/api/flows/greeting"));
    writeFlowFile(sampleFlow("greeting", { name: "新的" }));
    const res = await kit.call("POST", `/api/trash/${trashId}/restore`);
    expect(res.status).toBe(409);
    expect(JSON.parse(fileBytes("greeting").toString()).name).toBe("新的");
    expect((await kit.call("POST", "/api/trash/nothing.1/restore")).status).toBe(404);
    expect((await kit.call("POST", "/api/trash/..%2F..%2Fx/restore")).status).toBe(404);
    expect((await kit.call("DELETE", "/api/flows/nobody")).status).toBe(404);
  });
});

describe("import and export", () => {
  it("imports a valid flow file under its own id", async () => {
    const res = await kit.call("POST", "/api/flows/import", sampleFlow());
    expect(res.status).toBe(201);
    const { flow, revision } = await json(res);
    expect(flow.id).toBe("greeting");
    expect(flowRevision(fileBytes("greeting"))).toBe(revision);
  });

  it("gives an imported flow a new id when its id is taken", async () => {
    writeFlowFile();
    const before = fileBytes("greeting");
    const res = await kit.call(
      "POST",
      "/api/flows/import",
      sampleFlow("greeting", { name: "Imported" }),
    );
    expect(res.status).toBe(201);
    const { flow, renamedFrom } = await json(res);
    expect(flow.id).not.toBe("greeting");
    expect(renamedFrom).toBe("greeting");
    expect(fileBytes("greeting").equals(before)).toBe(true);
    expect(JSON.parse(fileBytes(flow.id).toString()).name).toBe("Imported");
  });

  it("refuses an invalid file with 400 naming node and field, and writes nothing", async () => {
    const flow = sampleFlow();
    const res = await kit.call("POST", "/api/flows/import", {
      ...flow,
      nodes: [flow.nodes[0], { id: "bye", kind: "end" }],
    });
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe("invalid_flow");
    expect(error.errors[0]).toMatchObject({ nodeId: "bye", field: "nodes.1.position" });
    const garbage = await kit.call("POST", "/api/flows/import", "{not json");
    expect(garbage.status).toBe(400);
    expect(readdirSync(kit.flowsDir)).toEqual([]);
  });

  it("exports the file's exact bytes as an attachment", async () => {
    writeFlowFile();
    const res = await kit.call("GET", "/api/flows/greeting/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="greeting.json"');
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(Buffer.from(await res.arrayBuffer()).equals(fileBytes("greeting"))).toBe(true);
    expect((await kit.call("GET", "/api/flows/nobody/export")).status).toBe(404);
  });
});
