// What GET /wechat (URL verification) must answer, worked out from the request as it reaches the
// server: the fuzz test's reference, written from the protocol notes rather than from the route.
//
// The contract: the query's signature, msg_signature, timestamp, nonce and echostr are each given at
// most once, as valid percent-encoded UTF-8 without control characters; a plaintext verification
// (signature) needs timestamp, nonce and echostr and echoes echostr; a safe-mode one (msg_signature)
// decrypts echostr, which must frame our AppID and hold text, and echoes that. Anything else is a
// 4xx naming the fault.
import { createDecipheriv, createHash } from "node:crypto";
import { TEST_AES_KEY, TEST_APP_ID, TEST_TOKEN } from "../runtime/testServer";

export const QUERY_NAMES = ["signature", "msg_signature", "timestamp", "nonce", "echostr"] as const;
type QueryName = (typeof QUERY_NAMES)[number];

/** Node's own limit on the request line and headers (--max-http-header-size). */
export const NODE_HEADER_LIMIT = 16 * 1024;
/** A target this long is refused by Node whatever its headers; one under the margin never is. */
export const SURELY_TOO_LONG = NODE_HEADER_LIMIT + 600;
export const SURELY_SHORT_ENOUGH = NODE_HEADER_LIMIT - 1200;

export interface Expected {
  statuses: number[];
  /** For 200: the exact text to echo. */
  echo?: string;
  /** For a refusal: what the body must say (any one of the faults found). */
  says?: RegExp;
  /** The reason, for the failure message. */
  why: string;
}

/** sha1 of the sorted parts, as WeChat signs (written here again: the test must not trust the server's). */
export function sign(parts: string[]): string {
  return createHash("sha1")
    .update([...parts].sort().join(""), "utf8")
    .digest("hex");
}

