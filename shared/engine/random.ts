// Seeded randomness for A/B splits: the same seed always draws the same branch.

/** mulberry32: a tiny, fast 32-bit PRNG; returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, so each A/B node draws from its own stream even within one step. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Index drawn by weight; equal chances when every weight is 0. */
export function pickWeighted(weights: readonly number[], draw: number): number {
  const total = weights.reduce((sum, w) => sum + Math.max(w, 0), 0);
  if (total <= 0) return Math.min(weights.length - 1, Math.floor(draw * weights.length));
  let target = draw * total;
  for (let i = 0; i < weights.length; i++) {
    const w = Math.max(weights[i]!, 0);
    if (target < w) return i;
    target -= w;
  }
  let last = weights.length - 1;
  while (last > 0 && !(weights[last]! > 0)) last--;
  return last;
}
