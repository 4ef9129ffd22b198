// Safe-mode (安全模式) message encryption: AES-256-CBC with WeChat's 32-byte PKCS#7 and AppID check.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { controlCharacterIn } from "./controlCharacter";
import { WechatProtocolError } from "./errors";
import { randomBytesFromPool } from "./randomPool";
import { sha1Signature, signaturesEqual } from "./signature";

const BLOCK = 32;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks an EncodingAESKey as found in configuration. Returns a message naming `varName`
 * and saying what to do, or null when the key is usable.
 */
export function validateEncodingAESKey(key: string | undefined, varName: string): string | null {
  const value = key ?? "";
  if (value.length !== 43) {
    return (
      `${varName} must be the 43-character EncodingAESKey from the WeChat admin console ` +
      `(设置与开发 → 基本配置 → 消息加解密密钥), but it has ${value.length} characters. ` +
      `${varName} 应为公众号后台「消息加解密密钥」的 43 位字符串，当前为 ${value.length} 位。`
    );
  }
  if (!BASE64_KEY.test(value)) {
    return (
      `${varName} may contain only letters, digits, "+" and "/" (it is base64 without the trailing "="). ` +
      `Copy it again from the WeChat admin console. ` +
      `${varName} 只能包含字母、数字、"+" 和 "/"，请从公众号后台重新复制。`
    );
  }
  return null;
}

function decodeKey(key: string, varName: string): Buffer {
  const problem = validateEncodingAESKey(key, varName);
  if (problem) throw new WechatProtocolError("bad_key", problem);
  const bytes = Buffer.from(`${key}=`, "base64");
  if (bytes.length !== 32) {
    throw new WechatProtocolError("bad_key", `${varName} does not decode to 32 bytes.`);
  }
  return bytes;
}

/** PKCS#7 to WeChat's 32-byte block: always 1..32 bytes, a whole block when already aligned. */
export function pkcs7Pad(data: Buffer): Buffer {
  const pad = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

function pkcs7Unpad(data: Buffer): Buffer {
  const pad = data[data.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > data.length) {
    throw new WechatProtocolError("bad_padding", `Invalid padding value ${pad}.`);
  }
  for (let i = data.length - pad; i < data.length; i++) {
    if (data[i] !== pad)
      throw new WechatProtocolError("bad_padding", "Inconsistent padding bytes.");
  }
  return data.subarray(0, data.length - pad);
}

/** Keeps a leading BOM (it was encrypted, so it is echoed) and throws on bytes that are not UTF-8. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The text a safe-mode verification echoes. WeChat compares the echo with what it encrypted, so
 * bytes that are not UTF-8 (mended into U+FFFD), nothing, or control characters would fail the
 * check without saying why: refused here, naming the reason.
 */
function echoText(bytes: Buffer): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new WechatProtocolError("malformed", "the decrypted echostr is not UTF-8 text.");
  }
  if (text === "") throw new WechatProtocolError("malformed", "the decrypted echostr is empty.");
  const control = controlCharacterIn(text);
  if (control !== undefined) {
    throw new WechatProtocolError(
      "malformed",
      `the decrypted echostr contains a control character (${control}).`,
    );
  }
  return text;
}

export type KeyUsed = "current" | "previous";

export interface WechatCryptoOptions {
  token: string;
  appId: string;
  encodingAESKey: string;
  /** Kept after rotating the key in the admin console; tried when the current one fails. */
  previousEncodingAESKey?: string;
}

export interface EncryptOptions {
  timestamp: string | number;
  nonce: string;
  /** The 16 random bytes at the front of the plaintext; fixed only in tests. */
  random16?: Buffer;
  /** Reply with the key the request was decrypted with. */
  key?: KeyUsed;
}

export interface SignedParams {
  msgSignature: string;
  timestamp: string | number;
  nonce: string;
}

export interface WechatCrypto {
  readonly appId: string;
  encrypt(xml: string, options: EncryptOptions): { encrypt: string; msgSignature: string };
  /** Verifies msg_signature, then decrypts with the current key, falling back to the previous one. */
  decrypt(encryptB64: string, params: SignedParams): { xml: string; keyUsed: KeyUsed };
  /** Safe-mode URL verification where echostr itself is encrypted (WeCom style). */
  decryptEchostr(echostr: string, params: SignedParams): { echostr: string; keyUsed: KeyUsed };
  /** msg_signature over the given Encrypt value. */
  sign(encryptB64: string, timestamp: string | number, nonce: string): string;
}

