import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer";

describe("background checkpointer", () => {
  it("reports a database it cannot open, so the store falls back to SQLite's own checkpoints", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-ckpt-"));
    try {
      const failure = new Promise<Error>((resolve) => {
        startCheckpointer(join(dir, "missing.db"), { onFailure: resolve });
      });
      expect((await failure).message).toMatch(/unable to open|missing/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
