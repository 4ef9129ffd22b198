// The Idempotency-Key header the hosts add to an http node's request, so its receiver can recognise a repeat.

export const IDEMPOTENCY_KEY = "Idempotency-Key";

/**
 * The node's headers with `key` as Idempotency-Key, unless the node sets that header itself, in any
 * case: the marketer's value wins, and a request never carries two (fetch would join them). A value
 * that came out empty (a variable not set yet) is no key: it is replaced by `key`.
 */
export function withIdempotencyKey(
  headers: Record<string, string>,
  key: string,
): Record<string, string> {
  const name = IDEMPOTENCY_KEY.toLowerCase();
  const own = (h: string) => h.trim().toLowerCase() === name;
  if (Object.entries(headers).some(([h, value]) => own(h) && value.trim() !== "")) return headers;
  const rest = Object.fromEntries(Object.entries(headers).filter(([h]) => !own(h)));
  return { ...rest, [IDEMPOTENCY_KEY]: key };
}

/**
 * The first 16 bytes as an RFC 9562 UUID: version 8 for bytes taken from a hash, 4 for random
 * ones. Hashing is the hosts' part (node:crypto, the browser's crypto); this only formats. A UUID
 * is the key form receivers most often accept: ASCII, 36 characters, fits a uuid column.
 */
export function uuidFromBytes(bytes: Uint8Array, version: 4 | 8): string {
  if (bytes.length < 16) throw new RangeError(`a UUID needs 16 bytes, got ${bytes.length}`);
  const b = Array.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | (version << 4);
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.map((x) => x.toString(16).padStart(2, "0")).join("");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join("-");
}
