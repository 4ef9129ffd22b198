import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAdminAuth, openAdminAuth, SESSION_TTL_MS } from "./adminAuth";
import { createLoginRateLimiter } from "./loginRateLimiter";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-auth-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("openAdminAuth without HUASHU_ADMIN_PASSWORD", () => {
  it("prints a generated password once and stores only its hash, readable by the owner alone", async () => {
    const printed: string[] = [];
    const dbPath = join(dir, "huashu.db");
    const first = await openAdminAuth({
      dbPath,
      adminPassword: undefined,
      print: (l) => printed.push(l),
    });
    expect(printed).toHaveLength(1);
    const password = /^\s{4}(\S+)$/m.exec(printed[0] ?? "")?.[1] ?? "";
    expect(password).toMatch(/^([A-Z2-9]{4}-){6}[A-Z2-9]{4}$/);
    expect(await first.checkPassword(password)).toBe(true);
    expect(await first.checkPassword(`${password}x`)).toBe(false);

    const file = join(dir, "admin.json");
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain(password);
    expect(JSON.parse(text).passwordHash).toMatch(/^scrypt\$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const later: string[] = [];
    const second = await openAdminAuth({
      dbPath,
      adminPassword: undefined,
      print: (l) => later.push(l),
    });
    expect(later).toEqual([]);
    expect(await second.checkPassword(password)).toBe(true);
    // The session secret is kept too, so a cookie survives a restart.
    expect(second.isValidSession(first.issueSession(1000), 2000)).toBe(true);
  });

  it("refuses a damaged admin.json with a message that names the file and the way out", async () => {
    const dbPath = join(dir, "huashu.db");
    await openAdminAuth({ dbPath, adminPassword: undefined, print: () => {} });
    const file = join(dir, "admin.json");
    writeFileSync(file, "{ not json");
    await expect(openAdminAuth({ dbPath, adminPassword: undefined })).rejects.toThrow(
      /admin\.json.*delete/,
    );
  });
});

describe("an admin.json whose password hash no password can match", () => {
  // Otherwise every login says "wrong password" (or fails with a 500), and nothing says why.
  it.each([
    ["a cut-off hash", (hash: string) => hash.slice(0, -10)],
    ["a cost scrypt refuses", (hash: string) => hash.replace("$16384$", "$1000$")],
    ["a cost too large to compute", (hash: string) => hash.replace("$16384$", "$1073741824$")],
    ["no salt", (hash: string) => hash.replace(/\$[^$]+(\$[^$]+)$/, "$$$1")],
  ])("is refused at start when it has %s, naming the file and the way out", async (_, damage) => {
    const dbPath = join(dir, "huashu.db");
    await openAdminAuth({ dbPath, adminPassword: undefined, print: () => {} });
    const file = join(dir, "admin.json");
    const stored = JSON.parse(readFileSync(file, "utf8"));
    const damaged = damage(stored.passwordHash);
    expect(damaged).not.toBe(stored.passwordHash);
    writeFileSync(file, JSON.stringify({ ...stored, passwordHash: damaged }));
    await expect(openAdminAuth({ dbPath, adminPassword: undefined })).rejects.toThrow(
      /admin\.json.*passwordHash.*delete/,
    );
  });
});

describe("openAdminAuth with HUASHU_ADMIN_PASSWORD", () => {
  it("accepts that password, prints nothing and writes no password hash", async () => {
    const printed: string[] = [];
    const auth = await openAdminAuth({
      dbPath: join(dir, "huashu.db"),
      adminPassword: "s3cret-enough",
      print: (l) => printed.push(l),
    });
    expect(printed).toEqual([]);
    expect(await auth.checkPassword("s3cret-enough")).toBe(true);
    expect(await auth.checkPassword("s3cret-enougH")).toBe(false);
    expect(await auth.checkPassword("")).toBe(false);
    const stored = JSON.parse(readFileSync(join(dir, "admin.json"), "utf8"));
    expect(stored.passwordHash).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain("s3cret");
  });
});

describe("a changed HUASHU_ADMIN_PASSWORD", () => {
  it("logs out the sessions of the old password; a restart with the same one keeps them", async () => {
    const dbPath = join(dir, "huashu.db");
    const before = await openAdminAuth({ dbPath, adminPassword: "leaked-password" });
    const session = before.issueSession(1_000);
    const restarted = await openAdminAuth({ dbPath, adminPassword: "leaked-password" });
    expect(restarted.isValidSession(session, 2_000)).toBe(true);
    const changed = await openAdminAuth({ dbPath, adminPassword: "a-new-password" });
    expect(changed.isValidSession(session, 2_000)).toBe(false);
    expect(changed.isValidSession(changed.issueSession(1_000), 2_000)).toBe(true);
  });
});

describe("session tokens", () => {
  const auth = createAdminAuth({ sessionSecret: randomBytes(32), password: "pw" });

  it("are valid until they expire", () => {
    const token = auth.issueSession(1_000);
    expect(auth.isValidSession(token, 1_000 + SESSION_TTL_MS - 1)).toBe(true);
    expect(auth.isValidSession(token, 1_000 + SESSION_TTL_MS)).toBe(false);
  });

  it("are refused when tampered with or signed with another secret", () => {
    const token = auth.issueSession(1_000);
    const [version, expiry, id, signature] = token.split(".") as [string, string, string, string];
    expect(auth.isValidSession(`${version}.${expiry}.${id}.${signature}`, 2_000)).toBe(true);
    expect(auth.isValidSession(`${version}.${Number(expiry) + 1}.${id}.${signature}`, 2_000)).toBe(
      false,
    );
    const otherId = `${id[0] === "A" ? "B" : "A"}${id.slice(1)}`;
    expect(auth.isValidSession(`${version}.${expiry}.${otherId}.${signature}`, 2_000)).toBe(false);
    // Every one-character change of the signature is refused, including the last character,
    // whose spare bits would decode to the same bytes.
    for (const at of [0, 10, signature.length - 1]) {
      const other = signature[at] === "A" ? "B" : "A";
      const flipped = `${signature.slice(0, at)}${other}${signature.slice(at + 1)}`;
      expect(auth.isValidSession(`${version}.${expiry}.${id}.${flipped}`, 2_000)).toBe(false);
    }
    expect(auth.isValidSession("", 2_000)).toBe(false);
    expect(auth.isValidSession(undefined, 2_000)).toBe(false);
    expect(auth.isValidSession("garbage", 2_000)).toBe(false);
    const other = createAdminAuth({ sessionSecret: randomBytes(32), password: "pw" });
    expect(other.isValidSession(token, 2_000)).toBe(false);
  });
});

describe("logging out", () => {
  it("ends that session only, and it stays ended after a restart", async () => {
    const dbPath = join(dir, "huashu.db");
    const auth = await openAdminAuth({ dbPath, adminPassword: undefined, print: () => {} });
    const laptop = auth.issueSession(1_000);
    const phone = auth.issueSession(1_000);
    expect(laptop).not.toBe(phone);
    auth.endSession(laptop, 2_000);
    expect(auth.isValidSession(laptop, 3_000)).toBe(false);
    expect(auth.isValidSession(phone, 3_000)).toBe(true);

    const restarted = await openAdminAuth({ dbPath, adminPassword: undefined });
    expect(restarted.isValidSession(laptop, 3_000)).toBe(false);
    expect(restarted.isValidSession(phone, 3_000)).toBe(true);
  });

  it("forgets ended sessions once they would have expired, so admin.json stays small", async () => {
    const dbPath = join(dir, "huashu.db");
    const auth = await openAdminAuth({ dbPath, adminPassword: "an-admin-password" });
    const old = auth.issueSession(1_000);
    auth.endSession(old, 2_000);
    const stored = () => JSON.parse(readFileSync(join(dir, "admin.json"), "utf8"));
    expect(stored().endedSessions).toHaveLength(1);
    const later = 1_000 + SESSION_TTL_MS + 1;
    auth.endSession(auth.issueSession(later), later);
    expect(stored().endedSessions).toHaveLength(1);
    expect(stored().endedSessions[0][1]).toBe(later + SESSION_TTL_MS);
    // A token that is not valid ends nothing and writes nothing.
    auth.endSession("garbage", later);
    auth.endSession(undefined, later);
    expect(stored().endedSessions).toHaveLength(1);
  });

  it("refuses an admin.json whose ended sessions are damaged, naming the field", async () => {
    const dbPath = join(dir, "huashu.db");
    await openAdminAuth({ dbPath, adminPassword: "an-admin-password" });
    const file = join(dir, "admin.json");
    const stored = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...stored, endedSessions: [["id", "soon"]] }));
    await expect(openAdminAuth({ dbPath, adminPassword: "an-admin-password" })).rejects.toThrow(
      /admin\.json.*endedSessions.*delete/,
    );
  });
});

