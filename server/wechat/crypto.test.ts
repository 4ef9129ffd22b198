import { createCipheriv, randomBytes } from "node:crypto";
import * as wecom from "@wecom/crypto";
import { describe, expect, it } from "vitest";
import { createWechatCrypto, pkcs7Pad, validateEncodingAESKey } from "./crypto";
import { WechatProtocolError } from "./errors";
import { sha1Signature } from "./signature";

// wechatpy's test vectors, as copied into the protocol notes.
const TOKEN = "123456";
const KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
const APP_ID = "wx49f0ab532d5d035a";
const TIMESTAMP = "1411525903";
const NONCE = "461056294";
const PLAIN = [
  "<xml>",
  "<MsgType><![CDATA[text]]></MsgType>",
  "<Content><![CDATA[test]]></Content>",
  "<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>",
  "<ToUserName><![CDATA[messense]]></ToUserName>",
  "<AgentID>1</AgentID>",
  "<CreateTime>1411525903</CreateTime>",
  "</xml>",
].join("\n");
const EXPECTED_ENCRYPT =
  "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3";
const EXPECTED_SIGNATURE = "407518b7649e86ef23978113f92d27afa9296533";
const DECRYPT_ENCRYPT =
  "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=";
const DECRYPT_SIGNATURE = "74d92dfeb87ba7c714f89d98870ae5eb62dff26d";

const crypto = createWechatCrypto({ token: TOKEN, appId: APP_ID, encodingAESKey: KEY });

function randomKey(): string {
  return randomBytes(32).toString("base64").slice(0, 43);
}

/** Encrypts any bytes with WeChat's framing, so what is inside can be what no encoder would send. */
function sealBytes(message: Buffer, lengthField = message.length): string {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(lengthField, 0);
  const key = Buffer.from(`${KEY}=`, "base64");
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  const plain = pkcs7Pad(Buffer.concat([randomBytes(16), length, message, Buffer.from(APP_ID)]));
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
}

const signed = (encrypt: string) => ({
  msgSignature: sha1Signature([TOKEN, TIMESTAMP, NONCE, encrypt]),
  timestamp: TIMESTAMP,
  nonce: NONCE,
});

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WechatProtocolError);
    return (error as WechatProtocolError).code;
  }
  throw new Error("expected a WechatProtocolError");
}

describe("wechatpy vectors", () => {
  it("encrypts to the exact Encrypt and MsgSignature", () => {
    const out = crypto.encrypt(PLAIN, {
      timestamp: TIMESTAMP,
      nonce: NONCE,
      random16: Buffer.from("1234567890123456", "ascii"),
    });
    expect(out.encrypt).toBe(EXPECTED_ENCRYPT);
    expect(out.msgSignature).toBe(EXPECTED_SIGNATURE);
  });

  it("decrypts the vector to Content test from messense", () => {
    const { xml, keyUsed } = crypto.decrypt(DECRYPT_ENCRYPT, {
      msgSignature: DECRYPT_SIGNATURE,
      timestamp: TIMESTAMP,
      nonce: NONCE,
    });
    expect(keyUsed).toBe("current");
    expect(xml).toContain("<Content><![CDATA[test]]></Content>");
    expect(xml).toContain("<FromUserName><![CDATA[messense]]></FromUserName>");
  });

  it("decrypts its own encryption of the vector", () => {
    const out = crypto.encrypt(PLAIN, { timestamp: TIMESTAMP, nonce: NONCE });
    const back = crypto.decrypt(out.encrypt, {
      msgSignature: out.msgSignature,
      timestamp: TIMESTAMP,
      nonce: NONCE,
    });
    expect(back.xml).toBe(PLAIN);
  });
});

