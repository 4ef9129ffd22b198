import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Flow, serializeFlow } from "../../shared/schema";
import { createFlowRepository, flowRevision, newFlowId } from "./flowRepository";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-flows-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function flow(id: string, name = "问候"): Flow {
  return {
    schemaVersion: 1,
    id,
    name,
    description: "",
    startNodeId: "hello",
    settings: { sessionTimeoutMinutes: 30, utcOffsetMinutes: 480 },
    variables: [],
    triggers: [],
    nodes: [
      {
        id: "hello",
        kind: "message",
        position: { x: 0, y: 0 },
        messages: [{ type: "text", text: "您好" }],
        delaySeconds: 0,
      },
    ],
    edges: [],
  };
}

function put(f: Flow): string {
  const text = serializeFlow(f);
  writeFileSync(join(dir, `${f.id}.json`), text);
  return flowRevision(text);
}

describe("save", () => {
  it("writes the stable format through a temp file and leaves no temp file behind", async () => {
    const repo = createFlowRepository(dir);
    const base = put(flow("a"));
    const result = await repo.save("a", { ...flow("a", "新"), description: undefined }, base);
    expect(result.ok).toBe(true);
    const text = readFileSync(join(dir, "a.json"), "utf8");
    expect(text).toBe(serializeFlow(flow("a", "新")));
    expect(text.startsWith('{\n  "$schema": "./flow.schema.json"')).toBe(true);
    expect(readdirSync(dir)).toEqual(["a.json"]);
  });

  it("keeps the original when the rename fails, as after a crash between write and rename", async () => {
    const base = put(flow("a"));
    const before = readFileSync(join(dir, "a.json"));
    const repo = createFlowRepository(dir, {
      fs: {
        rename: () => Promise.reject(Object.assign(new Error("EIO"), { code: "EIO" })),
      },
    });
    await expect(repo.save("a", flow("a", "新"), base)).rejects.toThrow("EIO");
    expect(readFileSync(join(dir, "a.json")).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(["a.json"]);
    // A temp file a real crash would leave behind is not listed as a flow.
    writeFileSync(join(dir, ".0123abcd.tmp"), "{");
    expect((await repo.list()).map((e) => e.id)).toEqual(["a"]);
  });

  it("lets only one of many concurrent saves from the same revision through", async () => {
    const repo = createFlowRepository(dir);
    const base = put(flow("a"));
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => repo.save("a", flow("a", `v${i}`), base)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const stale = results.filter((r) => !r.ok);
    expect(stale.every((r) => !r.ok && r.reason === "stale")).toBe(true);
  });
});

describe("list", () => {
  it("reports a file whose name and id disagree, and skips non-flow files and folders", async () => {
    put(flow("a"));
    writeFileSync(join(dir, "b.json"), serializeFlow(flow("c")));
    writeFileSync(join(dir, "a.tests.json"), "[]");
    writeFileSync(join(dir, "flow.schema.json"), "{}");
    writeFileSync(join(dir, "wechat.menu.json"), '{"schemaVersion": 1, "buttons": []}');
    writeFileSync(join(dir, "notes.txt"), "hi");
    mkdirSync(join(dir, ".trash"));
    mkdirSync(join(dir, "sub.json"));
    const entries = await createFlowRepository(dir).list();
    expect(entries.map((e) => [e.id, e.ok])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    const b = entries[1];
    expect(b && !b.ok && b.errors[0]?.message).toMatch(/b\.json.*c\.json/);
  });

  it("is empty for a folder that does not exist yet, and create makes it", async () => {
    const repo = createFlowRepository(join(dir, "later"));
    expect(await repo.list()).toEqual([]);
    const created = await repo.create(flow("x"), { keepId: true });
    expect(created.flow.id).toBe("x");
    expect((await repo.list()).map((e) => e.id)).toEqual(["x"]);
  });
});

describe("newFlowId", () => {
  it("makes schema-valid ids from any name", () => {
    const none = () => false;
    expect(newFlowId("Spring Sale 2026!", 0, none)).toBe("spring-sale-2026");
    expect(newFlowId("春季促销", 1_700_000_000_000, none)).toMatch(/^flow-[a-z0-9]+$/);
    expect(newFlowId("x".repeat(100), 0, none).length).toBeLessThanOrEqual(64);
    const taken = new Set(["spring"]);
    expect(newFlowId("Spring", 0, (id) => taken.has(id))).toMatch(/^spring-[0-9a-f]{6}$/);
  });
});