describe("login rate limiter", () => {
  it("blocks an address after 5 failures for the rest of the 15-minute window, others unaffected", () => {
    const limiter = createLoginRateLimiter();
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfterSeconds("1.2.3.4", i * 1000)).toBe(0);
      limiter.recordFailure("1.2.3.4", i * 1000);
    }
    expect(limiter.retryAfterSeconds("1.2.3.4", 5_000)).toBe(15 * 60 - 5);
    expect(limiter.retryAfterSeconds("5.6.7.8", 5_000)).toBe(0);
    // The first failure leaves the window; one more try is allowed.
    expect(limiter.retryAfterSeconds("1.2.3.4", 15 * 60 * 1000)).toBe(0);
  });

  it("forgets the addresses of a wave of guesses once their window has passed", () => {
    const limiter = createLoginRateLimiter();
    for (let i = 0; i < 12_000; i++) limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`, i);
    expect(limiter.size).toBe(12_000);
    // 16 minutes on, the next failure finds all of them expired.
    limiter.recordFailure("192.0.2.1", 16 * 60 * 1000);
    expect(limiter.size).toBe(1);
  });

  it("forgets an address after a successful login", () => {
    const limiter = createLoginRateLimiter({ maxFailures: 2 });
    limiter.recordFailure("a", 0);
    limiter.recordFailure("a", 1);
    expect(limiter.retryAfterSeconds("a", 2)).toBeGreaterThan(0);
    limiter.reset("a");
    expect(limiter.retryAfterSeconds("a", 2)).toBe(0);
  });
});
