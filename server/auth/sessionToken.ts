// The admin session cookie's value: an expiry signed with HMAC-SHA256, so the server keeps no session table.
import { createHmac, timingSafeEqual } from "node:crypto";

const VERSION = "v1";

function sign(secret: Buffer, payload: string): Buffer {
  return createHmac("sha256", secret).update(payload).digest();
}

export function createSessionToken(secret: Buffer, expiresAt: number): string {
  const payload = `${VERSION}.${expiresAt}`;
  return `${payload}.${sign(secret, payload).toString("base64url")}`;
}

/** True only for a token signed with `secret` whose expiry is after `now`. */
export function verifySessionToken(
  secret: Buffer,
  token: string | undefined,
  now: number,
): boolean {
  if (!token) return false;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION || !/^\d{1,16}$/.test(parts[1] ?? ""))
    return false;
  // Compare the encoded text, not decoded bytes: base64url's last character carries unused bits,
  // so several spellings decode to the same MAC, and only the one we issued should pass.
  const expected = Buffer.from(sign(secret, `${parts[0]}.${parts[1]}`).toString("base64url"));
  const given = Buffer.from(parts[2] ?? "", "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return Number(parts[1]) > now;
}
