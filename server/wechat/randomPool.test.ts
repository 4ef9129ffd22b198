import { describe, expect, it } from "vitest";
import { randomBytesFromPool, randomNonce } from "./randomPool";

describe("random pool", () => {
  it("never hands out the same bytes twice, across refills", () => {
    const seen = new Set<string>();
    // 1,000 draws of 16 bytes cross the 4 KiB pool several times.
    for (let i = 0; i < 1000; i++) seen.add(randomBytesFromPool(16).toString("hex"));
    expect(seen.size).toBe(1000);
  });

  it("returns copies the caller may keep, and serves sizes larger than the pool", () => {
    const a = randomBytesFromPool(16);
    const kept = Buffer.from(a);
    for (let i = 0; i < 300; i++) randomBytesFromPool(16);
    expect(a.equals(kept)).toBe(true);
    expect(randomBytesFromPool(10_000)).toHaveLength(10_000);
  });

  it("makes decimal nonces", () => {
    expect(randomNonce()).toMatch(/^\d{1,10}$/);
  });
});
