// The requests of the /wechat fuzz test (wechatFuzz.test.ts): one per case number, signed (and in
// safe mode encrypted) as WeChat does, so that the body, the envelope or the signature is what is
// under test. Built from the seed alone: the same seed and case give the same bytes.
import { createCipheriv } from "node:crypto";
import { TEST_AES_KEY, TEST_APP_ID, TEST_TOKEN } from "../runtime/testServer";
import { createWechatCrypto, pkcs7Pad } from "../wechat/crypto";
import { sha1Signature } from "../wechat/signature";
import {
  BASE64_MUTATIONS,
  baseBody,
  caseRng,
  caseTag,
  garbageBody,
  type Mutated,
  mutateXml,
  oversizedBody,
  type Rng,
  SAMPLE_NAMES,
} from "./wechatFuzzMutations";
import { TIMESTAMP_WINDOW_MS } from "./wechatTimestamp";

/** Any answer but a 5xx: 200, or a refusal that says why. */
const ANY = [200, 400, 401, 403, 413];
const CONTENT_TYPES = [
  "text/xml",
  "text/xml; charset=utf-8",
  "application/xml",
  "application/json",
  "application/x-www-form-urlencoded",
  "text/plain; charset=gbk",
  undefined,
];

export interface FuzzCase {
  index: number;
  /** plain: the body mutated; safe: the plaintext inside; envelope: what carries it. */
  mode: "plain" | "safe" | "envelope";
  /** The mutations applied, for the failure message. */
  names: string[];
  url: string;
  body: string | Uint8Array;
  contentType: string | undefined;
  /** Statuses this case may get; any 200 or 4xx unless the case knows better. */
  expect: number[];
  /** Text that would appear only if an entity had been expanded. */
  forbidden: string[];
}

/** The test account's crypto: signs and encrypts requests, and opens the server's replies. */
export const fuzzCrypto = createWechatCrypto({
  token: TEST_TOKEN,
  appId: TEST_APP_ID,
  encodingAESKey: TEST_AES_KEY,
});

/** A change to the query string, and the status it must get. */
type QueryChange = [name: string, status: number, change: (query: URLSearchParams) => void];

/**
 * Where the fuzz server's clock starts (Unix seconds; it runs on from there). Fixed, so that the
 * cases' timestamps, drawn around it, are the same bytes on every run.
 */
export const FUZZ_CLOCK_START_S = 1_780_000_000;
const WINDOW_S = TIMESTAMP_WINDOW_MS / 1000;
/** Valid timestamps lie this far either side of the clock's start: an hour inside the window, for the run. */
const SPREAD_S = WINDOW_S - 3600;

function signedQuery(rng: Rng): { timestamp: string; nonce: string; query: URLSearchParams } {
  const timestamp = String(FUZZ_CLOCK_START_S - SPREAD_S + rng.int(2 * SPREAD_S));
  const nonce = String(rng.int(2 ** 31));
  const signature = sha1Signature([TEST_TOKEN, timestamp, nonce]);
  return { timestamp, nonce, query: new URLSearchParams({ signature, timestamp, nonce }) };
}

/**
 * Timestamp changes, each signed again (plain `signature`, and `msg_signature` over `encrypt` in safe
 * mode) so that the timestamp alone is at fault: a request replayed after the window is exactly that.
 */
function timestampChanges(rng: Rng, encrypt?: string): QueryChange[] {
  const stamp = (timestamp: string) => (q: URLSearchParams) => {
    const nonce = q.get("nonce") ?? "";
    q.set("timestamp", timestamp);
    q.set("signature", sha1Signature([TEST_TOKEN, timestamp, nonce]));
    if (encrypt !== undefined) q.set("msg_signature", fuzzCrypto.sign(encrypt, timestamp, nonce));
  };
  // At least an hour outside the window, so the server's running clock cannot bring it back in.
  const beyond = WINDOW_S + 3600 + rng.int(400 * 24 * 3600);
  return [
    ["staleTimestamp", 403, stamp(String(FUZZ_CLOCK_START_S - beyond))],
    ["futureTimestamp", 403, stamp(String(FUZZ_CLOCK_START_S + beyond))],
    ["millisecondTimestamp", 403, stamp(`${FUZZ_CLOCK_START_S}000`)],
    ["negativeTimestamp", 400, stamp(String(-FUZZ_CLOCK_START_S))],
    ["fractionalTimestamp", 400, stamp(`${FUZZ_CLOCK_START_S}.5`)],
    ["emptyTimestamp", 400, stamp("")],
    ["noTimestamp", 400, (q) => q.delete("timestamp")],
  ];
}

