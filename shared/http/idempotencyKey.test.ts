// The header rule every host applies alike, and the UUID form of its value.
import { describe, expect, it } from "vitest";
import { IDEMPOTENCY_KEY, uuidFromBytes, withIdempotencyKey } from "./idempotencyKey";

describe("withIdempotencyKey", () => {
  it("adds the key beside the node's headers", () => {
    expect(withIdempotencyKey({ Authorization: "Bearer t" }, "k")).toEqual({
      Authorization: "Bearer t",
      [IDEMPOTENCY_KEY]: "k",
    });
  });

  it("keeps a key the node sets itself, whatever its case", () => {
    for (const name of [
      "Idempotency-Key",
      "idempotency-key",
      "IDEMPOTENCY-KEY",
      " idempotency-Key",
    ]) {
      expect(withIdempotencyKey({ [name]: "order-7" }, "k")).toEqual({ [name]: "order-7" });
    }
  });

  it("replaces a key the node set but that came out empty", () => {
    expect(withIdempotencyKey({ "idempotency-key": " ", Accept: "json" }, "k")).toEqual({
      Accept: "json",
      [IDEMPOTENCY_KEY]: "k",
    });
  });
});

describe("uuidFromBytes", () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

  it("formats the first 16 bytes with the version and RFC 9562 variant set", () => {
    expect(uuidFromBytes(bytes, 8)).toBe("fffefdfc-fbfa-89f8-b7f6-f5f4f3f2f1f0");
    expect(uuidFromBytes(bytes, 4)).toBe("fffefdfc-fbfa-49f8-b7f6-f5f4f3f2f1f0");
    expect(uuidFromBytes(new Uint8Array(16), 8)).toBe("00000000-0000-8000-8000-000000000000");
  });

  it("refuses fewer than 16 bytes", () => {
    expect(() => uuidFromBytes(new Uint8Array(15), 4)).toThrow(RangeError);
  });
});
