import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-main-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Runs `tsx server/main.ts` until it exits by itself. */
function runServer(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: { ...process.env, HUASHU_ADMIN_PASSWORD: "main-test-password", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.on("exit", (code) => resolve({ code, stderr, stdout }));
  });
}

describe("npm start", () => {
  it("refuses a PORT another program listens on, naming the variable, without a stack trace", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const dir = tempDir();
    const { code, stderr } = await runServer({
      PORT: String(port),
      HUASHU_DB: join(dir, "huashu.db"),
      HUASHU_FLOWS_DIR: join(dir, "flows"),
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`PORT: ${port} is already in use`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("keeps no generated admin password that a start failing on PORT never showed", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const dir = tempDir();
    const { code, stdout } = await runServer({
      PORT: String(port),
      HUASHU_DB: join(dir, "huashu.db"),
      HUASHU_FLOWS_DIR: join(dir, "flows"),
      HUASHU_ADMIN_PASSWORD: "",
    });
    expect(code).toBe(1);
    expect(stdout).not.toContain("Admin password");
    const kept = JSON.parse(readFileSync(join(dir, "admin.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(kept.passwordHash).toBeUndefined();
    expect(typeof kept.sessionSecret).toBe("string");

    // The next start, on a free port, generates one and shows it after it listens.
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: {
        ...process.env,
        PORT: String(await freePort()),
        HUASHU_DB: join(dir, "huashu.db"),
        HUASHU_FLOWS_DIR: join(dir, "flows"),
        HUASHU_ADMIN_PASSWORD: "",
      },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    cleanups.push(async () => {
      child.kill("SIGTERM");
      await exited;
    });
    const shown = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (/Admin password[^\n]*\n\s+\S+/.test(out)) resolve(out);
      });
    });
    expect(shown.indexOf("listening")).toBeLessThan(shown.indexOf("Admin password"));
    expect(shown).toMatch(/Admin password[^\n]*\n\s+[A-Z2-9]{4}(-[A-Z2-9]{4}){6}\n/);
  });

  it.each([
    ["a folder", (path: string) => mkdirSync(path), /HUASHU_DB: cannot open .*not a folder/],
    [
      "a file that is not SQLite",
      (path: string) => writeFileSync(path, "notes, not a database\n"),
      /HUASHU_DB: .* is not a SQLite database/,
    ],
  ])("refuses a HUASHU_DB that is %s, naming the variable", async (_, make, message) => {
    const dir = tempDir();
    const dbPath = join(dir, "huashu.db");
    make(dbPath);
    const { code, stderr } = await runServer({
      PORT: String(await freePort()),
      HUASHU_DB: dbPath,
      HUASHU_FLOWS_DIR: join(dir, "flows"),
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("says so when the flows folder holds no flow to publish on a fresh database", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const dir = tempDir();
    // The start fails later on the taken port; the note comes before that.
    const { stderr } = await runServer({
      PORT: String((taken.address() as { port: number }).port),
      HUASHU_DB: join(dir, "huashu.db"),
      HUASHU_FLOWS_DIR: join(dir, "no-such-folder"),
    });
    expect(stderr).toContain(`no flow files in ${join(dir, "no-such-folder")} (HUASHU_FLOWS_DIR)`);
  });
});
