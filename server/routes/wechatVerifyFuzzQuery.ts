// The bends of a URL verification's query for the GET /wechat fuzz test (wechatVerifyFuzzCases.ts):
// each takes the query as written in the URL and drops, doubles, empties, lengthens, re-encodes or
// mis-signs one thing in it, drawing every choice from the case's PRNG.
import { TEST_TOKEN } from "../runtime/testServer";
import { BASE64_MUTATIONS, type Rng } from "./wechatFuzzMutations";
import {
  decodeStrict,
  QUERY_NAMES,
  readQuery,
  SURELY_TOO_LONG,
  sign,
} from "./wechatVerifyFuzzOracle";

/** One `name=value` of the query as written in the URL (value undefined: no `=` at all). */
export interface Part {
  name: string;
  value: string | undefined;
}

export interface Query {
  parts: Part[];
  /** The URL has no `?` at all. */
  bare: boolean;
  mode: "plain" | "safe";
  /** How this case writes a value: WeChat's encoding or another valid one. */
  encode: (value: string) => string;
}

/** A number as WeChat writes its echostr and nonce: `count` digits, no leading zero. */
export function digits(rng: Rng, count: number): string {
  return Array.from({ length: count }, (_, i) =>
    String(i === 0 ? 1 + rng.int(9) : rng.int(10)),
  ).join("");
}

const EXTRA_PARAMS = [
  "openid=oFollower",
  "encrypt_type=aes",
  "encrypt_type=raw",
  "__proto__=x",
  "constructor=1",
  "toString=",
  "hasOwnProperty",
  "=x",
  "",
  "a=b=c",
  "Signature=0",
  "echostr%00=1",
];

const CONTROL_ESCAPES = ["%00", "%01", "%09", "%0A", "%0D", "%1F", "%7F", "%C2%85", "%C2%9F"];
const PERCENT_ODDITIES = [
  "%",
  "%4",
  "%zz",
  "%G0",
  "%E4%B8",
  "%C0%AF",
  "%ED%A0%80",
  "%F4%90%80%80",
  "%FF",
  "%%",
  // Valid escapes of characters that mean something in a query or in an escape.
  "%2531",
  "%25",
  "%2B",
  "+",
  "%26",
  "%3D",
  "%23",
];
/** Written into the URL as they are: fetch escapes some and drops tabs and newlines; raw, Node refuses most. */
const RAW_CHARACTERS = [
  "中",
  "é",
  "\u0001",
  "\t",
  "\n",
  " ",
  "\u007F",
  '"',
  "<",
  ">",
  "{",
  "|",
  "^",
  "`",
  "#",
  "\\",
  "'",
];
const NON_ASCII = [
  "%E4%B8%AD",
  "中",
  "%F0%9F%98%80",
  "😀",
  "%C3%A9",
  "%E3%80%80",
  "%EF%BB%BF",
  "%E2%80%A8",
];

const nameOf = (part: Part) => decodeStrict(part.name);

/** A part to bend: one of the verification's own, mostly. */
function pickPart(q: Query, rng: Rng, names: readonly string[] = QUERY_NAMES): Part | undefined {
  const own = q.parts.filter((p) => names.includes(nameOf(p) ?? ""));
  const pool = own.length > 0 && rng.chance(0.9) ? own : q.parts;
  return pool.length > 0 ? rng.pick(pool) : undefined;
}

function insertInto(value: string | undefined, insert: string, rng: Rng): string {
  const text = value ?? "";
  // Never inside an escape: `%4` + `1` would be an oddity of its own.
  const cuts = [0, ...[...text].keys()].filter((i) => !/%.?$/.test(text.slice(0, i)));
  const at = cuts.length > 0 ? rng.pick(cuts) : 0;
  return text.slice(0, at) + insert + text.slice(at);
}

const HEX = "0123456789abcdef";
type Mutation = (q: Query, rng: Rng) => void;

