// One engine reply as the messages WeChat receives: the rule the runtime and the simulator share.
import { describe, expect, it } from "vitest";
import type { Reply } from "../engine/types";
import { expandReply } from "./expandReply";
import { splitText, utf8Length } from "./textLimit";

const from = { nodeId: "n1", flowId: "f1" };

describe("expandReply", () => {
  it("leaves short text and other kinds of reply as one message, the same object", () => {
    const short: Reply = { ...from, type: "text", text: "你好" };
    expect(expandReply(short)).toEqual([short]);
    expect(expandReply(short)[0]).toBe(short);
    const image: Reply = { ...from, type: "image", mediaId: "m1" };
    expect(expandReply(image)).toEqual([image]);
  });

  it("keeps exactly 2048 bytes whole and splits one byte more", () => {
    expect(expandReply({ ...from, type: "text", text: "a".repeat(2048) })).toHaveLength(1);
    // 683 Chinese characters: 2049 bytes.
    const parts = expandReply({ ...from, type: "text", text: "汉".repeat(683) });
    expect(parts.map((p) => (p.type === "text" ? p.text.length : 0))).toEqual([682, 1]);
    expect(parts.map((p) => p.split)).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 2 },
    ]);
  });

  it("sends long text as splitText's pieces, each from the same node and flow", () => {
    const text = `${"第一段。".repeat(150)}\n${"第二段。".repeat(150)}`;
    const parts = expandReply({ ...from, type: "text", text });
    expect(parts).toEqual(
      splitText(text).map((piece, i) => ({
        ...from,
        type: "text",
        text: piece,
        split: { index: i + 1, count: 2 },
      })),
    );
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      expect(part.type === "text" && utf8Length(part.text)).toBeLessThanOrEqual(2048);
    }
  });
});
