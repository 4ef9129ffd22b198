// The requests of the GET /wechat fuzz test (wechatVerifyFuzz.test.ts): URL verifications signed as
// WeChat signs them (safe mode's echostr sometimes framed wrongly or holding what is not text), then
// with the query bent by wechatVerifyFuzzQuery.ts. Built from the seed alone: a seed and a case
// number give the same URL on every run.
import { TEST_APP_ID, TEST_TOKEN } from "../runtime/testServer";
import { encryptBytes } from "./wechatFuzzCases";
import { caseRng, type Rng } from "./wechatFuzzMutations";
import { SURELY_SHORT_ENOUGH, SURELY_TOO_LONG, sign } from "./wechatVerifyFuzzOracle";
import {
  digits,
  MUTATION_NAMES,
  MUTATIONS,
  type Part,
  type Query,
  signAgain,
  writeQuery,
} from "./wechatVerifyFuzzQuery";

export interface VerifyCase {
  index: number;
  /** What it was built as: plaintext (signature, echostr echoed) or safe mode (msg_signature). */
  mode: "plain" | "safe";
  /** Sent to the server with WECHAT_ENCODING_AES_KEY set, or to the one without. */
  keyed: boolean;
  /** What was done to it, in order, for the failure message. */
  names: string[];
  /** Path and query as written; fetch escapes what it must, a raw case goes byte for byte. */
  target: string;
  raw: boolean;
}

