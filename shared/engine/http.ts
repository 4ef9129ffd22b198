// http nodes: ask the host to make the request, then resume on its result with mapped variables.
import type { HttpNode, VariableValue } from "../schema";
import { FAILURE, SUCCESS } from "../schema";
import { type Cursor, note, type StepContext } from "./context";
import { flowIndex } from "./flowIndex";
import { follow } from "./follow";
import { coerceToType } from "./session";
import { renderTemplate } from "./template";
import type { HttpResult } from "./types";

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/** Emits the request and leaves the session waiting for exactly this request's result. */
export function requestHttp(ctx: StepContext, cursor: Cursor, node: HttpNode): void {
  const { session } = cursor;
  const flowId = cursor.flow.flow.id;
  // now and seed make the id unique per request without storing a counter in the session.
  const requestId = `${flowId}:${node.id}:${ctx.now}:${ctx.seed}`;
  const vars = session.variables;
  const headers: Record<string, string> = {};
  for (const h of node.headers) headers[h.name] = renderTemplate(h.value, vars, ctx.follower);
  const bodyEscape = /^\s*[[{]/.test(node.body) ? "json" : "none";
  ctx.effects.push({
    type: "http",
    requestId,
    nodeId: node.id,
    method: node.method,
    url: renderTemplate(node.url, vars, ctx.follower, "url"),
    headers,
    body: METHODS_WITH_BODY.has(node.method)
      ? renderTemplate(node.body, vars, ctx.follower, bodyEscape)
      : "",
    timeoutMs: node.timeoutMs,
  });
  session.status = "waiting";
  session.nodeId = node.id;
  session.pending = { type: "http", requestId, nodeId: node.id };
}

/** `data.items.0.price`: numeric segments index arrays; undefined when any step is missing. */
export function valueAtPath(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const segment of path.split(".")) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === "object" && current !== null) {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function toVariableValue(value: unknown): VariableValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return JSON.stringify(value) ?? null;
}

/** The request's result: map the response into variables, then on by success or failure. */
export function resumeHttp(
  ctx: StepContext,
  cursor: Cursor,
  node: HttpNode,
  result: HttpResult,
): string | null {
  const { session } = cursor;
  const index = flowIndex(cursor.flow.flow);
  session.pending = null;
  if (result.ok) {
    for (const m of node.responseMappings) {
      const value = valueAtPath(result.body, m.path);
      if (value === undefined) {
        note(ctx, `${node.id}: response has no ${m.path}, ${m.variable} unchanged`);
        continue;
      }
      session.variables[m.variable] = coerceToType(
        toVariableValue(value),
        index.variable(m.variable)?.type,
      );
    }
  } else {
    note(
      ctx,
      `${node.id}: request failed (${result.reason}${result.message ? `: ${result.message}` : ""})`,
    );
  }
  if (node.statusVariable) {
    // 0 when no response arrived at all (timeout, network).
    session.variables[node.statusVariable] = result.status ?? 0;
  }
  return follow(ctx, cursor, node.id, result.ok ? SUCCESS : FAILURE);
}
