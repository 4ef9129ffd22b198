// How the terminal chat answers an http effect: fail (default), a canned JSON body, or a real request.
import type { HttpResult } from "../engine";

export type HttpMode =
  | { type: "fail"; reason: "network" | "timeout" | "status"; status?: number }
  | { type: "mock"; status: number; body: unknown }
  | { type: "real" };

export const DEFAULT_HTTP_MODE: HttpMode = { type: "fail", reason: "network" };

/** `fail`, `fail:timeout`, `fail:404`, `mock:{"data":1}`, `real`; a message when it is none of these. */
export function parseHttpMode(
  text: string,
): { ok: true; mode: HttpMode } | { ok: false; message: string } {
  const [head, ...restParts] = text.split(":");
  const rest = restParts.join(":");
  if (head === "real" && rest === "") return { ok: true, mode: { type: "real" } };
  if (head === "fail") {
    if (rest === "" || rest === "network" || rest === "timeout") {
      return {
        ok: true,
        mode: { type: "fail", reason: rest === "timeout" ? "timeout" : "network" },
      };
    }
    if (/^[1-5]\d\d$/.test(rest)) {
      return { ok: true, mode: { type: "fail", reason: "status", status: Number(rest) } };
    }
  }
  if (head === "mock") {
    try {
      return { ok: true, mode: { type: "mock", status: 200, body: JSON.parse(rest) } };
    } catch {
      return {
        ok: false,
        message: `mock: 后面应是 JSON / mock: must be followed by JSON, got ${rest}`,
      };
    }
  }
  return {
    ok: false,
    message: `无效的 HTTP 模式「${text}」，可用：fail、fail:timeout、fail:404、mock:<json>、real / invalid HTTP mode "${text}"`,
  };
}

/** The result a non-real mode gives every request. */
export function cannedHttpResult(mode: Exclude<HttpMode, { type: "real" }>): HttpResult {
  if (mode.type === "mock") return { ok: true, status: mode.status, body: mode.body };
  return mode.status === undefined
    ? { ok: false, reason: mode.reason }
    : { ok: false, reason: mode.reason, status: mode.status };
}

export function describeHttpResult(result: HttpResult): string {
  if (result.ok) return `⟵ ${result.status} ${JSON.stringify(result.body)}`;
  const detail = [result.reason, result.status, result.message].filter((x) => x !== undefined);
  return `⟵ 请求失败 (${detail.join(", ")})`;
}