describe("cross-check with @wecom/crypto", () => {
  const key = randomKey();
  const appId = "wx1234567890abcdef";
  const ours = createWechatCrypto({ token: "tok", appId, encodingAESKey: key });
  const messages = [
    randomBytes(200).toString("hex"),
    "<xml><Content><![CDATA[你好，世界！欢迎关注话术 🎉]]></Content></xml>",
    "",
  ];

  it.each(messages)("ours encrypts, theirs decrypts (%#)", (message) => {
    const out = ours.encrypt(message, { timestamp: 1700000000, nonce: "n1" });
    const theirs = wecom.decrypt(key, out.encrypt);
    expect(theirs.message).toBe(message);
    expect(theirs.id).toBe(appId);
    expect(out.msgSignature).toBe(wecom.getSignature("tok", 1700000000, "n1", out.encrypt));
  });

  it.each(messages)("theirs encrypts, ours decrypts (%#)", (message) => {
    const encrypted = wecom.encrypt(key, message, appId);
    const msgSignature = wecom.getSignature("tok", "1700000000", "n2", encrypted);
    const back = ours.decrypt(encrypted, { msgSignature, timestamp: "1700000000", nonce: "n2" });
    expect(back.xml).toBe(message);
  });
});

describe("rejections", () => {
  it("rejects a message encrypted for another AppID", () => {
    const other = createWechatCrypto({
      token: TOKEN,
      appId: "wxotherapp000000",
      encodingAESKey: KEY,
    });
    const out = other.encrypt("<xml/>", { timestamp: TIMESTAMP, nonce: NONCE });
    expect(codeOf(() => crypto.decrypt(out.encrypt, signed(out.encrypt)))).toBe("bad_app_id");
  });

  it("says a length field that stops short of the message is wrong, not the AppID", () => {
    const xml = Buffer.from("<xml><Content><![CDATA[hi]]></Content></xml>");
    const encrypt = sealBytes(xml, xml.length - 3);
    let thrown: unknown;
    try {
      crypto.decrypt(encrypt, signed(encrypt));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WechatProtocolError);
    expect((thrown as WechatProtocolError).code).toBe("malformed");
    expect((thrown as Error).message).toMatch(
      new RegExp(`length field counts ${xml.length - 3} bytes.*3 more`),
    );
  });

  it("rejects a wrong msg_signature before decrypting", () => {
    expect(
      codeOf(() =>
        crypto.decrypt(DECRYPT_ENCRYPT, {
          msgSignature: "0".repeat(40),
          timestamp: TIMESTAMP,
          nonce: NONCE,
        }),
      ),
    ).toBe("bad_signature");
    expect(
      codeOf(() =>
        crypto.decrypt(DECRYPT_ENCRYPT, {
          msgSignature: DECRYPT_SIGNATURE,
          timestamp: "1411525904",
          nonce: NONCE,
        }),
      ),
    ).toBe("bad_signature");
  });

  it("rejects tampered ciphertext with a WechatProtocolError only", () => {
    const original = Buffer.from(DECRYPT_ENCRYPT, "base64");
    const codes = new Set<string>();
    // Flip one byte in each block: every position and bit pattern must end in a typed error.
    for (let i = 0; i < original.length; i += 7) {
      const tampered = Buffer.from(original);
      tampered[i] = (tampered[i] ?? 0) ^ 0x5a;
      const b64 = tampered.toString("base64");
      try {
        const out = crypto.decrypt(b64, signed(b64));
        // A flip inside the message part of an early block can decrypt to garbage XML; never silently the original.
        expect(out.xml).not.toContain("<Content><![CDATA[test]]></Content>\n<FromUserName>");
      } catch (error) {
        expect(error).toBeInstanceOf(WechatProtocolError);
        codes.add((error as WechatProtocolError).code);
      }
    }
    expect(codes.size).toBeGreaterThan(0);
  });

  it("rejects random ciphertexts of a valid length, always with a WechatProtocolError", () => {
    for (let i = 0; i < 50; i++) {
      const b64 = randomBytes(32 * (1 + (i % 6))).toString("base64");
      expect(["bad_padding", "bad_app_id"]).toContain(
        codeOf(() => crypto.decrypt(b64, signed(b64))),
      );
    }
  });

  it("rejects a tampered last block as bad padding or a foreign AppID", () => {
    const tampered = Buffer.from(DECRYPT_ENCRYPT, "base64");
    const last = tampered.length - 1;
    tampered[last] = (tampered[last] ?? 0) ^ 0xff;
    const b64 = tampered.toString("base64");
    expect(["bad_padding", "bad_app_id"]).toContain(codeOf(() => crypto.decrypt(b64, signed(b64))));
  });

  it("rejects truncated, non-base64 and empty Encrypt values as malformed", () => {
    const truncated = DECRYPT_ENCRYPT.slice(0, 30);
    expect(codeOf(() => crypto.decrypt(truncated, signed(truncated)))).toBe("malformed");
    const junk = "这不是base64!!";
    expect(codeOf(() => crypto.decrypt(junk, signed(junk)))).toBe("malformed");
    expect(codeOf(() => crypto.decrypt("", signed("")))).toBe("malformed");
  });

  it("reports bad padding when decrypted with an unrelated key", () => {
    const stranger = createWechatCrypto({
      token: TOKEN,
      appId: APP_ID,
      encodingAESKey: randomKey(),
    });
    const results = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const out = stranger.encrypt(`<xml>${i}</xml>`, { timestamp: TIMESTAMP, nonce: NONCE });
      results.add(codeOf(() => crypto.decrypt(out.encrypt, signed(out.encrypt))));
    }
    for (const code of results) expect(["bad_padding", "bad_app_id"]).toContain(code);
  });
});