export const MUTATIONS: Record<string, Mutation> = {
  drop: (q, rng) => {
    const part = pickPart(q, rng);
    q.parts = q.parts.filter((p) => p.name !== part?.name);
  },
  duplicate: (q, rng) => {
    const part = pickPart(q, rng);
    if (part) q.parts.splice(rng.int(q.parts.length + 1), 0, { ...part });
  },
  duplicateOtherValue: (q, rng) => {
    const part = pickPart(q, rng);
    if (!part) return;
    const other = rng.pick(["0".repeat(40), "1", "", digits(rng, 10)]);
    q.parts.splice(rng.int(q.parts.length + 1), 0, { name: part.name, value: other });
  },
  empty: (q, rng) => {
    const part = pickPart(q, rng);
    if (part) part.value = rng.chance(0.7) ? "" : undefined;
  },
  nameCase: (q, rng) => {
    const part = pickPart(q, rng);
    if (part)
      part.name = rng.chance(0.5)
        ? part.name.toUpperCase()
        : part.name[0]!.toUpperCase() + part.name.slice(1);
  },
  encodedName: (q, rng) => {
    const part = pickPart(q, rng);
    if (!part || part.name.length === 0) return;
    const at = rng.int(part.name.length);
    const percent = `%${part.name.charCodeAt(at).toString(16)}`;
    part.name =
      part.name.slice(0, at) +
      (rng.chance(0.5) ? percent.toUpperCase() : percent) +
      part.name.slice(at + 1);
  },
  spaceInName: (q, rng) => {
    const part = pickPart(q, rng);
    if (part) part.name = rng.pick([`+${part.name}`, `${part.name}%20`, `${part.name}+`]);
  },
  extraParam: (q, rng) => {
    const [name, ...value] = rng.pick(EXTRA_PARAMS).split("=");
    q.parts.splice(rng.int(q.parts.length + 1), 0, {
      name: name!,
      value: value.length > 0 ? value.join("=") : undefined,
    });
  },
  shuffle: (q, rng) => {
    for (let i = q.parts.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [q.parts[i], q.parts[j]] = [q.parts[j]!, q.parts[i]!];
    }
  },
  noQuery: (q, rng) => {
    q.parts = [];
    q.bare = rng.chance(0.5);
  },
  long: (q, rng) => {
    const part = pickPart(q, rng);
    if (part)
      part.value =
        (part.value ?? "") +
        q.encode(rng.pick(["9", "x", "中"]).repeat(rng.pick([200, 1500, 4000])));
  },
  huge: (q, rng) => {
    const part = pickPart(q, rng);
    if (part) part.value = (part.value ?? "") + "9".repeat(SURELY_TOO_LONG);
  },
  truncateSignature: (q, rng) => {
    const part = pickPart(q, rng, ["signature", "msg_signature"]);
    if (part?.value) part.value = part.value.slice(0, rng.int(part.value.length));
  },
  extendSignature: (q, rng) => {
    const part = pickPart(q, rng, ["signature", "msg_signature"]);
    if (part) part.value = (part.value ?? "") + rng.pick(["0", "a", "00", "%20", "+"]);
  },
  upperCaseSignature: (q, rng) => {
    const part = pickPart(q, rng, ["signature", "msg_signature"]);
    if (part?.value) part.value = part.value.toUpperCase();
  },
  mixedCaseSignature: (q, rng) => {
    const part = pickPart(q, rng, ["signature", "msg_signature"]);
    if (part?.value)
      part.value = [...part.value].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c)).join("");
  },
  wrongSignature: (q, rng) => {
    const part = pickPart(q, rng, ["signature", "msg_signature"]);
    if (!part) return;
    part.value = rng.pick([
      sign(["otherToken", "1", "2"]),
      Array.from({ length: 40 }, () => rng.pick([...HEX])).join(""),
      "g".repeat(40),
      // The parts joined unsorted: a signer that forgot to sort.
      sign([`${TEST_TOKEN}1`, "2"]),
    ]);
  },
  otherValue: (q, rng) => {
    const part = pickPart(q, rng, ["timestamp", "nonce", "echostr"]);
    if (part) part.value = q.encode(rng.pick(["0", "-1", "1e9", " 1", digits(rng, 12), "abc"]));
  },
  swapTimestampAndNonce: (q) => {
    const timestamp = q.parts.find((p) => nameOf(p) === "timestamp");
    const nonce = q.parts.find((p) => nameOf(p) === "nonce");
    if (timestamp && nonce) [timestamp.value, nonce.value] = [nonce.value, timestamp.value];
  },
  nonAscii: (q, rng) => {
    const part = pickPart(q, rng);
    if (part) part.value = insertInto(part.value, rng.pick(NON_ASCII), rng);
  },
  controlCharacter: (q, rng) => {
    const part = pickPart(q, rng);
    if (part) part.value = insertInto(part.value, rng.pick(CONTROL_ESCAPES), rng);
  },
  percentOddity: (q, rng) => {
    const part = pickPart(q, rng);
    if (part) part.value = insertInto(part.value, rng.pick(PERCENT_ODDITIES), rng);
  },
  rawCharacter: (q, rng) => {
    const part = pickPart(q, rng);
    if (part) part.value = insertInto(part.value, rng.pick(RAW_CHARACTERS), rng);
  },
  msgSignatureAdded: (q, rng) => {
    q.parts.splice(rng.int(q.parts.length + 1), 0, {
      name: "msg_signature",
      value: rng.pick(["", "0".repeat(40), sign(["x"])]),
    });
  },
  echostrBase64: (q, rng) => {
    const part = q.parts.find((p) => nameOf(p) === "echostr");
    const value = decodeStrict(part?.value ?? "");
    if (!part || value === undefined || q.mode !== "safe") return;
    part.value = q.encode(BASE64_MUTATIONS[rng.pick(Object.keys(BASE64_MUTATIONS))]!(value, rng));
  },
  echostrUnescaped: (q) => {
    const part = q.parts.find((p) => nameOf(p) === "echostr");
    const value = decodeStrict(part?.value ?? "");
    // Base64's "+" written as it is reads as a space; "/" and "=" survive.
    if (part && value !== undefined) part.value = value;
  },
};
export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Signs the query again over what it now carries, so the checks behind the signature are reached. */
export function signAgain(q: Query): void {
  const { values } = readQuery(writeQuery(q));
  const safe = values.has("msg_signature");
  const name = safe ? "msg_signature" : "signature";
  const part = q.parts.find((p) => nameOf(p) === name);
  if (!part) return;
  const parts = [TEST_TOKEN, values.get("timestamp") ?? "", values.get("nonce") ?? ""];
  part.value = sign(safe ? [...parts, values.get("echostr") ?? ""] : parts);
}

export function writeQuery(q: Query): string {
  return q.parts
    .map(({ name, value }) => (value === undefined ? name : `${name}=${value}`))
    .join("&");
}