/** Safe-mode encryption by hand, so the plaintext can be any bytes and its framing can lie. */
export function encryptBytes(
  message: Uint8Array,
  rng: Rng,
  options: { appId?: string; length?: number; key?: string; pad?: boolean } = {},
): string {
  const key = Buffer.from(`${options.key ?? TEST_AES_KEY}=`, "base64");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(options.length ?? message.length, 0);
  const random16 = Buffer.from(Array.from({ length: 16 }, () => rng.int(256)));
  const framed = Buffer.concat([
    random16,
    length,
    message,
    Buffer.from(options.appId ?? TEST_APP_ID),
  ]);
  const plain =
    options.pad === false
      ? Buffer.concat([framed, Buffer.alloc((32 - (framed.length % 32)) % 32, 0)])
      : pkcs7Pad(framed);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
}

const utf8 = (body: string | Uint8Array) =>
  typeof body === "string" ? Buffer.from(body, "utf8") : body;

function envelopeXml(tag: string, encrypt: string): string {
  return `<xml><ToUserName><![CDATA[gh_${tag}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
}

/** The three kinds of case for one seed, posting to `wechatUrl`. */
export function createFuzzCases(seed: number, wechatUrl: string) {
  /** Correctly signed, so what is under test is the body. */
  function plainCase(index: number): FuzzCase {
    const rng = caseRng(seed, index);
    const tag = caseTag(seed, index);
    const valid = baseBody(rng.pick(SAMPLE_NAMES), tag, index, rng);
    const { query } = signedQuery(rng);
    const roll = rng.next();
    let mutated: Mutated;
    let expected = ANY;
    if (roll < 0.08) {
      mutated = { body: valid, names: ["valid"], forbidden: [] };
      expected = [200];
    } else if (roll < 0.16) {
      mutated = garbageBody(rng, tag);
      expected = [400];
    } else if (roll < 0.2) {
      mutated = oversizedBody(valid, rng);
      expected = [413];
    } else if (roll < 0.32) {
      const signature = query.get("signature")!;
      const [name, status, change] = rng.pick<QueryChange>([
        ["wrongSignature", 401, (q) => q.set("signature", "0".repeat(40))],
        ["noSignature", 401, (q) => q.delete("signature")],
        ["otherNonce", 401, (q) => q.set("nonce", "1")],
        ["upperCaseSignature", 200, (q) => q.set("signature", signature.toUpperCase())],
        ["encryptTypeRaw", 200, (q) => q.set("encrypt_type", "raw")],
        ...timestampChanges(rng),
      ]);
      change(query);
      mutated = { body: valid, names: [name], forbidden: [] };
      expected = [status];
    } else {
      mutated = mutateXml(valid, rng, index);
    }
    return {
      index,
      mode: "plain",
      names: mutated.names,
      url: `${wechatUrl}?${query}`,
      body: mutated.body,
      contentType: rng.pick(CONTENT_TYPES),
      expect: expected,
      forbidden: mutated.forbidden,
    };
  }

  /** Safe mode with the plaintext inside mutated before it is encrypted and signed. */
  function safeCase(index: number): FuzzCase {
    const rng = caseRng(seed, index);
    const tag = caseTag(seed, index);
    const valid = baseBody(rng.pick(SAMPLE_NAMES), tag, index, rng);
    const { timestamp, nonce, query } = signedQuery(rng);
    const roll = rng.next();
    const mutated =
      roll < 0.08
        ? { body: valid, names: ["valid"], forbidden: [] }
        : roll < 0.16
          ? garbageBody(rng, tag)
          : mutateXml(valid, rng, index);
    const encrypt = encryptBytes(utf8(mutated.body), rng);
    query.set("encrypt_type", "aes");
    query.set("msg_signature", fuzzCrypto.sign(encrypt, timestamp, nonce));
    // Compatible mode (兼容模式) carries the plaintext fields beside Encrypt; the server reads Encrypt.
    const body = rng.chance(0.2)
      ? valid.replace("</xml>", `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`)
      : envelopeXml(tag, encrypt);
    return {
      index,
      mode: "safe",
      names: [...mutated.names, "encrypted"],
      url: `${wechatUrl}?${query}`,
      body,
      contentType: rng.pick(CONTENT_TYPES),
      expect: mutated.names[0] === "valid" ? [200] : ANY,
      forbidden: mutated.forbidden,
    };
  }

  /** Safe mode with a valid message and the envelope, its Encrypt or its signature mutated. */
  function envelopeCase(index: number): FuzzCase {
    const rng = caseRng(seed, index);
    const tag = caseTag(seed, index);
    const valid = baseBody(rng.pick(SAMPLE_NAMES), tag, index, rng);
    const { timestamp, nonce, query } = signedQuery(rng);
    query.set("encrypt_type", "aes");
    const encrypt = encryptBytes(utf8(valid), rng);
    const sign = (value: string) =>
      query.set("msg_signature", fuzzCrypto.sign(value, timestamp, nonce));
    sign(encrypt);
    let body: string | Uint8Array = envelopeXml(tag, encrypt);
    let names: string[];
    let forbidden: string[] = [];
    let expected = ANY;
    const roll = rng.next();
    if (roll < 0.3) {
      // The envelope's XML: its signature still covers the original Encrypt.
      const mutated = mutateXml(body, rng, index);
      ({ body, forbidden } = mutated);
      names = mutated.names.map((n) => `envelope:${n}`);
    } else if (roll < 0.6) {
      // Encrypt itself, signed again so that decryption is what gets tried.
      const name = rng.pick(Object.keys(BASE64_MUTATIONS));
      const changed = BASE64_MUTATIONS[name]!(encrypt, rng);
      sign(changed.trim());
      body = envelopeXml(tag, changed);
      names = [`encrypt:${name}`];
    } else if (roll < 0.78) {
      const message = utf8(valid);
      const [name, changed, status] = rng.pick<[string, () => string, number[]]>([
        ["otherAppId", () => encryptBytes(message, rng, { appId: "wx0000000000000000" }), [403]],
        ["lengthPastEnd", () => encryptBytes(message, rng, { length: message.length + 40 }), [400]],
        ["lengthShort", () => encryptBytes(message, rng, { length: message.length - 3 }), [400]],
        ["lengthHuge", () => encryptBytes(message, rng, { length: 0xffffffff }), [400]],
        ["noPadding", () => encryptBytes(message, rng, { pad: false }), [400]],
        ["otherKey", () => encryptBytes(message, rng, { key: `${"A".repeat(42)}E` }), [400, 403]],
      ]);
      const value = changed();
      sign(value);
      body = envelopeXml(tag, value);
      names = [`crypto:${name}`];
      expected = status;
    } else if (roll < 0.95) {
      const msgSignature = query.get("msg_signature")!;
      const [name, status, change] = rng.pick<QueryChange>([
        ["wrongMsgSignature", 401, (q) => q.set("msg_signature", "1".repeat(40))],
        ["noMsgSignature", 401, (q) => q.delete("msg_signature")],
        ["msgSignatureOtherNonce", 401, (q) => q.set("nonce", "7")],
        ["upperCaseMsgSignature", 200, (q) => q.set("msg_signature", msgSignature.toUpperCase())],
        // Read as plaintext: the envelope has no FromUserName.
        ["noEncryptType", 400, (q) => q.delete("encrypt_type")],
        ["encryptTypeUpperCase", 400, (q) => q.set("encrypt_type", "AES")],
        ...timestampChanges(rng, encrypt),
      ]);
      change(query);
      expected = [status];
      names = [name];
    } else {
      names = ["valid"];
      expected = [200];
    }
    return {
      index,
      mode: "envelope",
      names,
      url: `${wechatUrl}?${query}`,
      body,
      contentType: rng.pick(CONTENT_TYPES),
      expect: expected,
      forbidden,
    };
  }

  return { plainCase, safeCase, envelopeCase };
}