describe("key rotation", () => {
  const oldKey = randomKey();
  const newKey = randomKey();
  const beforeRotation = createWechatCrypto({ token: "t", appId: "wxrot", encodingAESKey: oldKey });
  const afterRotation = createWechatCrypto({
    token: "t",
    appId: "wxrot",
    encodingAESKey: newKey,
    previousEncodingAESKey: oldKey,
  });

  it("decrypts a message still encrypted with the previous key and says so", () => {
    const out = beforeRotation.encrypt("<xml>old</xml>", { timestamp: 1, nonce: "x" });
    const back = afterRotation.decrypt(out.encrypt, {
      msgSignature: out.msgSignature,
      timestamp: 1,
      nonce: "x",
    });
    expect(back).toEqual({ xml: "<xml>old</xml>", keyUsed: "previous" });
  });

  it("replies with the key that worked", () => {
    const reply = afterRotation.encrypt("<xml>reply</xml>", {
      timestamp: 2,
      nonce: "y",
      key: "previous",
    });
    expect(wecom.decrypt(oldKey, reply.encrypt).message).toBe("<xml>reply</xml>");
    const current = afterRotation.encrypt("<xml>reply</xml>", { timestamp: 2, nonce: "y" });
    expect(wecom.decrypt(newKey, current.encrypt).message).toBe("<xml>reply</xml>");
  });

  it("prefers the current key and reports the current key's error when both fail", () => {
    const out = afterRotation.encrypt("<xml>new</xml>", { timestamp: 3, nonce: "z" });
    expect(
      afterRotation.decrypt(out.encrypt, {
        msgSignature: out.msgSignature,
        timestamp: 3,
        nonce: "z",
      }).keyUsed,
    ).toBe("current");
    const stranger = createWechatCrypto({ token: "t", appId: "wxother", encodingAESKey: newKey });
    const foreign = stranger.encrypt("<xml/>", { timestamp: 3, nonce: "z" });
    expect(
      codeOf(() =>
        afterRotation.decrypt(foreign.encrypt, {
          msgSignature: foreign.msgSignature,
          timestamp: 3,
          nonce: "z",
        }),
      ),
    ).toBe("bad_app_id");
  });
});

