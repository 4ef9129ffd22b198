// Condition rules over variables, follower attributes and local time; the first branch that holds wins.
import type {
  ConditionBranch,
  ConditionNode,
  ConditionRule,
  Operand,
  VariableValue,
} from "../schema";
import { ELSE } from "../schema";
import { regexTest, safeRegex } from "./regex";
import type { FollowerView } from "./types";

export interface ConditionEnv {
  variables: Record<string, VariableValue>;
  follower: FollowerView;
  now: number;
  utcOffsetMinutes: number;
}

type OperandValue = VariableValue | string[] | undefined;

/** hour 0–23 and weekday 1–7 (Monday = 1) at `now` in the flow's time zone, by arithmetic alone. */
export function localTime(
  now: number,
  utcOffsetMinutes: number,
): { hour: number; weekday: number } {
  const local = now + utcOffsetMinutes * 60_000;
  const hour = (((Math.floor(local / 3_600_000) % 24) + 24) % 24) as number;
  const days = Math.floor(local / 86_400_000);
  // 1970-01-01 was a Thursday (weekday 4).
  const weekday = ((((days + 3) % 7) + 7) % 7) + 1;
  return { hour, weekday };
}

function operandValue(operand: Operand, env: ConditionEnv): OperandValue {
  switch (operand.type) {
    case "variable":
      return Object.hasOwn(env.variables, operand.name) ? env.variables[operand.name] : null;
    case "follower":
      return env.follower[operand.field];
    case "time":
      return localTime(env.now, env.utcOffsetMinutes)[operand.field];
  }
}

/** A number when the value reads as one ("12", " 3.5 ", 7); otherwise null. */
function asNumber(value: OperandValue): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function asString(value: OperandValue): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(",");
  return String(value).trim();
}

function isEmpty(value: OperandValue): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "string" && value.trim() === "";
}

function equals(left: OperandValue, right: string): boolean {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== null && b !== null) return a === b;
  return asString(left) === right.trim();
}

function contains(left: OperandValue, right: string): boolean {
  if (Array.isArray(left)) return left.includes(right.trim());
  return asString(left).includes(right.trim());
}

/** "9-18" (also "9~18", "9 到 18") → [9, 18]. */
function parseRange(text: string): [number, number] | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:-|~|～|–|—|到|至)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function matchesPattern(left: OperandValue, pattern: string): boolean {
  return regexTest(safeRegex(pattern, "i"), asString(left));
}

/** gt/gte/lt/lte: numeric only; a side that is not a number makes the rule false. */
function compareNumbers(
  left: OperandValue,
  right: string,
  op: "gt" | "gte" | "lt" | "lte",
): boolean {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a === null || b === null) return false;
  switch (op) {
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
  }
}

export function evaluateRule(rule: ConditionRule, env: ConditionEnv): boolean {
  const left = operandValue(rule.left, env);
  switch (rule.op) {
    case "eq":
      return equals(left, rule.value);
    case "neq":
      return !equals(left, rule.value);
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return compareNumbers(left, rule.value, rule.op);
    case "contains":
      return contains(left, rule.value);
    case "notContains":
      return !contains(left, rule.value);
    case "isEmpty":
      return isEmpty(left);
    case "notEmpty":
      return !isEmpty(left);
    case "matches":
      return matchesPattern(left, rule.value);
    case "between": {
      const range = parseRange(rule.value);
      const n = asNumber(left);
      if (!range || n === null) return false;
      const [lo, hi] = range;
      // "22-6" wraps around midnight: 22, 23, 0 … 6.
      return lo <= hi ? n >= lo && n <= hi : n >= lo || n <= hi;
    }
  }
}

export function evaluateBranch(branch: ConditionBranch, env: ConditionEnv): boolean {
  const any = branch.match === "any";
  for (const rule of branch.rules) {
    if (evaluateRule(rule, env) === any) return any;
  }
  return !any;
}

/** The handle to leave by: the first branch that holds, else `else`. */
export function conditionHandle(node: ConditionNode, env: ConditionEnv): string {
  for (const branch of node.branches) if (evaluateBranch(branch, env)) return branch.id;
  return ELSE;
}
