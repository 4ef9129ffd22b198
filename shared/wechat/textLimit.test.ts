// WeChat's text limit: byte counting, splitting and trimming never break a character.
import { describe, expect, it } from "vitest";
import { fitText, splitText, TRUNCATION_MARKER, trimText, utf8Length } from "./textLimit";

const strict = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** A chunk survives a byte-exact round trip: no half characters, no lone surrogates. */
function intact(chunk: string): boolean {
  const bytes = encoder.encode(chunk);
  return (
    strict.decode(bytes) === chunk &&
    !/[\uD800-\uDFFF]/u.test(chunk.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""))
  );
}

describe("utf8Length", () => {
  // shared/ cannot use Buffer; the test can, as the reference the server used to call.
  const samples: Record<string, string> = {
    empty: "",
    ascii: "Hello, WeChat! 0123",
    latin: "café naïve ß",
    cjk: "汉字，标点。全角！",
    emoji: "😀🇨🇳",
    "emoji with modifiers": "👍🏽👨‍👩‍👧🏳️‍🌈",
    "lone high surrogate": "a\uD83Db",
    "lone low surrogate": "a\uDE00b",
    "lone surrogate at the end": "末\uD83D",
    "reversed pair": "\uDE00\uD83D",
    mixed: "abc汉字😀🇨🇳\n\r\n\u0000\u07FF\u0800\uFFFF",
  };
  for (const [name, text] of Object.entries(samples)) {
    it(`counts ${name} as Buffer.byteLength does`, () => {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, "utf8"));
    });
  }

  it("agrees with TextEncoder, which the browser has", () => {
    const text = "👍🏽汉a\uD83D".repeat(50);
    expect(utf8Length(text)).toBe(encoder.encode(text).length);
  });
});

describe("splitText", () => {
  it("leaves text within the limit alone, including exactly 2048 bytes", () => {
    expect(splitText("你好")).toEqual(["你好"]);
    const exact = "a".repeat(2048);
    expect(splitText(exact)).toEqual([exact]);
    expect(splitText("")).toEqual([""]);
  });

  it("splits Chinese text at 2048 bytes without breaking a character", () => {
    // 683 × 3 bytes = 2049: one byte too many.
    const text = "汉".repeat(683);
    const chunks = splitText(text);
    expect(chunks).toHaveLength(2);
    for (const chunk of chunks) {
      expect(utf8Length(chunk)).toBeLessThanOrEqual(2048);
      expect(intact(chunk)).toBe(true);
    }
    expect(chunks.join("")).toBe(text);
    expect(utf8Length(chunks[0]!)).toBe(2046);
  });

  it("never cuts an emoji (a surrogate pair) at the boundary", () => {
    // 2046 ASCII bytes, then a 4-byte emoji straddling the limit.
    const text = `${"a".repeat(2046)}😀tail`;
    const chunks = splitText(text);
    expect(chunks[0]).toBe("a".repeat(2046));
    expect(chunks[1]).toBe("😀tail");
    for (const chunk of chunks) expect(intact(chunk)).toBe(true);
  });

  it("keeps an emoji with a skin-tone modifier or ZWJ family together", () => {
    const family = "👨‍👩‍👧";
    const text = `${"b".repeat(2040)}${family}${"c".repeat(10)}`;
    const chunks = splitText(text);
    expect(chunks[0]).toBe("b".repeat(2040));
    expect(chunks[1]!.startsWith(family)).toBe(true);
  });

  it("prefers a line break and drops it", () => {
    const first = "第一段".repeat(200); // 1800 bytes
    const second = "第二段".repeat(200);
    const chunks = splitText(`${first}\n${second}`);
    expect(chunks).toEqual([first, second]);
  });

  it("falls back to a sentence end, then to a hard cut", () => {
    const sentence = `${"好".repeat(400)}。`; // 1203 bytes
    const chunks = splitText(sentence + "长".repeat(500));
    expect(chunks[0]).toBe(sentence);
    const noBreaks = "x".repeat(5000);
    expect(splitText(noBreaks).map((c) => c.length)).toEqual([2048, 2048, 904]);
  });

  it("ignores a line break that would leave a tiny first chunk", () => {
    const text = `hi\n${"y".repeat(3000)}`;
    const chunks = splitText(text);
    expect(utf8Length(chunks[0]!)).toBe(2048);
    expect(chunks.join("")).toBe(text);
  });

  it("keeps every chunk within a custom limit on mixed text", () => {
    const text = "abc汉字😀🇨🇳\n".repeat(300);
    for (const chunk of splitText(text, 100)) {
      expect(utf8Length(chunk)).toBeLessThanOrEqual(100);
      expect(intact(chunk)).toBe(true);
    }
  });
});

describe("trimText", () => {
  it("returns short text unchanged", () => {
    expect(trimText("短")).toBe("短");
  });

  it("cuts long text with a visible marker, still within 2048 bytes and whole characters", () => {
    const trimmed = trimText("😀汉a".repeat(500));
    expect(trimmed.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(utf8Length(trimmed)).toBeLessThanOrEqual(2048);
    expect(utf8Length(trimmed)).toBeGreaterThan(2000);
    expect(intact(trimmed)).toBe(true);
  });
});

describe("fitText", () => {
  it("gives the first chunk for the passive reply and the rest for customer service", () => {
    expect(fitText("hello")).toEqual({ first: "hello", rest: [] });
    const { first, rest } = fitText("z".repeat(5000));
    expect(first).toHaveLength(2048);
    expect(rest.map((c) => c.length)).toEqual([2048, 904]);
  });
});