describe("decryptEchostr", () => {
  it("answers the plaintext of an encrypted echostr", () => {
    const echostr = wecom.encrypt(KEY, "4375120948345356249", APP_ID);
    const msgSignature = wecom.getSignature(TOKEN, TIMESTAMP, NONCE, echostr);
    expect(
      crypto.decryptEchostr(echostr, { msgSignature, timestamp: TIMESTAMP, nonce: NONCE }),
    ).toEqual({ echostr: "4375120948345356249", keyUsed: "current" });
    expect(
      codeOf(() =>
        crypto.decryptEchostr(echostr, { msgSignature: "x", timestamp: TIMESTAMP, nonce: NONCE }),
      ),
    ).toBe("bad_signature");
  });
});

describe("decryptEchostr of what is not text", () => {
  it("refuses it, naming why, instead of echoing it mended or empty", () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from([0x31, 0xff, 0x32]), /^the decrypted echostr is not UTF-8 text/],
      [Buffer.from([0x31, 0xed, 0xa0, 0x80]), /^the decrypted echostr is not UTF-8 text/],
      [Buffer.alloc(0), /^the decrypted echostr is empty/],
      [
        Buffer.from("12\u000734"),
        /^the decrypted echostr contains a control character \(U\+0007\)/,
      ],
    ];
    for (const [message, says] of cases) {
      const echostr = sealBytes(message);
      expect(
        () => crypto.decryptEchostr(echostr, signed(echostr)),
        message.toString("hex"),
      ).toThrow(says);
      expect(codeOf(() => crypto.decryptEchostr(echostr, signed(echostr)))).toBe("malformed");
    }
  });

  it("echoes other text byte for byte, a leading BOM included", () => {
    const echostr = sealBytes(Buffer.from("\uFEFF回声 😀"));
    expect(crypto.decryptEchostr(echostr, signed(echostr)).echostr).toBe("\uFEFF回声 😀");
  });
});

describe("key validation", () => {
  it("names the variable and the length when the key is 42 characters", () => {
    const message = validateEncodingAESKey(KEY.slice(0, 42), "WECHAT_ENCODING_AES_KEY");
    expect(message).toContain("WECHAT_ENCODING_AES_KEY");
    expect(message).toContain("43");
    expect(message).toContain("42");
  });

  it("accepts a 43-character key and rejects characters outside base64", () => {
    expect(validateEncodingAESKey(KEY, "WECHAT_ENCODING_AES_KEY")).toBeNull();
    const message = validateEncodingAESKey(`${KEY.slice(0, 42)}-`, "WECHAT_ENCODING_AES_KEY");
    expect(message).toContain("WECHAT_ENCODING_AES_KEY");
    expect(validateEncodingAESKey(undefined, "X")).toContain("0 characters");
  });

  it("refuses to build a crypto with an unusable key", () => {
    expect(
      codeOf(() => createWechatCrypto({ token: "t", appId: "a", encodingAESKey: "short" })),
    ).toBe("bad_key");
    expect(() =>
      createWechatCrypto({
        token: "t",
        appId: "a",
        encodingAESKey: KEY,
        previousEncodingAESKey: "x",
      }),
    ).toThrow(/WECHAT_ENCODING_AES_KEY_PREVIOUS/);
  });
});

describe("padding", () => {
  it("adds a whole 32-byte block when the plaintext is already aligned", () => {
    const padded = pkcs7Pad(Buffer.alloc(64, 1));
    expect(padded.length).toBe(96);
    expect([...padded.subarray(64)]).toEqual(new Array(32).fill(32));
    expect(pkcs7Pad(Buffer.alloc(63)).subarray(63)).toEqual(Buffer.from([1]));
  });

  it("encrypts a message that lands exactly on a block boundary to one extra block", () => {
    // 16 random + 4 length + msg + 18-byte AppID = 64 when msg is 26 bytes.
    const message = "a".repeat(26);
    const out = crypto.encrypt(message, { timestamp: 1, nonce: "n" });
    expect(Buffer.from(out.encrypt, "base64").length).toBe(96);
    expect(wecom.decrypt(KEY, out.encrypt).message).toBe(message);
  });
});
