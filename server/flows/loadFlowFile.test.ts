// Loading flow files from disk: good files, broken JSON, schema errors and folders.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  formatFlowFileErrors,
  loadFlowDirectory,
  loadFlowFile,
  parseFlowFileText,
} from "./loadFlowFile";

const good = {
  schemaVersion: 1,
  id: "hello",
  name: "你好",
  startNodeId: "hi",
  nodes: [
    {
      id: "hi",
      kind: "message",
      position: { x: 0, y: 0 },
      messages: [{ type: "text", text: "你好" }],
    },
  ],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-flows-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("loadFlowFile", () => {
  it("reads a valid flow and fills defaults", async () => {
    const file = join(dir, "hello.json");
    writeFileSync(file, JSON.stringify(good));
    const result = await loadFlowFile(file);
    expect(result).toMatchObject({
      ok: true,
      file,
      flow: { id: "hello", edges: [], triggers: [] },
    });
  });

  it("names the file, the node and the field of a schema error", async () => {
    const file = join(dir, "broken.json");
    const broken = structuredClone(good) as Record<string, unknown>;
    (broken.nodes as Array<Record<string, unknown>>)[0]!.messages = [{ type: "text" }];
    writeFileSync(file, JSON.stringify(broken));
    const result = await loadFlowFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatFlowFileErrors(result)).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(node hi, field nodes\\.0\\.messages\\.0\\.text\\): `,
      ),
    );
  });

  it("names the line and column of a JSON syntax error", () => {
    const result = parseFlowFileText(
      "flows/x.json",
      '{\n  "id": "x",\n  "name": "坏"\n  "nodes": []\n}',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatFlowFileErrors(result);
    expect(text).toContain("flows/x.json");
    expect(text).toContain("第 4 行第 3 列");
    expect(text).toContain("line 4, column 3");
  });

  it("says so when the file does not exist", async () => {
    const result = await loadFlowFile(join(dir, "missing.json"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatFlowFileErrors(result)).toContain("missing.json");
    expect(formatFlowFileErrors(result)).toContain("file not found");
  });
});

describe("loadFlowDirectory", () => {
  it("loads every flow file in name order, skipping test cases, the JSON Schema and hidden files", async () => {
    writeFileSync(join(dir, "b.json"), JSON.stringify({ ...good, id: "b" }));
    writeFileSync(join(dir, "a.json"), JSON.stringify({ ...good, id: "a" }));
    writeFileSync(join(dir, "c.json"), "{ nope");
    writeFileSync(join(dir, "flow.schema.json"), "{}");
    writeFileSync(join(dir, ".draft.json"), "{}");
    writeFileSync(join(dir, "a.tests.json"), "[]");
    writeFileSync(join(dir, "notes.txt"), "x");
    const results = await loadFlowDirectory(dir);
    expect(results.map((r) => [r.file.slice(dir.length + 1), r.ok])).toEqual([
      ["a.json", true],
      ["b.json", true],
      ["c.json", false],
    ]);
  });
});
