// A real HTTP request for an http effect, answering with the engine's HttpResult (never throwing).
import { randomBytes } from "node:crypto";
import type { HttpResult } from "../../shared/engine";
import { uuidFromBytes, withIdempotencyKey } from "../../shared/http";
import type { HttpEffect } from "../../shared/transcript";

/**
 * Sends an Idempotency-Key as the runtime does, random per request: a chat with `--now` and
 * `--seed` repeats its requestIds on every run, and the receiver must not take a new run's request
 * for an old one's.
 */
export async function performHttp(effect: HttpEffect): Promise<HttpResult> {
  try {
    const response = await fetch(effect.url, {
      method: effect.method,
      headers: withIdempotencyKey(effect.headers, uuidFromBytes(randomBytes(16), 4)),
      body: effect.body === "" ? undefined : effect.body,
      signal: AbortSignal.timeout(effect.timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: mappings then find nothing, which the engine notes.
    }
    if (!response.ok) return { ok: false, reason: "status", status: response.status };
    return { ok: true, status: response.status, body };
  } catch (error) {
    const timeout = error instanceof Error && error.name === "TimeoutError";
    return {
      ok: false,
      reason: timeout ? "timeout" : "network",
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
