import { describe, expect, it } from "vitest";
import { LruMap } from "./lruMap";

describe("LruMap", () => {
  it("forgets the least recently used entry when full", () => {
    const m = new LruMap<string, number>(2);
    m.set("a", 1);
    m.set("b", 2);
    expect(m.get("a")).toBe(1); // a is now newer than b
    m.set("c", 3);
    expect(m.get("b")).toBeUndefined();
    expect(m.get("a")).toBe(1);
    expect(m.get("c")).toBe(3);
    expect(m.size).toBe(2);
  });

  it("replaces a value without growing, and deletes and clears", () => {
    const m = new LruMap<string, number | null>(3);
    m.set("a", 1);
    m.set("a", null);
    expect(m.get("a")).toBeNull();
    expect(m.size).toBe(1);
    m.delete("a");
    expect(m.get("a")).toBeUndefined();
    m.set("b", 2);
    m.clear();
    expect(m.size).toBe(0);
  });

  it("keeps nothing with a limit of 0", () => {
    const m = new LruMap<string, number>(0);
    m.set("a", 1);
    expect(m.get("a")).toBeUndefined();
  });
});
