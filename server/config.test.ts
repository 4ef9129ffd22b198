import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configHelp, configVariables, databaseProblem, loadConfig } from "./config";
import { openSqliteStore } from "./store/sqliteStore";

const KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";

function errorsOf(env: Record<string, string>): string[] {
  const result = loadConfig(env, { createDbFolder: false });
  return result.ok ? [] : result.errors;
}

describe("loadConfig", () => {
  it("starts for local use with no WeChat settings, and says so", () => {
    const result = loadConfig({}, { createDbFolder: false });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(3000);
    expect(result.config.dbPath).toMatch(/data[/\\]huashu\.db$/);
    expect(result.config.wechat.mode).toBe("off");
    expect(result.config.wechat.apiBase).toBe("https://api.weixin.qq.com");
    expect(result.config.trustProxy).toBe(false);
    expect(result.notes.join("\n")).toMatch(/local use/);
  });

  it("reads a complete safe-mode configuration", () => {
    const result = loadConfig(
      {
        PORT: "8080",
        WECHAT_TOKEN: "abc123",
        WECHAT_APP_ID: "wx1",
        WECHAT_APP_SECRET: "s",
        WECHAT_ENCODING_AES_KEY: KEY,
        WECHAT_API_BASE: "http://127.0.0.1:4000/",
        HUASHU_ADMIN_PASSWORD: "pw-of-eight",
        HUASHU_TRUST_PROXY: "1",
      },
      { createDbFolder: false },
    );
    expect(result.ok && result.config).toMatchObject({
      port: 8080,
      adminPassword: "pw-of-eight",
      trustProxy: true,
      wechat: { mode: "aes", apiBase: "http://127.0.0.1:4000", appId: "wx1" },
    });
  });

  it.each([
    [{ PORT: "0" }, /^PORT:.*1 to 65535/],
    [{ PORT: "http" }, /^PORT:/],
    [{ PORT: "70000" }, /^PORT:/],
    [{ WECHAT_TOKEN: "a b" }, /^WECHAT_TOKEN:/],
    [
      { WECHAT_TOKEN: "abc", WECHAT_APP_ID: "wx1", WECHAT_ENCODING_AES_KEY: "short" },
      /^WECHAT_ENCODING_AES_KEY:.*43/,
    ],
    [
      { WECHAT_APP_ID: "wx1", WECHAT_ENCODING_AES_KEY: KEY },
      /^WECHAT_ENCODING_AES_KEY is set but WECHAT_TOKEN/,
    ],
    [{ WECHAT_TOKEN: "abc", WECHAT_ENCODING_AES_KEY: KEY }, /WECHAT_APP_ID is not/],
    [
      {
        WECHAT_TOKEN: "abc",
        WECHAT_APP_ID: "wx1",
        WECHAT_ENCODING_AES_KEY: KEY,
        WECHAT_ENCODING_AES_KEY_PREVIOUS: "x",
      },
      /^WECHAT_ENCODING_AES_KEY_PREVIOUS:/,
    ],
    [{ WECHAT_ENCODING_AES_KEY_PREVIOUS: KEY }, /WECHAT_ENCODING_AES_KEY_PREVIOUS is set without/],
    [{ WECHAT_APP_SECRET: "s" }, /WECHAT_APP_SECRET is set but WECHAT_APP_ID/],
    [{ WECHAT_API_BASE: "not a url" }, /^WECHAT_API_BASE:/],
    [{ WECHAT_API_BASE: "ftp://example.com" }, /^WECHAT_API_BASE:/],
    [{ HUASHU_TRUST_PROXY: "nginx" }, /^HUASHU_TRUST_PROXY:.*not 1 or 0/],
    [{ HUASHU_ADMIN_PASSWORD: "密码12345" }, /^HUASHU_ADMIN_PASSWORD: 7 characters.*at least 8/],
  ])("rejects %j naming the variable", (env, message) => {
    const errors = errorsOf(env as Record<string, string>);
    expect(errors.some((e) => message.test(e))).toBe(true);
  });

  it("reports every problem at once", () => {
    expect(errorsOf({ PORT: "x", WECHAT_API_BASE: "nope" })).toHaveLength(2);
  });

  it("creates the database folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-config-"));
    try {
      const result = loadConfig({ HUASHU_DB: join(dir, "nested", "deeper", "x.db") });
      expect(result.ok).toBe(true);
      expect(() => execFileSync("test", ["-d", join(dir, "nested", "deeper")])).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("databaseProblem", () => {
  it("names a database too full to open (its upgrade needs room), and what to do", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-config-"));
    try {
      const path = join(dir, "huashu.db");
      // Capped at its empty size: creating the tables needs pages it cannot have.
      const error = await openSqliteStore(path, { maxPageCount: 1 }).catch((e: unknown) => e);
      expect(databaseProblem(path, error)).toBe(
        `HUASHU_DB: the database ${path} is full (database or disk is full): there is no space left on its disk for what opening it writes; free space on that disk and start again (数据库已满：请释放磁盘空间)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--help", () => {
  it("lists every variable with its default and meaning", () => {
    const help = configHelp();
    for (const v of configVariables) {
      expect(help).toContain(v.name);
      expect(help).toContain(v.defaultValue);
    }
    expect(help).toContain("data/huashu.db");
  });

  it("is what `tsx server/main.ts --help` prints, and a bad setting exits 1 naming it", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "server/main.ts", "--help"], {
      encoding: "utf8",
    });
    expect(out).toContain("WECHAT_ENCODING_AES_KEY");
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, ["--import", "tsx", "server/main.ts"], {
        encoding: "utf8",
        env: { ...process.env, PORT: "99999" },
        stdio: "pipe",
      });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toMatch(/PORT:/);
  });
});
