import { describe, expect, it } from "vitest";
import { createFollowerView } from "./follower";
import { renderTemplate, templateVariables } from "./template";

const follower = { ...createFollowerView("oABC"), scene: "poster" };

describe("renderTemplate", () => {
  it("fills variables, fallbacks and follower fields", () => {
    const vars = { name: "小王", age: 30, vip: true, empty: "", none: null };
    expect(renderTemplate("你好 {{name}}，{{ age }} 岁 {{vip}}", vars, follower)).toBe(
      "你好 小王，30 岁 true",
    );
    expect(renderTemplate("{{empty|朋友}}/{{none|无}}/{{missing| 客人 }}", vars, follower)).toBe(
      "朋友/无/客人",
    );
    expect(renderTemplate("{{follower.openid}} {{follower.scene}}", vars, follower)).toBe(
      "oABC poster",
    );
  });

  it("renders a missing variable without a fallback as nothing, never as raw syntax", () => {
    expect(renderTemplate("[{{missing}}]", {}, null)).toBe("[]");
    expect(renderTemplate("{{ not closed", {}, null)).toBe("{{ not closed");
  });

  it("escapes values for URLs (except a leading base) and JSON bodies", () => {
    const vars = { q: "a b&c", base: "https://x.test", quote: 'say "hi"\n' };
    expect(renderTemplate("{{base}}/s?q={{q}}", vars, null, "url")).toBe(
      "https://x.test/s?q=a%20b%26c",
    );
    const body = renderTemplate('{"t":"{{quote}}"}', vars, null, "json");
    expect(JSON.parse(body)).toEqual({ t: 'say "hi"\n' });
  });
});

describe("templateVariables", () => {
  it("lists each referenced name once, in order", () => {
    expect(templateVariables("{{a}} {{b|x}} {{a}} {{follower.openid}} {{ c }}")).toEqual([
      "a",
      "b",
      "follower.openid",
      "c",
    ]);
    expect(templateVariables("no placeholders")).toEqual([]);
  });
});
