// One server process per database: a second one is refused, a dead one's lock is taken over.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseServedError } from "./servingLock";
import { openSqliteStore } from "./sqliteStore";
import { makeFlow } from "./storeContract";
import type { Store } from "./types";

const rootDir = fileURLToPath(new URL("../..", import.meta.url));
const childScript = fileURLToPath(new URL("./serveDatabaseChild.ts", import.meta.url));

interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point of the project in a process of its own. */
function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: rootDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<Exited>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited, output: () => stdout };
}

/** Another process serving `file`, once it holds the lock. */
async function serveElsewhere(file: string): Promise<ChildProcess> {
  const { child, exited, output } = run([childScript, file]);
  children.push(child);
  const ready = await Promise.race([
    new Promise<true>((resolve) => {
      const check = () => {
        if (output().includes(`serving ${child.pid}`)) resolve(true);
      };
      child.stdout?.on("data", check);
      check();
    }),
    exited,
  ]);
  if (ready !== true) throw new Error(`the other server did not start: ${ready.stderr}`);
  return child;
}

let dir: string;
let file: string;
let children: ChildProcess[];
let stores: Store[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-lock-"));
  file = join(dir, "huashu.db");
  children = [];
  stores = [];
});
afterEach(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(path = file): Promise<Store> {
  const store = await openSqliteStore(path, { serving: true });
  stores.push(store);
  return store;
}

describe("serving lock", () => {
  it("refuses a second server on the same file from another process, naming the database and that process", async () => {
    const other = await serveElsewhere(file);
    const second = openSqliteStore(file, { serving: true });
    await expect(second).rejects.toBeInstanceOf(DatabaseServedError);
    await expect(second).rejects.toThrow(
      `${file} is already served by process ${other.pid} (since `,
    );
    await expect(second).rejects.toThrow(/stop that process or set HUASHU_DB to another file \(/);
  });

  it("refuses a second server that names the same file through a symbolic link", async () => {
    await serveElsewhere(file);
    const alias = join(dir, "alias.db");
    symlinkSync(file, alias);
    await expect(openSqliteStore(alias, { serving: true })).rejects.toBeInstanceOf(
      DatabaseServedError,
    );
  });

  it("stops `npm start` with that message while another server runs", async () => {
    const store = await serve();
    const start = run([join(rootDir, "server", "main.ts")], {
      HUASHU_DB: file,
      HUASHU_FLOWS_DIR: join(dir, "flows"),
      HUASHU_ADMIN_PASSWORD: "a-password-for-the-test",
      PORT: "1",
    });
    children.push(start.child);
    const exited = await start.exited;
    expect(exited.code).toBe(1);
    expect(exited.stderr).toContain(
      `Huashu cannot start: ${file} is already served by process ${process.pid}`,
    );
    // It stopped before touching the database: the examples were not published.
    expect(await store.latestFlows()).toEqual([]);
  });

  it("takes over the lock of a server that died without closing", async () => {
    const other = await serveElsewhere(file);
    const gone = new Promise((resolve) => other.once("exit", resolve));
    other.kill("SIGKILL");
    await gone;
    // Its pid is still written in the lock file; no matter, the lock itself died with it.
    const store = await serve();
    await store.publishFlow(makeFlow("a"), 1);
    expect((await store.latestFlows()).map((f) => f.flowId)).toEqual(["a"]);
  });

  it("can be served again once closed, and refuses a second open in the same process meanwhile", async () => {
    const first = await openSqliteStore(file, { serving: true });
    await expect(openSqliteStore(file, { serving: true })).rejects.toThrow(
      `already served by process ${process.pid}`,
    );
    await first.close();
    const other = await serveElsewhere(file);
    expect(other.exitCode).toBeNull();
  });

  it("lets the publish CLI publish while the server runs, and the server reads the new version", async () => {
    const store = await serve();
    const flowFile = join(dir, "extra.json");
    writeFileSync(flowFile, JSON.stringify(makeFlow("extra")));
    const publish = await run([join(rootDir, "server", "cli", "publish.ts"), flowFile], {
      HUASHU_DB: file,
    }).exited;
    expect(publish.stderr).not.toMatch(/served|locked/);
    expect(publish.stdout).toContain("published extra as version 1");
    expect(publish.code).toBe(0);
    expect((await store.latestFlows()).map((f) => [f.flowId, f.version])).toEqual([["extra", 1]]);
  });

  it("needs no lock in memory: every :memory: database is private", async () => {
    const a = await serve(":memory:");
    const b = await serve(":memory:");
    await a.publishFlow(makeFlow("a"), 1);
    expect(await b.latestFlows()).toEqual([]);
    expect(existsSync(":memory:.lock")).toBe(false);
  });
});
