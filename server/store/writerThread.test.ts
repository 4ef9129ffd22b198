import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startWriterThread } from "./writerThread";

describe("writer thread", () => {
  it("refuses to start on a database it cannot open, so the store writes in-process instead", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-writer-"));
    try {
      await expect(
        startWriterThread({
          path: join(dir, "missing.db"),
          cacheKiB: 2048,
        }),
      ).rejects.toThrow(/unable to open|missing/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