/** application/x-www-form-urlencoded decoding, strict: a bad escape or invalid UTF-8 is undefined. */
export function decodeStrict(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

const named = (name: string, fault: string) => new RegExp(`(?<!\\w)${name} ${fault}`);
const FAULTS = {
  missing: (name: string) => named(name, "is missing"),
  empty: (name: string) => named(name, "is empty"),
  repeated: (name: string) => named(name, "appears \\d+ times"),
  badEncoding: (name: string) => named(name, "is not valid percent-encoded UTF-8"),
  control: (name: string) => named(name, "contains a control character"),
};

function refuse(status: number, says: RegExp[], why: string): Expected {
  return { statuses: [status], says: new RegExp(says.map((r) => r.source).join("|")), why };
}

/** The values of the query, by the first occurrence, and every fault of its shape. */
export function readQuery(query: string): { values: Map<QueryName, string>; faults: RegExp[] } {
  const seen = new Map<QueryName, number>();
  const values = new Map<QueryName, string>();
  const faults: RegExp[] = [];
  for (const part of query.split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    const name = decodeStrict(at < 0 ? part : part.slice(0, at));
    if (!QUERY_NAMES.includes(name as QueryName)) continue;
    const key = name as QueryName;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const value = decodeStrict(at < 0 ? "" : part.slice(at + 1));
    if (value === undefined) faults.push(FAULTS.badEncoding(key));
    else if (CONTROL.test(value)) faults.push(FAULTS.control(key));
    if (!values.has(key)) values.set(key, value ?? "");
  }
  for (const [name, count] of seen) if (count > 1) faults.push(FAULTS.repeated(name));
  return { values, faults };
}

/** What the server must answer to `query` (the wire form, after `?` and before `#`). */
export function expectedAnswer(query: string, keyed: boolean): Expected {
  const { values, faults } = readQuery(query);
  const safe = values.has("msg_signature");
  const required: QueryName[] = [safe ? "msg_signature" : "signature", "timestamp", "nonce"];
  for (const name of [...required, "echostr" as const]) {
    const value = values.get(name);
    if (value === undefined) faults.push(FAULTS.missing(name));
    else if (value === "") faults.push(FAULTS.empty(name));
  }
  if (safe && !keyed) faults.push(/needs WECHAT_ENCODING_AES_KEY/);
  if (faults.length > 0) return refuse(400, faults, "the query is not a verification's");

  const get = (name: QueryName) => values.get(name)!;
  const echostr = get("echostr");
  const signed = safe
    ? sign([TEST_TOKEN, get("timestamp"), get("nonce"), echostr])
    : sign([TEST_TOKEN, get("timestamp"), get("nonce")]);
  if (get(safe ? "msg_signature" : "signature").toLowerCase() !== signed) {
    return refuse(401, [/signature does not match/], "the signature does not match");
  }
  return safe ? openEchostr(echostr) : { statuses: [200], echo: echostr, why: "valid" };
}

const KEY = Buffer.from(`${TEST_AES_KEY}=`, "base64");
const APP_ID = Buffer.from(TEST_APP_ID);
const cannotDecrypt = (why: string) =>
  refuse(400, [/cannot decrypt echostr: check WECHAT_ENCODING_AES_KEY/], why);

/** Safe mode: what a signed echostr opens to, or why it does not (WeChat's framing, §4 of the notes). */
function openEchostr(echostr: string): Expected {
  // Whitespace inside base64 is ignored, as for <Encrypt> (a signed value is the sender's anyway).
  const compact = echostr.replace(/\s+/g, "");
  const bytes = Buffer.from(compact, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || bytes.length === 0 || bytes.length % 16 !== 0) {
    return refuse(400, [/echostr is not base64/], "echostr is not base64 of AES blocks");
  }
  const decipher = createDecipheriv("aes-256-cbc", KEY, KEY.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(bytes), decipher.final()]);
  const pad = padded.at(-1)!;
  if (pad < 1 || pad > 32 || padded.subarray(-pad).some((b) => b !== pad)) {
    return cannotDecrypt("the padding is wrong");
  }
  const plain = padded.subarray(0, -pad);
  if (plain.length < 20) return cannotDecrypt("too short for the framing");
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) return cannotDecrypt("the length field runs past the end");
  const trailing = plain.subarray(20 + length);
  if (!trailing.equals(APP_ID)) {
    return trailing.length > APP_ID.length && trailing.subarray(-APP_ID.length).equals(APP_ID)
      ? refuse(400, [/length field/], "the length field stops short of the AppID")
      : refuse(403, [/another AppID: check WECHAT_APP_ID/], "encrypted for another AppID");
  }
  const notText = refuse(400, [/decrypted echostr/], "the decrypted echostr is not text");
  let echo: string;
  try {
    // Exactly the bytes encrypted: no replacement characters, and a leading BOM kept.
    echo = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      plain.subarray(20, 20 + length),
    );
  } catch {
    return notText;
  }
  if (echo === "" || CONTROL.test(echo)) return notText;
  return { statuses: [200], echo, why: "valid" };
}

/**
 * Node refuses a request line too long or holding a byte HTTP does not allow, before the app sees
 * it. `bytes` is the target as sent; `raw` when sent byte for byte (fetch escapes what it must).
 */
export function nodeRefusal(bytes: Buffer, raw: boolean): Expected | undefined {
  const tooLong = bytes.length >= SURELY_TOO_LONG;
  // Spaces at the end of the target read as the separator before HTTP/1.1.
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x20) end--;
  const badByte = raw && bytes.subarray(0, end).some((b) => b < 0x21 || b > 0x7e);
  if (!tooLong && !badByte) return undefined;
  // Both: which Node meets first depends on where the byte is; either answer is right.
  const statuses = [...(badByte ? [400] : []), ...(tooLong ? [431] : [])];
  return {
    statuses,
    says: /not a valid HTTP request|over 16 KiB/,
    why: tooLong ? "the request line is over Node's limit" : "a byte HTTP does not allow",
  };
}
