// Input validators for free-text answers: each returns the normalised value to store, or why not.
import type { InputValidator } from "../schema";
import { toHalfWidth } from "./normalize";
import { regexTest, safeRegex } from "./regex";

export type ValidationResult = { ok: true; value: string | number } | { ok: false; reason: string };

const fail = (reason: string): ValidationResult => ({ ok: false, reason });

/** "1,000", "１２.５", "-3" → numbers; then integer, min and max. */
export function validateNumber(
  raw: string,
  rule: { min?: number; max?: number; integer?: boolean },
): ValidationResult {
  const text = toHalfWidth(raw).trim().replace(/[,\s]/g, "").replace(/。$/, "");
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return fail("not a number");
  const value = Number(text);
  if (!Number.isFinite(value)) return fail("not a finite number");
  if (rule.integer && !Number.isInteger(value)) return fail("not an integer");
  if (rule.min !== undefined && value < rule.min) return fail(`below ${rule.min}`);
  if (rule.max !== undefined && value > rule.max) return fail(`above ${rule.max}`);
  return { ok: true, value };
}

/** Mainland mobile: spaces, dashes, +86 / 0086 removed; stored as the 11 digits. */
export function validateMobile(raw: string): ValidationResult {
  let text = toHalfWidth(raw).replace(/[\s-]/g, "");
  if (text.startsWith("+86")) text = text.slice(3);
  else if (text.startsWith("0086")) text = text.slice(4);
  return /^1[3-9]\d{9}$/.test(text) ? { ok: true, value: text } : fail("not a mainland mobile");
}

export function validateEmail(raw: string): ValidationResult {
  const text = toHalfWidth(raw).trim();
  return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(text) && text.length <= 254
    ? { ok: true, value: text }
    : fail("not an email address");
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 (or 号); a real calendar date, stored YYYY-MM-DD. */
export function validateDate(raw: string): ValidationResult {
  const text = toHalfWidth(raw).trim();
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ??
    /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text);
  if (!m) return fail("not a date");
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return fail("not a calendar date");
  const pad = (n: number) => String(n).padStart(2, "0");
  return { ok: true, value: `${y}-${pad(mo)}-${pad(d)}` };
}

/** Checks a typed answer; an empty answer never passes. */
export function validateInput(validator: InputValidator, raw: string): ValidationResult {
  const text = raw.trim();
  if (text.length === 0) return fail("empty");
  switch (validator.type) {
    case "any":
      return { ok: true, value: text };
    case "number":
      return validateNumber(text, validator);
    case "mobile":
      return validateMobile(text);
    case "email":
      return validateEmail(text);
    case "date":
      return validateDate(text);
    case "regex": {
      const re = safeRegex(validator.pattern, validator.flags);
      if (!re) return fail("invalid pattern");
      return regexTest(re, text) ? { ok: true, value: text } : fail("pattern does not match");
    }
  }
}
