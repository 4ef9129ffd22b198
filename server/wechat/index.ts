// The WeChat protocol layer in one import: signatures, safe-mode crypto, XML in and out, the API client.
export {
  createWechatApiClient,
  type WechatApiClient,
  type WechatApiClientOptions,
  type WechatApiResult,
} from "./apiClient";
export { type Explanation, explainErrcode, WechatApiError } from "./apiError";
export {
  createWechatCrypto,
  type KeyUsed,
  validateEncodingAESKey,
  type WechatCrypto,
} from "./crypto";
export { type CustomMessageBody, replyToCustomMessage } from "./customMessage";
export { dedupKey } from "./dedupKey";
export { isWechatProtocolError, WechatProtocolError, type WechatProtocolErrorCode } from "./errors";
export type { InboundEvent, InboundMessage } from "./inbound";
export {
  cdata,
  encryptedReplyXml,
  type PassiveEnvelope,
  type PassiveMessage,
  passiveReplyXml,
  replyToPassiveXml,
  transferCustomerServiceXml,
} from "./reply";
export { sha1Signature, verifyMsgSignature, verifyUrlSignature } from "./signature";
export { toEngineInput } from "./toEngineInput";
export { parseEncryptedEnvelope, parseInbound } from "./xml";
