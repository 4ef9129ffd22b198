// Sessions: creation with declared defaults, expiry, and carrying variables into another flow.
import type { Flow, Variable, VariableValue } from "../schema";
import type { Session } from "./types";

/** A declared variable's starting value: its default coerced to its type, or null. */
export function defaultValueOf(variable: Variable): VariableValue {
  if (variable.default === undefined) return null;
  return coerceToType(variable.default, variable.type) ?? null;
}

export function initialVariables(flow: Flow): Record<string, VariableValue> {
  const variables: Record<string, VariableValue> = {};
  for (const v of flow.variables) variables[v.name] = defaultValueOf(v);
  return variables;
}

const TRUE_WORDS = new Set(["true", "1", "yes", "y", "是", "对", "真"]);

/**
 * Brings a value to a declared type: numbers that do not parse become null (the condition
 * `isEmpty` then sees it), booleans read true/1/yes/是 as true and anything else as false.
 */
export function coerceToType(
  value: VariableValue,
  type: Variable["type"] | undefined,
): VariableValue {
  if (value === null) return null;
  if (type === "number") {
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (typeof value === "boolean") return value ? 1 : 0;
    const text = value.trim().replace(/,/g, "");
    if (text === "") return null;
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  if (type === "boolean") {
    if (typeof value === "boolean") return value;
    if (typeof value === "number") return value !== 0;
    return TRUE_WORDS.has(value.trim().toLowerCase());
  }
  if (type === "string") return String(value);
  return value;
}

export function sessionExpiry(flow: Flow, now: number): number {
  return now + flow.settings.sessionTimeoutMinutes * 60_000;
}

/** A fresh conversation in `flow`, every declared variable at its default. */
export function createSession(flow: Flow, version: number, now: number): Session {
  return {
    flowId: flow.id,
    flowVersion: version,
    nodeId: null,
    status: "active",
    variables: initialVariables(flow),
    retries: {},
    pending: null,
    error: null,
    startedAt: now,
    updatedAt: now,
    expiresAt: sessionExpiry(flow, now),
  };
}

/** Past `expiresAt` the conversation is over, whatever its status says. */
export function isExpired(session: Session, now: number): boolean {
  return now > session.expiresAt;
}

/** done and error sessions no longer route messages; the next one goes through the triggers. */
export function isLive(session: Session): boolean {
  return (
    session.status === "active" || session.status === "waiting" || session.status === "handedOff"
  );
}

/** A copy the step may change freely; the caller's session is never mutated. */
export function copySession(session: Session): Session {
  // Spelled out so every session has the same shape (fast property access after the copy).
  return {
    flowId: session.flowId,
    flowVersion: session.flowVersion,
    nodeId: session.nodeId,
    status: session.status,
    variables: { ...session.variables },
    retries: { ...session.retries },
    pending: session.pending ? { ...session.pending } : null,
    error: session.error ? { ...session.error } : null,
    startedAt: session.startedAt,
    updatedAt: session.updatedAt,
    expiresAt: session.expiresAt,
  };
}

/** Marks the session as touched by this step: expiry counts from now. */
export function touchSession(session: Session, flow: Flow, now: number): void {
  session.updatedAt = now;
  session.expiresAt = sessionExpiry(flow, now);
}

/** Defaults of the new flow, with values of variables both flows declare carried over. */
export function carryVariables(
  target: Flow,
  from: Record<string, VariableValue>,
): Record<string, VariableValue> {
  const variables = initialVariables(target);
  for (const v of target.variables) {
    if (Object.hasOwn(from, v.name)) variables[v.name] = coerceToType(from[v.name] ?? null, v.type);
  }
  return variables;
}
