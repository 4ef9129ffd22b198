// Marketer-written regular expressions, compiled defensively: invalid or explosive ones never match.

/** Longer messages are cut to this many characters before a regex sees them. */
export const REGEX_SUBJECT_LIMIT = 1000;

/** `+`, `*`, `{n,}` or `{n,m}` with a large m at position i. */
function unboundedQuantifierAt(pattern: string, i: number): boolean {
  const c = pattern[i];
  if (c === "+" || c === "*") return true;
  if (c !== "{") return false;
  const m = /^\{\d*,(\d*)\}/.exec(pattern.slice(i, i + 16));
  return m !== null && (m[1] === "" || Number(m[1]) > 10);
}

/**
 * True for a repeated group that itself repeats, like `(a+)+` or `(\w*x)*`: such patterns
 * backtrack exponentially on a non-matching message (24 characters can take seconds), which
 * would freeze the runtime for every follower. They are refused rather than run.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") groups.push(false);
    else if (c === ")") {
      const innerRepeats = groups.pop() ?? false;
      if (innerRepeats && unboundedQuantifierAt(pattern, i + 1)) return true;
      if (innerRepeats && groups.length > 0) groups[groups.length - 1] = true;
    } else if (groups.length > 0 && unboundedQuantifierAt(pattern, i)) {
      groups[groups.length - 1] = true;
    }
  }
  return false;
}

const cache = new Map<string, RegExp | null>();

/**
 * The compiled pattern, or null when it is invalid or explosive. `g` and `y` are dropped so that
 * `test()` never carries a position from one message to the next.
 */
export function safeRegex(pattern: string, flags = ""): RegExp | null {
  const key = `${flags}/${pattern}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let re: RegExp | null = null;
  if (!hasNestedQuantifier(pattern)) {
    try {
      re = new RegExp(pattern, flags.replace(/[gy]/g, ""));
    } catch {
      re = null;
    }
  }
  if (cache.size >= 1000) cache.clear();
  cache.set(key, re);
  return re;
}

/** Tests a message against a pattern compiled by `safeRegex`; null never matches. */
export function regexTest(re: RegExp | null, subject: string): boolean {
  if (!re) return false;
  return re.test(
    subject.length > REGEX_SUBJECT_LIMIT ? subject.slice(0, REGEX_SUBJECT_LIMIT) : subject,
  );
}
