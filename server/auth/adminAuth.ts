// Who may use the admin API: the password check, signed session cookies and the login rate limit.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import {
  adminCredentialsPath,
  generatePassword,
  newSessionSecret,
  readAdminCredentials,
  writeAdminCredentials,
} from "./adminCredentials";
import { createLoginRateLimiter, type LoginRateLimiter } from "./loginRateLimiter";
import { hashPassword, verifyPassword } from "./passwordHash";
import { createSessionToken, readSessionToken } from "./sessionToken";

export const SESSION_COOKIE = "huashu_session";
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface AdminAuth {
  checkPassword(password: string): Promise<boolean>;
  /** A cookie value valid until `now + SESSION_TTL_MS`. */
  issueSession(now: number): string;
  isValidSession(token: string | undefined, now: number): boolean;
  /** Logging out: the token is refused from now on, here and after a restart. */
  endSession(token: string | undefined, now: number): void;
  readonly loginLimiter: LoginRateLimiter;
}

/** Ids of sessions ended before their expiry, with that expiry (after which they can be forgotten). */
export type EndedSessions = Array<[id: string, expiresAt: number]>;

/** Builds AdminAuth from a known password hash (or plain password) and secret; used by tests and by openAdminAuth. */
export function createAdminAuth(options: {
  sessionSecret: Buffer;
  passwordHash?: string;
  password?: string;
  loginLimiter?: LoginRateLimiter;
  /** Sessions ended earlier (read from admin.json). */
  ended?: EndedSessions;
  /** Keeps the ended sessions (in admin.json), called after each logout. */
  saveEnded?: (ended: EndedSessions) => void;
}): AdminAuth {
  const { sessionSecret, passwordHash, password } = options;
  if (!passwordHash && !password)
    throw new Error("createAdminAuth needs a password or a password hash");
  // Sessions are signed with a key bound to the password as well: a new password logs out every
  // browser, including one that learned the old password.
  const sessionKey = createHmac("sha256", sessionSecret)
    .update(passwordHash ? `hash:${passwordHash}` : `password:${password}`, "utf8")
    .digest();
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  const ended = new Map<string, number>(options.ended ?? []);
  const expected = password === undefined ? undefined : digest(password);
  return {
    async checkPassword(given) {
      if (passwordHash) return verifyPassword(given, passwordHash);
      // Digests have one length, so the comparison takes the same time whatever was typed.
      return expected !== undefined && timingSafeEqual(digest(given), expected);
    },
    issueSession(now) {
      return createSessionToken(sessionKey, now + SESSION_TTL_MS);
    },
    isValidSession(token, now) {
      const session = readSessionToken(sessionKey, token, now);
      return session !== null && !ended.has(session.id);
    },
    endSession(token, now) {
      const session = readSessionToken(sessionKey, token, now);
      if (!session || ended.has(session.id)) return;
      // Expired entries go: their tokens are refused by their expiry anyway.
      for (const [id, expiresAt] of ended) if (expiresAt <= now) ended.delete(id);
      ended.set(session.id, session.expiresAt);
      options.saveEnded?.([...ended]);
    },
    loginLimiter: options.loginLimiter ?? createLoginRateLimiter(),
  };
}

/**
 * The server's AdminAuth. HUASHU_ADMIN_PASSWORD wins when set. Otherwise the first start generates a
 * password, prints it once through `print`, and keeps only its scrypt hash in admin.json beside the
 * database; later starts read the hash and say nothing about the password.
 */
export async function openAdminAuth(options: {
  dbPath: string;
  adminPassword: string | undefined;
  print?: (line: string) => void;
}): Promise<AdminAuth> {
  const print = options.print ?? ((line: string) => console.log(line));
  const path = adminCredentialsPath(options.dbPath);
  const existing = readAdminCredentials(path);
  const sessionSecret = existing?.sessionSecret ?? newSessionSecret();
  const secret = Buffer.from(sessionSecret, "base64url");

  const ended = existing?.endedSessions ?? [];
  // Read again before writing: admin.json may have changed since the start (another password).
  const saveEnded = (list: EndedSessions) =>
    writeAdminCredentials(path, {
      ...readAdminCredentials(path),
      sessionSecret,
      endedSessions: list,
    });
  if (options.adminPassword) {
    if (!existing) writeAdminCredentials(path, { sessionSecret });
    return createAdminAuth({
      sessionSecret: secret,
      password: options.adminPassword,
      ended,
      saveEnded,
    });
  }
  if (existing?.passwordHash) {
    return createAdminAuth({
      sessionSecret: secret,
      passwordHash: existing.passwordHash,
      ended,
      saveEnded,
    });
  }
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  writeAdminCredentials(path, { passwordHash, sessionSecret });
  print(
    [
      "",
      "管理后台密码 / Admin password (shown only this once):",
      `    ${password}`,
      `Only its hash is kept, in ${path}. Set HUASHU_ADMIN_PASSWORD to choose your own,`,
      "or delete that file and restart to generate a new one. (请妥善保存，此密码只显示一次)",
      "",
    ].join("\n"),
  );
  return createAdminAuth({ sessionSecret: secret, passwordHash, ended, saveEnded });
}
