// The admin password hash and session secret, kept in admin.json beside the database (mode 0600).
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { hashPassword, isPasswordHash } from "./passwordHash";

export interface AdminCredentialsFile {
  /** scrypt hash of the generated password; absent while HUASHU_ADMIN_PASSWORD has always been set. */
  passwordHash?: string;
  /** base64url HMAC key that signs session cookies; kept so sessions survive a restart. */
  sessionSecret: string;
  /** Sessions ended by logging out, as [id, expiresAt]: refused until they would have expired. */
  endedSessions?: Array<[string, number]>;
}

export function adminCredentialsPath(dbPath: string): string {
  return join(dirname(dbPath), "admin.json");
}

export function readAdminCredentials(path: string): AdminCredentialsFile | undefined {
  if (!existsSync(path)) return undefined;
  const fix = `delete ${path} and restart to generate a new admin password (删除该文件后重启可重新生成密码)`;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not readable JSON (${(error as Error).message}); ${fix}`);
  }
  const record = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const secret = record.sessionSecret;
  if (typeof secret !== "string" || Buffer.from(secret, "base64url").length < 32) {
    throw new Error(`${path}: field sessionSecret is missing or too short; ${fix}`);
  }
  if (record.passwordHash !== undefined && !isPasswordHash(record.passwordHash)) {
    throw new Error(`${path}: field passwordHash is not an scrypt hash; ${fix}`);
  }
  const ended = record.endedSessions;
  const isEntry = (e: unknown) =>
    Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && Number.isFinite(e[1]);
  if (ended !== undefined && !(Array.isArray(ended) && ended.every(isEntry))) {
    throw new Error(`${path}: field endedSessions is not a list of [id, expiry]; ${fix}`);
  }
  return {
    sessionSecret: secret,
    ...(record.passwordHash ? { passwordHash: record.passwordHash as string } : {}),
    ...(ended ? { endedSessions: ended as Array<[string, number]> } : {}),
  };
}

/** Written through a temporary file so a crash never leaves half a file (and a lost password). */
export function writeAdminCredentials(path: string, credentials: AdminCredentialsFile): void {
  const temp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

/** Drops the generated password's hash, keeping the session secret (a start that never showed it). */
export function forgetGeneratedPassword(path: string): void {
  const existing = readAdminCredentials(path);
  if (existing?.passwordHash) {
    const { passwordHash: _dropped, ...rest } = existing;
    writeAdminCredentials(path, rest);
  }
}

export function newSessionSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** No 0/O, 1/I: the password is read off a console and typed by hand. 32 symbols, 5 bits each. */
const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** 28 characters (140 bits) in groups of four, e.g. `K7QM-2XZT-…`. */
export function generatePassword(): string {
  const chars = [...randomBytes(28)].map((byte) => PASSWORD_ALPHABET[byte & 31]);
  return Array.from({ length: 7 }, (_, i) => chars.slice(i * 4, i * 4 + 4).join("")).join("-");
}

export { hashPassword };
