import { afterEach, describe, expect, it } from "vitest";
import { CACHED_FLOW_VERSIONS } from "./flowCatalog";
import { versionedFlow } from "./testFlows";
import { startTestServer, type TestServer, tempDbPath } from "./testServer";

let db: ReturnType<typeof tempDbPath> | undefined;
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  db?.cleanup();
});

describe("flow catalog", () => {
  it("holds a bounded number of versions however often flows are published, and still serves every pinned one", async () => {
    db = tempDbPath();
    server = await startTestServer({ dbPath: db.path, flows: [versionedFlow("v1")] });
    const publishes = CACHED_FLOW_VERSIONS + 50;
    // Each follower starts on the version that is live, then the next version is published.
    for (let v = 1; v <= publishes; v++) {
      expect((await server.wechat.text(`o-${v}`, "ver")).content).toBe(`v${v} question`);
      await server.publish(versionedFlow(`v${v + 1}`));
    }
    // Each answers on their own version, the oldest ones long out of the cache.
    for (let v = 1; v <= publishes; v++) {
      expect((await server.wechat.text(`o-${v}`, "yes")).content).toBe(`v${v} answer yes`);
    }
    expect(server.huashu.runtime.catalog.cachedVersions).toBeLessThanOrEqual(CACHED_FLOW_VERSIONS);
  });
});
