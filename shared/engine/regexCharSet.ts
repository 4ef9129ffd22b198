// Sets of characters as sorted code point ranges, with JavaScript's meaning of \d, \w, \s, `.` and `i`.

/** Flat pairs [lo0, hi0, lo1, hi1, …], sorted, not overlapping, not touching. */
export type Ranges = readonly number[];

export const MAX_CODE_UNIT = 0xffff;
export const MAX_CODE_POINT = 0x10ffff;

export const DIGITS: Ranges = [0x30, 0x39];
export const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
/** JavaScript's \s: WhiteSpace and LineTerminator, which RE2's ASCII-only \s is not. */
export const SPACE: Ranges = [
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f,
  0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
];
/** Where `^` and `$` match in multiline mode and what `.` skips without `s`. */
export const LINE_TERMINATORS: Ranges = [0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029];

/** The ranges of an unordered list of pairs, sorted and merged. */
export function normalized(pairs: readonly number[]): Ranges {
  const list: Array<[number, number]> = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) list.push([pairs[i]!, pairs[i + 1]!]);
  list.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of list) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

export function union(a: Ranges, b: Ranges): Ranges {
  return normalized([...a, ...b]);
}

/** Everything from 0 to `max` that `a` does not hold. */
export function complement(a: Ranges, max: number): Ranges {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i]! > next) out.push(next, a[i]! - 1);
    next = a[i + 1]! + 1;
  }
  if (next <= max) out.push(next, max);
  return out;
}

export function contains(a: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = a.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < a[mid * 2]!) hi = mid - 1;
    else if (cp > a[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

export function intersects(a: Ranges, b: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}

interface CaseTables {
  /** Characters that JavaScript's `i` without `u` treats as one (same Canonicalize result). */
  exact: number[][];
  /** Characters linked by toUpperCase or toLowerCase in either direction: a superset for any `i`. */
  loose: number[][];
}

let caseTables: CaseTables | null = null;

/** Built once, on first use, from the code units of the Basic Multilingual Plane. */
function tables(): CaseTables {
  if (caseTables) return caseTables;
  const byCanonical = new Map<number, number[]>();
  const parent = new Map<number, number>();
  const find = (c: number): number => {
    let r = c;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const link = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    parent.set(ra, ra);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (let c = 0; c <= MAX_CODE_UNIT; c++) {
    const s = String.fromCharCode(c);
    const upper = s.toUpperCase();
    const lower = s.toLowerCase();
    if (upper === s && lower === s) continue;
    // ECMAScript Canonicalize without `u`: the upper case when it is one code unit, unless that
    // would take a non-ASCII character to ASCII (so ſ stays apart from s, K from k).
    const u = upper.length === 1 ? upper.charCodeAt(0) : c;
    const canonical = c >= 0x80 && u < 0x80 ? c : u;
    if (canonical !== c) {
      const group = byCanonical.get(canonical) ?? [canonical];
      group.push(c);
      byCanonical.set(canonical, group);
    }
    for (const other of [upper, lower]) {
      const o = other.codePointAt(0)!;
      if (other.length === String.fromCodePoint(o).length && o !== c) link(c, o);
    }
  }
  const loose = new Map<number, number[]>();
  for (const c of parent.keys()) {
    const r = find(c);
    loose.set(r, [...(loose.get(r) ?? []), c]);
  }
  caseTables = { exact: [...byCanonical.values()], loose: [...loose.values()] };
  return caseTables;
}

/**
 * The set with every character that `i` lets match one of its members. `exact` follows
 * JavaScript without `u`; otherwise the result is a superset, for deciding what may overlap.
 */
export function caseClosure(a: Ranges, exact: boolean): Ranges {
  const groups = exact ? tables().exact : tables().loose;
  const added: number[] = [];
  for (const group of groups) {
    if (group.some((c) => contains(a, c))) for (const c of group) added.push(c, c);
  }
  // Outside the Basic Multilingual Plane (Deseret, Adlam …) any astral letter may pair with another.
  if (!exact && a.length > 0 && a[a.length - 1]! > MAX_CODE_UNIT) {
    added.push(0x10000, MAX_CODE_POINT);
  }
  return added.length > 0 ? union(a, added) : a;
}

export function intersection(a: Ranges, b: Ranges): Ranges {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}