/** Valid ways to percent-encode the same value; the server must read them all alike. */
const ENCODINGS: Record<string, (value: string) => string> = {
  standard: encodeURIComponent,
  everyByte: (value) =>
    [...Buffer.from(value, "utf8")]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`)
      .join(""),
  lowerCaseHex: (value) =>
    encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  plusForSpace: (value) => encodeURIComponent(value).replaceAll("%20", "+"),
};

/** What a plaintext echostr may be besides WeChat's digits: odd, but text, so echoed as it is. */
const PLAIN_ECHOES = [
  "hello world",
  "回声😀",
  "<b>&amp;</b>",
  "\uFEFF123",
  "a+b=c&d#e",
  " ",
  "%41",
];

/** What a safe-mode echostr may decrypt to; only text is echoed. */
const SAFE_ECHOES: Array<[string, (rng: Rng) => Uint8Array]> = [
  ["text", () => Buffer.from("回声 echo 😀")],
  ["byteOrderMark", () => Buffer.from("\uFEFF4375120948345356249")],
  ["empty", () => Buffer.alloc(0)],
  ["control", (rng) => Buffer.from(`12${rng.pick(["\u0000", "\u0007", "\u001B", "\u0085"])}34`)],
  ["bytes", (rng) => Buffer.from(Array.from({ length: 1 + rng.int(40) }, () => rng.int(256)))],
  ["invalidUtf8", () => Buffer.from([0x31, 0xed, 0xa0, 0x80, 0x32])],
  ["long", (rng) => Buffer.from(digits(rng, 3000))],
  ["longer", (rng) => Buffer.from(digits(rng, 8500))],
];

/** Framings that lie, as a sender with another AppID, another key or a broken encoder would. */
const FRAMINGS: Array<[string, (message: Uint8Array) => Parameters<typeof encryptBytes>[2]]> = [
  ["otherAppId", () => ({ appId: "wx0000000000000000" })],
  ["appIdPrefix", () => ({ appId: TEST_APP_ID.slice(0, 10) })],
  ["noAppId", () => ({ appId: "" })],
  ["lengthPastEnd", (m) => ({ length: m.length + 40 })],
  ["lengthShort", (m) => ({ length: Math.max(0, m.length - 3) })],
  ["lengthZero", () => ({ length: 0 })],
  ["lengthHuge", () => ({ length: 0xffffffff })],
  ["noPadding", () => ({ pad: false })],
  ["otherKey", () => ({ key: `${"A".repeat(42)}E` })],
];

/** The path and query as they reach the server: fetch escapes what it must and drops the fragment. */
export function wireTarget(target: string): string {
  const url = new URL(target, "http://127.0.0.1");
  return url.pathname + url.search;
}

/** The cases of one seed; each one's own PRNG, so any one replays alone. */
export function createVerifyCases(seed: number) {
  function verifyCase(index: number, mode: "plain" | "safe"): VerifyCase {
    const rng = caseRng(seed, index);
    const encodingName = rng.chance(0.6) ? "standard" : rng.pick(Object.keys(ENCODINGS));
    const encode = ENCODINGS[encodingName]!;
    const names: string[] = encodingName === "standard" ? [] : [`encoding:${encodingName}`];
    const timestamp = String(1_700_000_000 + rng.int(100_000_000));
    const nonce = String(rng.int(2 ** 31));
    let echostr: string;
    let signature: Part;
    if (mode === "plain") {
      echostr = rng.chance(0.8) ? digits(rng, 19) : rng.pick(PLAIN_ECHOES);
      signature = { name: "signature", value: sign([TEST_TOKEN, timestamp, nonce]) };
    } else {
      let message: Uint8Array = Buffer.from(digits(rng, 19));
      if (rng.chance(0.25)) {
        const [name, make] = rng.pick(SAFE_ECHOES);
        message = make(rng);
        names.push(`echo:${name}`);
      }
      let framing: Parameters<typeof encryptBytes>[2] = {};
      if (rng.chance(0.2)) {
        const [name, make] = rng.pick(FRAMINGS);
        framing = make(message);
        names.push(`framing:${name}`);
      }
      echostr = encryptBytes(message, rng, framing);
      signature = { name: "msg_signature", value: sign([TEST_TOKEN, timestamp, nonce, echostr]) };
    }
    const q: Query = {
      parts: [
        signature,
        { name: "timestamp", value: encode(timestamp) },
        { name: "nonce", value: encode(nonce) },
        { name: "echostr", value: encode(echostr) },
      ],
      bare: false,
      mode,
      encode,
    };
    // WeCom-style safe verifications sometimes carry the plain signature as well.
    if (mode === "safe" && rng.chance(0.1)) {
      q.parts.push({ name: "signature", value: sign([TEST_TOKEN, timestamp, nonce]) });
    }
    if (rng.chance(0.85)) {
      const count = rng.pick([1, 1, 1, 2, 2, 3]);
      for (let i = 0; i < count; i++) {
        const name = rng.pick(MUTATION_NAMES);
        names.push(name);
        MUTATIONS[name]!(q, rng);
      }
      if (rng.chance(0.4)) {
        signAgain(q);
        names.push("signedAgain");
      }
    }
    const raw = rng.chance(0.12);
    // Over a socket, a byte no client would send is what is worth trying.
    if (raw && rng.chance(0.4)) {
      names.push("rawCharacter");
      MUTATIONS.rawCharacter!(q, rng);
    }
    const path = rng.chance(0.8) ? "/wechat" : "/wechat/";
    let target = q.bare ? path : `${path}?${writeQuery(q)}`;
    // Near Node's limit, whether it is over depends on the headers fetch adds: keep clear of it.
    const length = Buffer.byteLength(raw ? target : wireTarget(target));
    if (length >= SURELY_SHORT_ENOUGH && length < SURELY_TOO_LONG) {
      target += `${q.bare ? "?" : "&"}pad=${"p".repeat(SURELY_TOO_LONG - length)}`;
      names.push("paddedPastNodeLimit");
    }
    return {
      index,
      mode,
      keyed: mode === "safe" ? rng.chance(0.9) : rng.chance(0.5),
      names: names.length > 0 ? names : ["valid"],
      target,
      raw,
    };
  }
  return {
    plainCase: (index: number) => verifyCase(index, "plain"),
    safeCase: (index: number) => verifyCase(index, "safe"),
  };
}
