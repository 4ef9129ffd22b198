// HUASHU_LOG_RETENTION_DAYS: how long the message log is kept, and what a bad value says.
import { describe, expect, it } from "vitest";
import { configHelp, LOG_RETENTION_DEFAULT_DAYS, loadConfig } from "./config";

function load(value: string | undefined) {
  return loadConfig({ HUASHU_LOG_RETENTION_DAYS: value }, { createDbFolder: false });
}

describe("HUASHU_LOG_RETENTION_DAYS", () => {
  it("keeps 180 days when unset or blank", () => {
    expect(LOG_RETENTION_DEFAULT_DAYS).toBe(180);
    for (const value of [undefined, "", "  "]) {
      const result = load(value);
      expect(result.ok && result.config.logRetentionDays).toBe(180);
    }
  });

  it("reads a number of days", () => {
    const result = load(" 30 ");
    expect(result.ok && result.config.logRetentionDays).toBe(30);
    expect(result.ok && result.notes.join("\n")).not.toMatch(/forever/);
  });

  it("reads off as keep forever, and says so at start", () => {
    for (const value of ["off", "OFF"]) {
      const result = load(value);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.config.logRetentionDays).toBeNull();
      expect(result.notes.join("\n")).toMatch(/HUASHU_LOG_RETENTION_DAYS=off.*forever/);
    }
  });

  it.each([
    ["half a year", /^HUASHU_LOG_RETENTION_DAYS: "half a year" is not a number of days.*or off/],
    ["-5", /^HUASHU_LOG_RETENTION_DAYS: "-5" is not a number of days/],
    ["7.5", /^HUASHU_LOG_RETENTION_DAYS: "7.5" is not a number of days/],
    ["1e3", /^HUASHU_LOG_RETENTION_DAYS: "1e3" is not a number of days/],
    ["0", /^HUASHU_LOG_RETENTION_DAYS: 0 would delete.*at least 1 day, or off/],
    ["36501", /^HUASHU_LOG_RETENTION_DAYS: 36501 days is more than 36500.*off/],
  ])("refuses %j, naming the variable and what to write instead", (value, message) => {
    const result = load(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(message);
  });

  it("is listed by --help with its default", () => {
    expect(configHelp()).toMatch(
      /HUASHU_LOG_RETENTION_DAYS\s+days the message log[^\n]*\n\s+default: 180/,
    );
  });
});
