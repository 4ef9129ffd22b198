// Builds the editor into dist/web once for all browser test files, only when a source is newer than
// the last build (staleness as `npm start` judges it, scripts/build-web-if-stale.ts).
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { webBuildStaleReason } from "../../scripts/build-web-if-stale";

const root = resolve(import.meta.dirname, "../..");

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Runs `vite build` in-process when stale; a lock folder keeps parallel test files from building twice. */
export async function buildWebIfStale(): Promise<void> {
  if (!(await webBuildStaleReason(root))) return;
  const lock = join(root, "dist/.web-build.lock");
  mkdirSync(join(root, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than 3 minutes was left by a crashed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true });
      } catch {
        // gone already
      }
      await sleep(500);
    }
  }
  try {
    if (!(await webBuildStaleReason(root))) return;
    const { build } = await import("vite");
    await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn" });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
