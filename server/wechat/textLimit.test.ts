// The server keeps its import path for the text limit; the behaviour is tested in shared/wechat.
import { describe, expect, it } from "vitest";
import * as shared from "../../shared/wechat/textLimit";
import {
  fitText,
  splitText,
  TEXT_LIMIT_BYTES,
  TRUNCATION_MARKER,
  trimText,
  utf8Length,
} from "./textLimit";

describe("server/wechat/textLimit", () => {
  it("is the shared implementation, so the simulator and the runtime cannot drift apart", () => {
    expect({
      fitText,
      splitText,
      TEXT_LIMIT_BYTES,
      TRUNCATION_MARKER,
      trimText,
      utf8Length,
    }).toEqual({
      fitText: shared.fitText,
      splitText: shared.splitText,
      TEXT_LIMIT_BYTES: 2048,
      TRUNCATION_MARKER: "…（内容过长已截断）",
      trimText: shared.trimText,
      utf8Length: shared.utf8Length,
    });
  });

  it("still gives the passive reply the first 2048 bytes and customer service the rest", () => {
    const { first, rest } = fitText("z".repeat(5000));
    expect(first).toHaveLength(2048);
    expect(rest.map((c) => c.length)).toEqual([2048, 904]);
    expect(utf8Length(trimText("汉".repeat(1000)))).toBeLessThanOrEqual(2048);
  });
});
