// The address a login attempt came from, for the rate limit.
import type { Context } from "hono";

/**
 * The socket's peer address. X-Forwarded-For is ignored on purpose: anyone can send it, and trusting
 * it would let a guesser pick a fresh address for every try. Behind a reverse proxy all clients share
 * the proxy's address, which makes the limit stricter, never looser.
 */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}
