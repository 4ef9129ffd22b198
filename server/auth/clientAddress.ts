// The address a login attempt came from, for the rate limit.
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
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}
