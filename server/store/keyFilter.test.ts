import { describe, expect, it } from "vitest";
import { KeyFilter } from "./keyFilter";

describe("KeyFilter", () => {
  it("never reports an added key absent, also after growing past its capacity", () => {
    const filter = new KeyFilter(1024);
    const keys = Array.from({ length: 5000 }, (_, i) => `msg:${24_000_000_000 + i * 7}`);
    for (const key of keys) filter.add(key, 0);
    for (const key of keys) expect(filter.mightContain(key)).toBe(true);
  });

  it("rules out most keys never added (false positives near 1 %)", () => {
    const filter = new KeyFilter(10_000);
    for (let i = 0; i < 10_000; i++) filter.add(`msg:${i}`, 0);
    let maybe = 0;
    for (let i = 0; i < 10_000; i++)
      if (filter.mightContain(`evt:oFollower${i}:1714036504:subscribe:`)) maybe += 1;
    expect(maybe).toBeLessThan(300);
  });

  it("stays the size of the ids kept when the day's purge forgets the old ones, however long it runs", () => {
    // 90 days at 20,000 messages a day, ids kept for a day and purged hourly, as housekeeping does.
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    const perHour = 20_000 / 24;
    const filter = new KeyFilter(10_000);
    let n = 0;
    let largest = 0;
    for (let hour = 1; hour <= 90 * 24; hour++) {
      for (let i = 0; i < perHour; i++) {
        const at = (hour - 1) * HOUR + (i * HOUR) / perHour;
        filter.add(`msg:${n++}`, at);
      }
      filter.forgetBefore(hour * HOUR - DAY);
      largest = Math.max(largest, filter.bytes);
    }
    // A filter holds 10 bits per id: the last day's 20,000 ids in a few filters, not 1.8 million.
    expect(largest).toBeLessThanOrEqual((4 * 20_000 * 10) / 8);
    // Every id of the last day is still known.
    for (let i = n - 20_000; i < n; i++) expect(filter.mightContain(`msg:${i}`)).toBe(true);
  });

  it("keeps a filter while any of its ids is newer than the purge", () => {
    const filter = new KeyFilter(1024);
    for (let i = 0; i < 1024; i++) filter.add(`old:${i}`, i === 1023 ? 5_000 : 100);
    filter.add("new:0", 6_000);
    filter.forgetBefore(1_000);
    expect(filter.mightContain("old:1023")).toBe(true);
    filter.forgetBefore(5_001);
    expect(filter.mightContain("new:0")).toBe(true);
    let maybe = 0;
    for (let i = 0; i < 1023; i++) if (filter.mightContain(`old:${i}`)) maybe += 1;
    expect(maybe).toBeLessThan(50);
  });
});
