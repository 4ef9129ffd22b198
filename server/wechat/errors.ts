// The one error type the protocol layer throws, coded so the route can answer a specific 4xx.

export type WechatProtocolErrorCode =
  /** signature or msg_signature does not match: not from WeChat, or the token is wrong. */
  | "bad_signature"
  /** Decrypted, but the trailing AppID belongs to another account. */
  | "bad_app_id"
  /** PKCS#7 padding or the inner length is wrong: usually the EncodingAESKey does not match. */
  | "bad_padding"
  /** The configured EncodingAESKey itself is unusable. */
  | "bad_key"
  /** The body is not the XML (or base64) WeChat sends. */
  | "malformed";

export class WechatProtocolError extends Error {
  override readonly name = "WechatProtocolError";
  readonly code: WechatProtocolErrorCode;

  constructor(code: WechatProtocolErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isWechatProtocolError(error: unknown): error is WechatProtocolError {
  return error instanceof WechatProtocolError;
}
