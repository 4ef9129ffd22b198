// The admin session cookie's value: an expiry and a random id signed with HMAC-SHA256. The server
// keeps no session table, only the ids of sessions ended by logging out (until they expire).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const VERSION = "v2";

function sign(secret: Buffer, payload: string): Buffer {
  return createHmac("sha256", secret).update(payload).digest();
}

export function createSessionToken(secret: Buffer, expiresAt: number): string {
  const payload = `${VERSION}.${expiresAt}.${randomBytes(16).toString("base64url")}`;
  return `${payload}.${sign(secret, payload).toString("base64url")}`;
}

/** The id and expiry of a token signed with `secret` that has not expired at `now`; else null. */
export function readSessionToken(
  secret: Buffer,
  token: string | undefined,
  now: number,
): { id: string; expiresAt: number } | null {
  if (!token) return null;
  const parts = token.split(".");
  if (
    parts.length !== 4 ||
    parts[0] !== VERSION ||
    !/^\d{1,16}$/.test(parts[1] ?? "") ||
    !/^[A-Za-z0-9_-]{22}$/.test(parts[2] ?? "")
  )
    return null;
  // Compare the encoded text, not decoded bytes: base64url's last character carries unused bits,
  // so several spellings decode to the same MAC, and only the one we issued should pass.
  const expected = Buffer.from(
    sign(secret, `${parts[0]}.${parts[1]}.${parts[2]}`).toString("base64url"),
  );
  const given = Buffer.from(parts[3] ?? "", "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const expiresAt = Number(parts[1]);
  return expiresAt > now ? { id: parts[2]!, expiresAt } : null;
}

/** True only for a token signed with `secret` whose expiry is after `now`. */
export function verifySessionToken(
  secret: Buffer,
  token: string | undefined,
  now: number,
): boolean {
  return readSessionToken(secret, token, now) !== null;
}