export function createWechatCrypto(options: WechatCryptoOptions): WechatCrypto {
  const { token, appId } = options;
  const current = decodeKey(options.encodingAESKey, "WECHAT_ENCODING_AES_KEY");
  const previous = options.previousEncodingAESKey
    ? decodeKey(options.previousEncodingAESKey, "WECHAT_ENCODING_AES_KEY_PREVIOUS")
    : null;
  const appIdBytes = Buffer.from(appId, "utf8");

  const sign = (encryptB64: string, timestamp: string | number, nonce: string) =>
    sha1Signature([token, String(timestamp), nonce, encryptB64]);

  function encryptWith(key: Buffer, message: string, random16: Buffer): string {
    if (random16.length !== 16) throw new RangeError("random16 must be exactly 16 bytes");
    const msg = Buffer.from(message, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(msg.length, 0);
    const plain = pkcs7Pad(Buffer.concat([random16, length, msg, appIdBytes]));
    const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
  }

  function decryptWith(key: Buffer, cipherBytes: Buffer): Buffer {
    const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const plain = pkcs7Unpad(Buffer.concat([decipher.update(cipherBytes), decipher.final()]));
    if (plain.length < 20) {
      throw new WechatProtocolError("bad_padding", "Decrypted message is too short.");
    }
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) {
      throw new WechatProtocolError("bad_padding", "Decrypted length field exceeds the message.");
    }
    const trailing = plain.subarray(20 + length);
    // Our AppID after more bytes than the length field counts: the key and the AppID are right
    // (a wrong key would not end in it), the message inside is malformed.
    if (
      trailing.length > appIdBytes.length &&
      trailing.subarray(trailing.length - appIdBytes.length).equals(appIdBytes)
    ) {
      throw new WechatProtocolError(
        "malformed",
        `the decrypted length field counts ${length} bytes, but the message has ${trailing.length - appIdBytes.length} more before the AppID.`,
      );
    }
    if (!trailing.equals(appIdBytes)) {
      throw new WechatProtocolError(
        "bad_app_id",
        "The message was encrypted for another AppID: check WECHAT_APP_ID.",
      );
    }
    return plain.subarray(20, 20 + length);
  }

  /** `field` names the ciphertext in errors: <Encrypt> of a message, or a verification's echostr. */
  function open(
    encryptB64: string,
    params: SignedParams,
    field: "Encrypt" | "echostr",
  ): { bytes: Buffer; keyUsed: KeyUsed } {
    if (typeof encryptB64 !== "string" || encryptB64.length === 0) {
      throw new WechatProtocolError("malformed", `${field} is empty.`);
    }
    const expected = sign(encryptB64, params.timestamp, params.nonce);
    if (!signaturesEqual(expected, params.msgSignature ?? "")) {
      throw new WechatProtocolError(
        "bad_signature",
        "msg_signature does not match: the request is not from WeChat or WECHAT_TOKEN is wrong.",
      );
    }
    const compact = encryptB64.replace(/\s+/g, "");
    const cipherBytes = Buffer.from(compact, "base64");
    if (!BASE64.test(compact) || cipherBytes.length === 0 || cipherBytes.length % 16 !== 0) {
      throw new WechatProtocolError("malformed", `${field} is not base64 of whole AES blocks.`);
    }
    try {
      return { bytes: decryptWith(current, cipherBytes), keyUsed: "current" };
    } catch (error) {
      if (!(error instanceof WechatProtocolError)) throw error;
      if (!previous) throw error;
      try {
        return { bytes: decryptWith(previous, cipherBytes), keyUsed: "previous" };
      } catch {
        // The current key's failure is the one worth reporting.
        throw error;
      }
    }
  }

  return {
    appId,
    sign,
    encrypt(xml, { timestamp, nonce, random16 = randomBytesFromPool(16), key = "current" }) {
      const keyBytes = key === "previous" && previous ? previous : current;
      const encrypted = encryptWith(keyBytes, xml, random16);
      return { encrypt: encrypted, msgSignature: sign(encrypted, timestamp, nonce) };
    },
    decrypt(encryptB64, params) {
      const { bytes, keyUsed } = open(encryptB64, params, "Encrypt");
      return { xml: bytes.toString("utf8"), keyUsed };
    },
    decryptEchostr(echostr, params) {
      const { bytes, keyUsed } = open(echostr, params, "echostr");
      return { echostr: echoText(bytes), keyUsed };
    },
  };
}
