// Builds the editor into dist/web once, and only when a source file is newer than the last build.
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const outDir = join(root, "dist/web");
const sourceDirs = ["web", "shared"].map((d) => join(root, d));
const configFiles = ["vite.config.ts", "package.json"].map((f) => join(root, f));

function newestMtime(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    // Tests do not end up in the bundle; editing one must not force a rebuild.
    if (/\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  let built: number;
  try {
    built = statSync(join(outDir, "index.html")).mtimeMs;
  } catch {
    return true;
  }
  const newest = Math.max(...sourceDirs.map(newestMtime), ...configFiles.map(newestMtime));
  return newest > built;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Runs `vite build` in-process when stale; a lock folder keeps parallel test files from building twice. */
export async function buildWebIfStale(): Promise<void> {
  if (!webBuildIsStale()) return;
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
    if (!webBuildIsStale()) return;
    const { build } = await import("vite");
    await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn" });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
