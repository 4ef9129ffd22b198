// Before `npm start`: builds the editor into dist/web when it is missing or older than its sources.
import { promises as fsp } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folders and files the editor bundle is made from. */
const SOURCES = ["web", "shared", "vite.config.ts", "package.json"];
const SKIP = new Set(["node_modules", ".git", "dist"]);

async function mtimeOrUndefined(path: string): Promise<number | undefined> {
  try {
    return (await fsp.stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The first source file modified after `since`, or undefined when every one is older. */
async function newerThan(path: string, since: number): Promise<string | undefined> {
  let stat: Awaited<ReturnType<typeof fsp.stat>>;
  try {
    stat = await fsp.stat(path);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return stat.mtimeMs > since ? path : undefined;
  for (const entry of await fsp.readdir(path, { withFileTypes: true })) {
    // Tests never reach the bundle, so editing one must not cost a rebuild.
    if (SKIP.has(entry.name) || entry.name.startsWith(".") || /\.test\.tsx?$/.test(entry.name)) {
      continue;
    }
    const found = await newerThan(join(path, entry.name), since);
    if (found) return found;
  }
  return undefined;
}

/** Why the build is needed (for one line of output), or undefined when dist/web is up to date. */
export async function webBuildStaleReason(rootDir: string): Promise<string | undefined> {
  const built = await mtimeOrUndefined(join(rootDir, "dist", "web", "index.html"));
  if (built === undefined) return "dist/web is missing";
  for (const source of SOURCES) {
    const found = await newerThan(join(rootDir, source), built);
    if (found) return `${found.slice(rootDir.length + 1)} changed since the last build`;
  }
  return undefined;
}

async function main(): Promise<void> {
  const rootDir = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  const reason = await webBuildStaleReason(rootDir);
  if (!reason) return;
  console.log(`Building the editor (${reason})… / 正在构建编辑器…`);
  // Loaded only when needed, so an up-to-date start stays fast.
  const { build } = await import("vite");
  // vite.config.ts names its root relative to the working folder.
  process.chdir(rootDir);
  await build({ configFile: join(rootDir, "vite.config.ts"), logLevel: "warn" });
  console.log("Editor built into dist/web.");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`Building the editor failed: ${error instanceof Error ? error.message : error}`);
    console.error("Fix the error above, or run `npm run build` to see the full output.");
    process.exit(1);
  });
}
