// Every UI string exists in both languages: a missing English or Chinese key is a visible bug.
import { describe, expect, it } from "vitest";
import { namespaces } from "./index";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("locales", () => {
  for (const [ns, texts] of Object.entries(namespaces)) {
    it(`${ns}: zh and en have the same keys`, () => {
      expect(keys(texts.en).sort()).toEqual(keys(texts.zh).sort());
    });
  }
});
