// Performs an http node's request for the engine and describes the outcome as the engine expects.
import type { Effect, HttpResult } from "../../shared/engine";

type HttpEffect = Extract<Effect, { type: "http" }>;

const MAX_BODY_CHARS = 256 * 1024;

export async function runHttpEffect(
  effect: HttpEffect,
  fetchImpl: typeof fetch = fetch,
): Promise<HttpResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), effect.timeoutMs);
  try {
    const hasBody = effect.body !== "" && !["GET", "DELETE"].includes(effect.method.toUpperCase());
    const response = await fetchImpl(effect.url, {
      method: effect.method,
      headers: effect.headers,
      body: hasBody ? effect.body : undefined,
      signal: controller.signal,
    });
    const text = (await response.text()).slice(0, MAX_BODY_CHARS);
    let body: unknown = text;
    // JSON when it parses, whatever the content type says: many small APIs send text/plain JSON.
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    if (!response.ok) {
      return {
        ok: false,
        reason: "status",
        status: response.status,
        message: `HTTP ${response.status}`,
      };
    }
    return { ok: true, status: response.status, body };
  } catch (error) {
    if (controller.signal.aborted) {
      return { ok: false, reason: "timeout", message: `no answer within ${effect.timeoutMs} ms` };
    }
    return { ok: false, reason: "network", message: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
