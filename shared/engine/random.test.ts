import { describe, expect, it } from "vitest";
import { mulberry32, pickWeighted } from "./random";

describe("mulberry32", () => {
  it("repeats for the same seed and stays in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe("pickWeighted", () => {
  it("honours weights and skips zero-weight branches", () => {
    expect(pickWeighted([50, 50], 0.49)).toBe(0);
    expect(pickWeighted([50, 50], 0.5)).toBe(1);
    expect(pickWeighted([0, 100], 0)).toBe(1);
    expect(pickWeighted([100, 0], 0.9999)).toBe(0);
    expect(pickWeighted([0, 0, 0], 0.7)).toBe(2);
  });
});
