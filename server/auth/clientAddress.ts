// The address a login attempt came from, for the rate limit.
import { isIP } from "node:net";
import type { Context } from "hono";

/**
 * The socket's peer address, unless `trustProxy` (HUASHU_TRUST_PROXY) says a reverse proxy stands in
 * front: then the last address in X-Forwarded-For, the one that proxy appended. Earlier entries are
 * whatever the client sent, so a guesser cannot pick a fresh address for every try. Without a proxy
 * the header is ignored for the same reason; behind one, without the setting, all clients share the
 * proxy's address, which makes the limit stricter, never looser.
 */
export function clientAddress(c: Context, trustProxy = false): string {
  if (trustProxy) {
    const forwarded = c.req.header("X-Forwarded-For")?.split(",").at(-1)?.trim();
    if (forwarded) return limitedUnit(forwarded);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return limitedUnit(incoming?.socket?.remoteAddress ?? "unknown");
}

/**
 * What the limit counts: an IPv4 address (also when written IPv6-mapped), or an IPv6 address's /64,
 * because one IPv6 host usually holds a whole /64 and could otherwise use a new address per guess.
 */
function limitedUnit(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  const bare = address.split("%")[0] ?? address;
  if (isIP(bare) !== 6) return address;
  const [head = "", tail] = bare.toLowerCase().split("::");
  const groupsOf = (part: string | undefined) =>
    (part ?? "").split(":").flatMap((g) => (g === "" ? [] : g.includes(".") ? ["0", "0"] : [g]));
  const before = groupsOf(head);
  const after = groupsOf(tail);
  const zeros = Array.from({ length: 8 - before.length - after.length }, () => "0");
  const groups = tail === undefined ? before : [...before, ...zeros, ...after];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
