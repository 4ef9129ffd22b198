import { describe, expect, it } from "vitest";
import { KeyFilter } from "./keyFilter";

describe("KeyFilter", () => {
  it("never reports an added key absent, also after growing past its capacity", () => {
    const filter = new KeyFilter(1024);
    const keys = Array.from({ length: 5000 }, (_, i) => `msg:${24_000_000_000 + i * 7}`);
    for (const key of keys) filter.add(key);
    for (const key of keys) expect(filter.mightContain(key)).toBe(true);
  });

  it("rules out most keys never added (false positives near 1 %)", () => {
    const filter = new KeyFilter(10_000);
    for (let i = 0; i < 10_000; i++) filter.add(`msg:${i}`);
    let maybe = 0;
    for (let i = 0; i < 10_000; i++)
      if (filter.mightContain(`evt:oFollower${i}:1714036504:subscribe:`)) maybe += 1;
    expect(maybe).toBeLessThan(300);
  });
});
