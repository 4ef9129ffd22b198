// WeChat's request signatures: sha1 over the sorted parts, compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";

/** sha1 hex of the parts sorted lexicographically (by UTF-16 code units, as every SDK does) and joined. */
export function sha1Signature(parts: string[]): string {
  const joined = [...parts].sort().join("");
  return createHash("sha1").update(joined, "utf8").digest("hex");
}

/** Constant-time comparison of two hex signatures; unequal lengths are simply unequal. */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), "utf8");
  const b = Buffer.from(received.toLowerCase(), "utf8");
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

export interface UrlSignatureParams {
  token: string;
  timestamp: string;
  nonce: string;
  signature: string;
}

/** The plain `signature` on every callback: sha1(sort(token, timestamp, nonce)). */
export function verifyUrlSignature({
  token,
  timestamp,
  nonce,
  signature,
}: UrlSignatureParams): boolean {
  if (!signature) return false;
  return signaturesEqual(sha1Signature([token, timestamp, nonce]), signature);
}

export interface MsgSignatureParams {
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  msgSignature: string;
}

/** The safe-mode `msg_signature`: sha1(sort(token, timestamp, nonce, Encrypt)). */
export function verifyMsgSignature({
  token,
  timestamp,
  nonce,
  encrypt,
  msgSignature,
}: MsgSignatureParams): boolean {
  if (!msgSignature) return false;
  return signaturesEqual(sha1Signature([token, timestamp, nonce, encrypt]), msgSignature);
}
