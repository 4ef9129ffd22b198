import { describe, expect, it } from "vitest";
import { ruleSchema } from "../schema";
import { type ConditionEnv, evaluateRule, localTime } from "./conditions";
import { createFollowerView } from "./follower";

// 2026-01-05 is a Monday; 02:00 UTC is 10:00 in China (UTC+8).
const MONDAY_10_CN = Date.UTC(2026, 0, 5, 2, 0, 0);

const env: ConditionEnv = {
  variables: { age: "30", score: 7, name: "Alice", empty: "", none: null, vip: true },
  follower: { ...createFollowerView("o"), tags: ["vip", "beijing"], interactions: 4, scene: "s1" },
  now: MONDAY_10_CN,
  utcOffsetMinutes: 480,
};
const rule = (left: Record<string, unknown>, op: string, value = "") =>
  evaluateRule(ruleSchema.parse({ left, op, value }), env);
const v = (name: string) => ({ type: "variable", name });

describe("localTime", () => {
  it("computes hour and weekday (Monday = 1) in the flow's time zone", () => {
    expect(localTime(MONDAY_10_CN, 480)).toEqual({ hour: 10, weekday: 1 });
    expect(localTime(MONDAY_10_CN, 0)).toEqual({ hour: 2, weekday: 1 });
    expect(localTime(MONDAY_10_CN, -180)).toEqual({ hour: 23, weekday: 7 });
    expect(localTime(Date.UTC(2026, 0, 11, 15, 59), 480)).toEqual({ hour: 23, weekday: 7 });
    expect(localTime(Date.UTC(1969, 11, 31, 12), 0)).toEqual({ hour: 12, weekday: 3 });
  });
});

describe("evaluateRule", () => {
  it("eq/neq compare numbers numerically, else as strings; booleans as true/false", () => {
    expect(rule(v("age"), "eq", "30.0")).toBe(true);
    expect(rule(v("score"), "eq", "7")).toBe(true);
    expect(rule(v("name"), "eq", "Alice")).toBe(true);
    expect(rule(v("name"), "neq", "Bob")).toBe(true);
    expect(rule(v("vip"), "eq", "true")).toBe(true);
    expect(rule(v("missing"), "eq", "")).toBe(true);
  });
  it("gt/gte/lt/lte are numeric and false for non-numbers", () => {
    expect(rule(v("age"), "gt", "18")).toBe(true);
    expect(rule(v("age"), "gte", "30")).toBe(true);
    expect(rule(v("age"), "lt", "30")).toBe(false);
    expect(rule(v("score"), "lte", "7")).toBe(true);
    expect(rule(v("name"), "gt", "1")).toBe(false);
  });
  it("contains works on strings and on follower tags", () => {
    expect(rule(v("name"), "contains", "lic")).toBe(true);
    expect(rule({ type: "follower", field: "tags" }, "contains", "vip")).toBe(true);
    expect(rule({ type: "follower", field: "tags" }, "contains", "vi")).toBe(false);
    expect(rule({ type: "follower", field: "tags" }, "notContains", "shanghai")).toBe(true);
  });
  it("isEmpty/notEmpty", () => {
    expect(rule(v("empty"), "isEmpty")).toBe(true);
    expect(rule(v("none"), "isEmpty")).toBe(true);
    expect(rule(v("missing"), "isEmpty")).toBe(true);
    expect(rule(v("score"), "notEmpty")).toBe(true);
    expect(rule({ type: "follower", field: "scene" }, "notEmpty")).toBe(true);
  });
  it("matches is a regex test; an invalid pattern is false", () => {
    expect(rule(v("name"), "matches", "^al")).toBe(true);
    expect(rule(v("name"), "matches", "([")).toBe(false);
  });
  it("between is inclusive, and wraps past midnight when the range is reversed", () => {
    expect(rule({ type: "time", field: "hour" }, "between", "9-18")).toBe(true);
    expect(rule({ type: "time", field: "hour" }, "between", "10-10")).toBe(true);
    expect(rule({ type: "time", field: "hour" }, "between", "22-6")).toBe(false);
    expect(rule({ type: "time", field: "weekday" }, "between", "6-7")).toBe(false);
    expect(rule({ type: "follower", field: "interactions" }, "between", "3~5")).toBe(true);
    expect(rule(v("age"), "between", "nonsense")).toBe(false);
  });
  it("reads follower fields", () => {
    expect(rule({ type: "follower", field: "subscribed" }, "eq", "true")).toBe(true);
    expect(rule({ type: "follower", field: "isNew" }, "eq", "false")).toBe(false);
    expect(rule({ type: "follower", field: "interactions" }, "gt", "3")).toBe(true);
    expect(rule({ type: "follower", field: "silentDays" }, "gte", "90")).toBe(false);
    const dormant = { ...env, follower: { ...env.follower, silentDays: 120 } };
    const silent = ruleSchema.parse({
      left: { type: "follower", field: "silentDays" },
      op: "gte",
      value: "90",
    });
    expect(evaluateRule(silent, dormant)).toBe(true);
  });
});
