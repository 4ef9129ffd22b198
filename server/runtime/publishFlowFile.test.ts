import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serializeFlow } from "../../shared/schema";
import { openSqliteStore } from "../store/sqliteStore";
import type { Store } from "../store/types";
import { flowFilesIn, PublishError, publishFlowFile, publishFlowFiles } from "./publishFlowFile";
import { versionedFlow } from "./testFlows";
import { tempDbPath } from "./testServer";

let db: ReturnType<typeof tempDbPath>;
let store: Store;
beforeEach(async () => {
  db = tempDbPath();
  store = await openSqliteStore(db.path);
});
afterEach(async () => {
  await store.close();
  db.cleanup();
});

describe("publishing flow files", () => {
  it("publishes the example flows together, even those that jump to each other", async () => {
    const files = await flowFilesIn("flows");
    expect(files.length).toBeGreaterThan(0);
    expect(files.some((f) => f.endsWith("flow.schema.json"))).toBe(false);
    const results = await publishFlowFiles(store, files);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect((await store.latestFlows()).length).toBe(files.length);
  });

  it("numbers versions 1, 2, … and keeps the old ones", async () => {
    const file = join(dirname(db.path), "ver.json");
    writeFileSync(file, serializeFlow(versionedFlow("v1")));
    expect((await publishFlowFile(store, file)).published.version).toBe(1);
    writeFileSync(file, serializeFlow(versionedFlow("v2")));
    const second = await publishFlowFile(store, file);
    expect(second).toMatchObject({ unchanged: false, published: { version: 2 } });
    expect((await store.listFlowVersions("ver")).map((v) => v.version)).toEqual([2, 1]);
    const v1 = await store.getFlowVersion("ver", 1);
    expect(JSON.stringify(v1?.flow)).toContain("v1 question");
  });

  it("publishes nothing when the latest version has the same content, moved nodes aside", async () => {
    const file = join(dirname(db.path), "ver.json");
    writeFileSync(file, serializeFlow(versionedFlow("v1")));
    await publishFlowFile(store, file, { now: 100 });
    const again = await publishFlowFile(store, file, { now: 200 });
    expect(again).toMatchObject({ unchanged: true, layoutChanged: false });
    expect(again.published).toMatchObject({ version: 1, publishedAt: 100 });

    const moved = versionedFlow("v1");
    moved.nodes = moved.nodes.map((n) => ({ ...n, position: { x: n.position.x, y: 999 } }));
    writeFileSync(file, serializeFlow(moved));
    const [result] = await publishFlowFiles(store, [file], 300);
    expect(result?.ok && result.outcome).toMatchObject({ unchanged: true, layoutChanged: true });
    expect((await store.listFlowVersions("ver")).map((v) => v.version)).toEqual([1]);
  });

  it("refuses a flow with errors, naming the file and the field", async () => {
    const file = join(dirname(db.path), "broken.json");
    writeFileSync(file, serializeFlow({ ...versionedFlow("v1"), startNodeId: "nowhere" }));
    await expect(publishFlowFile(store, file)).rejects.toThrow(PublishError);
    await expect(publishFlowFile(store, file)).rejects.toThrow(/broken\.json.*startNodeId/);
    expect(await store.latestFlows()).toEqual([]);
  });

  it("refuses a file that is not JSON with the line and column", async () => {
    const file = join(dirname(db.path), "typo.json");
    writeFileSync(file, '{\n  "schemaVersion": 1,\n  oops\n}');
    await expect(publishFlowFile(store, file)).rejects.toThrow(/typo\.json.*line 3/);
  });
});
