// The query of WeChat's URL verification (GET /wechat), read strictly: every parameter it signs or
// echoes must be there, once, as validly encoded printable text, so that what is wrong is named
// rather than guessed at.
import { controlCharacterIn } from "./controlCharacter";

export interface VerificationQuery {
  /** plain: `signature` over token, timestamp and nonce. safe: `msg_signature`, covering echostr too. */
  mode: "plain" | "safe";
  /** `signature` or `msg_signature`, as the mode says. */
  signature: string;
  timestamp: string;
  nonce: string;
  echostr: string;
}

export type VerificationQueryReading =
  | { ok: true; query: VerificationQuery }
  | { ok: false; problem: string };

const NAMES = ["signature", "msg_signature", "timestamp", "nonce", "echostr"] as const;
type Name = (typeof NAMES)[number];

const WHAT_WECHAT_SENDS =
  "WeChat's verification carries signature (or msg_signature), timestamp, nonce and echostr";

/** The query of `url` (after `?`, before `#`), as the form encoding writes it. */
function rawQuery(url: string): string {
  const start = url.indexOf("?");
  if (start < 0) return "";
  const end = url.indexOf("#", start);
  return url.slice(start + 1, end < 0 ? undefined : end);
}

/** Form decoding, strict: a stray `%` or bytes that are not UTF-8 give undefined, not a guess. */
function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

function valueProblem(name: Name, value: string | undefined): string | undefined {
  // Kept as written, `%E4%B8` would be signed and echoed as text WeChat never sent.
  if (value === undefined) {
    return `${name} is not valid percent-encoded UTF-8: a "%" must start an escape like %2B, and the escapes must spell UTF-8 text`;
  }
  const control = controlCharacterIn(value);
  if (control === undefined) return undefined;
  return `${name} contains a control character (${control}): WeChat's parameters are printable text`;
}

/** Reads the verification parameters of `url`, or says which one is wrong and how. */
export function readVerificationQuery(url: string): VerificationQueryReading {
  const values = new Map<Name, string>();
  const counts = new Map<Name, number>();
  let badValue: string | undefined;
  for (const part of rawQuery(url).split("&")) {
    const at = part.indexOf("=");
    const name = decode(at < 0 ? part : part.slice(0, at)) as Name;
    if (!NAMES.includes(name)) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const value = at < 0 ? "" : decode(part.slice(at + 1));
    badValue ??= valueProblem(name, value);
    if (!values.has(name)) values.set(name, value ?? "");
  }
  // Which copy to trust cannot be told, and a signature check on one while echoing the other
  // would vouch for what was never signed.
  for (const [name, count] of counts) {
    if (count > 1) {
      return {
        ok: false,
        problem: `${name} appears ${count} times in the query: WeChat sends each parameter once`,
      };
    }
  }
  if (badValue) return { ok: false, problem: badValue };
  // The mode is what the sender chose: an empty msg_signature is a broken safe-mode request, not a
  // plaintext one whose echostr would then be echoed still encrypted.
  const mode = values.has("msg_signature") ? "safe" : "plain";
  const signatureName = mode === "safe" ? "msg_signature" : "signature";
  for (const name of [signatureName, "timestamp", "nonce", "echostr"] as const) {
    const value = values.get(name);
    if (value === undefined) {
      return { ok: false, problem: `${name} is missing: ${WHAT_WECHAT_SENDS}` };
    }
    if (value === "") return { ok: false, problem: `${name} is empty: ${WHAT_WECHAT_SENDS}` };
  }
  return {
    ok: true,
    query: {
      mode,
      signature: values.get(signatureName)!,
      timestamp: values.get("timestamp")!,
      nonce: values.get("nonce")!,
      echostr: values.get("echostr")!,
    },
  };
}
