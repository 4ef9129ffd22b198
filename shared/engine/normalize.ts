// Text normalisation and fuzzy closeness shared by keyword triggers and option matching.
import { distance } from "fastest-levenshtein";

/** Full-width ASCII (Ｈｉ，１２３) and the ideographic space become their half-width forms. */
export function toHalfWidth(text: string): string {
  let out = "";
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) {
      out += String.fromCharCode(code - 0xfee0);
      changed = true;
    } else if (code === 0x3000) {
      out += " ";
      changed = true;
    } else {
      out += text[i];
    }
  }
  return changed ? out : text;
}

/** trim, lowercase, full-width → half-width, runs of whitespace → one space. */
export function normalizeText(text: string): string {
  return toHalfWidth(text).trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * How many edits a fuzzy match allows for a pattern of this length: none below 2 characters
 * (one typo in a one-character word is a different word), 1 for 2–4, 2 for longer.
 */
export function fuzzyLimit(patternLength: number): number {
  if (patternLength < 2) return 0;
  return patternLength <= 4 ? 1 : 2;
}

/** Both arguments already normalised. Cheap length check first: 10 KB messages stay fast. */
export function fuzzyEquals(text: string, pattern: string): boolean {
  const limit = fuzzyLimit(pattern.length);
  if (Math.abs(text.length - pattern.length) > limit) return false;
  if (limit === 0) return text === pattern;
  return distance(text, pattern) <= limit;
}
