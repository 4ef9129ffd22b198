// The terminal chat's flows: named files first, then their folder's other flows; errors stop it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadChatCatalog } from "./loadChatCatalog";

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../flows/${name}.json`, import.meta.url)), "utf8");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-catalog-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("loadChatCatalog", () => {
  it("loads the named flow first and the rest of its folder, so jumps and triggers work", async () => {
    for (const name of ["ecommerce", "course", "complaint"]) {
      writeFileSync(join(dir, `${name}.json`), example(name));
    }
    const result = await loadChatCatalog([join(dir, "course.json")]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.catalog.flows)).toEqual(["course", "complaint", "ecommerce"]);
    expect(result.named.map((f) => f.id)).toEqual(["course"]);
    expect(result.warnings).toEqual([]);
  });

  it("skips a broken neighbour and a repeated id with a warning", async () => {
    writeFileSync(join(dir, "complaint.json"), example("complaint"));
    writeFileSync(join(dir, "copy.json"), example("complaint"));
    writeFileSync(join(dir, "bad.json"), "{");
    const result = await loadChatCatalog([join(dir, "complaint.json")]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.catalog.flows)).toEqual(["complaint"]);
    expect(result.warnings).toEqual([
      expect.stringContaining("bad.json"),
      expect.stringContaining(`${join(dir, "copy.json")}: 流程编号「complaint」与前面的文件重复`),
    ]);
  });

  it("stops with exit code 1 when a named flow has validation errors, listing each", async () => {
    const flow = JSON.parse(example("complaint"));
    flow.startNodeId = "gone";
    writeFileSync(join(dir, "complaint.json"), JSON.stringify(flow));
    const result = await loadChatCatalog([join(dir, "complaint.json")]);
    expect(result).toMatchObject({ ok: false, exitCode: 1 });
    if (result.ok) return;
    expect(result.errors[0]).toContain(
      `${join(dir, "complaint.json")} (field startNodeId): 错误 error START_MISSING`,
    );
  });

  it("stops with exit code 2 when a named file is missing", async () => {
    const result = await loadChatCatalog([join(dir, "nope.json")]);
    expect(result).toMatchObject({
      ok: false,
      exitCode: 2,
      errors: [expect.stringContaining("file not found")],
    });
  });
});
