// Password hashing with scrypt (node:crypto): a random salt per hash, compared in constant time.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

const KEY_LENGTH = 64;
const COST = { N: 16384, r: 8, p: 1 } as const;
const MAX_MEMORY = 64 * 1024 * 1024;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url), so the cost can change later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, COST);
  return [
    "scrypt",
    COST.N,
    COST.r,
    COST.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

interface ParsedHash {
  options: ScryptOptions;
  salt: Buffer;
  key: Buffer;
}

/** The parts of a stored hash, or undefined when scrypt could not check a password against it. */
function parseHash(stored: unknown): ParsedHash | undefined {
  if (typeof stored !== "string") return undefined;
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const [N, R, P] = [n, r, p].map((text) => (/^\d{1,10}$/.test(text) ? Number(text) : 0)) as [
    number,
    number,
    number,
  ];
  // scrypt throws for a cost that is not a power of two or needs more than MAX_MEMORY.
  if (N < 2 || (N & (N - 1)) !== 0 || R < 1 || P < 1 || 128 * N * R * P > MAX_MEMORY / 2) {
    return undefined;
  }
  const salt = Buffer.from(saltText, "base64url");
  const key = Buffer.from(keyText, "base64url");
  if (salt.length === 0 || key.length !== KEY_LENGTH) return undefined;
  return { options: { N, r: R, p: P }, salt, key };
}

/** False for a wrong password or a hash this code cannot read; never throws on bad input. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await scryptAsync(password, parsed.salt, parsed.options);
  return timingSafeEqual(actual, parsed.key);
}

/** True for a hash a password can be checked against (admin.json is refused at start otherwise). */
export function isPasswordHash(value: unknown): value is string {
  return parseHash(value) !== undefined;
}
