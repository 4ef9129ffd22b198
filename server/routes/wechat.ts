// The WeChat callback: URL verification (GET) and messages (POST) in plaintext, compatible and safe modes.
//
// Status codes: 401 when a signature does not match (not from WeChat, or WECHAT_TOKEN differs),
// 403 when an encrypted message or echostr belongs to another AppID, or when a message's timestamp
// is more than 11 hours from this server's clock (wechatTimestamp.ts), 400 for a body that is not
// WeChat's XML, a message timestamp that is missing or not Unix seconds, or a verification query
// that is not WeChat's (naming the parameter), 413 over 64 KiB, 503 while WECHAT_TOKEN is unset.
// None of them stores anything.
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { WechatConfig } from "../config";
import type { Conversation } from "../runtime/conversation";
import type { InboundTurn, Logger } from "../runtime/types";
import type { KeyUsed, WechatCrypto } from "../wechat/crypto";
import { dedupKey } from "../wechat/dedupKey";
import { isWechatProtocolError } from "../wechat/errors";
import type { InboundMessage } from "../wechat/inbound";
import { randomNonce } from "../wechat/randomPool";
import { encryptedReplyXml } from "../wechat/reply";
import { verifyUrlSignature } from "../wechat/signature";
import { toEngineInput } from "../wechat/toEngineInput";
import { readVerificationQuery } from "../wechat/verificationQuery";
import { parseEncryptedEnvelope, parseInbound } from "../wechat/xml";
import { createTimestampCheck } from "./wechatTimestamp";

export const WECHAT_BODY_LIMIT = 64 * 1024;

export interface WechatRouteDeps {
  wechat: WechatConfig;
  /** Present when WECHAT_ENCODING_AES_KEY is set. */
  crypto: WechatCrypto | undefined;
  conversation: Conversation;
  now: () => number;
  /**
   * Told once when plaintext arrives although a key is set (see PLAINTEXT_WHILE_KEYED), and when
   * messages are refused for their timestamp (at most hourly: the server's clock may be wrong).
   */
  logger?: Logger;
}

/**
 * Plaintext messages are still answered while a key is set: WeChat sends them until the account
 * is switched to 兼容模式 or 安全模式 in its admin, and refusing them would leave followers
 * unanswered meanwhile. But an operator who set the key believes the messages are encrypted, and
 * a plaintext body is not covered by its signature: said once, so the switch is not forgotten.
 */
const PLAINTEXT_WHILE_KEYED =
  "WeChat sent a plaintext message although WECHAT_ENCODING_AES_KEY is set: the account is still in 明文模式. Choose 安全模式 (or 兼容模式) under 设置与开发 → 基本配置 → 消息加解密方式 in the WeChat admin, so messages arrive encrypted (明文消息：请在公众号后台切换到安全模式)";

function badSignature(): HTTPException {
  return new HTTPException(401, {
    message: "signature does not match: the request is not from WeChat or WECHAT_TOKEN differs",
  });
}

/** What a refusal talks about: a message (POST), or the echostr of a URL verification (GET). */
interface Subject {
  /** What was encrypted, as the start of a sentence and inside one. */
  noun: string;
  phrase: string;
  /** What the request failed to be. */
  notA: string;
}
const MESSAGE: Subject = { noun: "message", phrase: "the message", notA: "not a WeChat message" };
const VERIFICATION: Subject = {
  noun: "echostr",
  phrase: "echostr",
  notA: "not a WeChat URL verification",
};

/** Protocol errors become the 4xx the header comment promises; anything else is a real 500. */
function rejectProtocolError(error: unknown, subject: Subject = MESSAGE): never {
  if (!isWechatProtocolError(error)) throw error;
  switch (error.code) {
    case "bad_signature":
      throw badSignature();
    case "bad_app_id":
      throw new HTTPException(403, {
        message: `${subject.noun} encrypted for another AppID: check WECHAT_APP_ID`,
      });
    case "bad_padding":
      throw new HTTPException(400, {
        message: `cannot decrypt ${subject.phrase}: check WECHAT_ENCODING_AES_KEY`,
      });
    case "bad_key":
      throw new HTTPException(500, { message: error.message });
    default:
      throw new HTTPException(400, { message: `${subject.notA}: ${error.message}` });
  }
}

function toTurn(msg: InboundMessage): InboundTurn {
  const turn: InboundTurn = {
    openid: msg.fromUserName,
    account: msg.toUserName,
    dedupKey: dedupKey(msg),
    msgType: msg.msgType === "unknown" ? msg.rawMsgType : msg.msgType,
    input: toEngineInput(msg),
    content: JSON.stringify(msg.raw),
  };
  if (msg.msgType === "event" || (msg.msgType === "unknown" && msg.event)) turn.event = msg.event;
  return turn;
}

const tooLarge = () =>
  new HTTPException(413, { message: "body over 64 KiB: not a WeChat message" });
const streamedBodyLimit = bodyLimit({
  maxSize: WECHAT_BODY_LIMIT,
  onError: () => {
    throw tooLarge();
  },
});

/**
 * WeChat always sends Content-Length, and Node never delivers more than it says, so the header
 * decides; hono's bodyLimit (for chunked bodies) first turns the request into a web Request with
 * a stream, which on Node costs more than the rest of a turn.
 */
const limitBody: MiddlewareHandler = async (c, next) => {
  const length = c.req.header("content-length");
  if (length === undefined || c.req.header("transfer-encoding") !== undefined) {
    return streamedBodyLimit(c, next);
  }
  if (!/^\d+$/.test(length) || Number(length) > WECHAT_BODY_LIMIT) throw tooLarge();
  await next();
};

/**
 * An `encrypt_type=aes` message while WECHAT_ENCODING_AES_KEY is unset. In compatible mode (兼容模式)
 * the body carries the plaintext fields beside <Encrypt>, and the plain `signature` still proves
 * the sender knows the token: that is the mode WeChat offers for switching to encryption, so an
 * account moved to it before the key reaches the server keeps answering. Safe mode's body has
 * only <Encrypt>: nothing to read without the key.
 */
function compatibleWithoutKey(body: string, q: Record<string, string>, token: string) {
  if (!/<FromUserName\b/.test(body)) {
    throw new HTTPException(400, {
      message:
        "encrypted message (safe mode) received but WECHAT_ENCODING_AES_KEY is not set: copy the EncodingAESKey from the WeChat admin (消息加解密密钥) and restart",
    });
  }
  const signature = { token, timestamp: q.timestamp ?? "", nonce: q.nonce ?? "" };
  if (!verifyUrlSignature({ ...signature, signature: q.signature ?? "" })) throw badSignature();
  const msg = parseInbound(body);
  // The ciphertext copy is not part of the message: keep it out of the message log.
  delete msg.raw.Encrypt;
  return msg;
}

export function wechatRoutes(deps: WechatRouteDeps): Hono {
  const { wechat, crypto } = deps;
  const routes = new Hono();
  let toldPlaintext = false;
  const checkTimestamp = createTimestampCheck({
    token: () => wechat.token ?? "",
    now: deps.now,
    logger: deps.logger,
  });

  routes.use("*", async (_c, next) => {
    if (!wechat.token) {
      throw new HTTPException(503, {
        message:
          "WeChat is not configured: set WECHAT_TOKEN (and WECHAT_APP_ID, WECHAT_APP_SECRET) and restart (未配置微信)",
      });
    }
    await next();
  });

  routes.get("/", (c) => {
    // The plain echostr is not signed: whoever holds one signed query can have any printable text
    // echoed. As text it stays: no browser may read it as HTML or script.
    c.header("X-Content-Type-Options", "nosniff");
    const read = readVerificationQuery(c.req.url);
    if (!read.ok) {
      throw new HTTPException(400, { message: `not a WeChat URL verification: ${read.problem}` });
    }
    const { mode, signature, timestamp, nonce, echostr } = read.query;
    if (mode === "safe") {
      if (!crypto) {
        throw new HTTPException(400, {
          message: "encrypted URL verification needs WECHAT_ENCODING_AES_KEY and WECHAT_APP_ID",
        });
      }
      try {
        const opened = crypto.decryptEchostr(echostr, {
          msgSignature: signature,
          timestamp,
          nonce,
        });
        return c.text(opened.echostr);
      } catch (error) {
        rejectProtocolError(error, VERIFICATION);
      }
    }
    if (!verifyUrlSignature({ token: wechat.token!, timestamp, nonce, signature })) {
      throw badSignature();
    }
    return c.text(echostr);
  });

  routes.post("/", limitBody, async (c) => {
    const q = c.req.query();
    // First, before the body is read: an old request sent again is refused whatever it carries.
    checkTimestamp(q);
    const timestamp = q.timestamp ?? "";
    const nonce = q.nonce ?? "";
    const body = await c.req.text();
    const encrypted = q.encrypt_type === "aes";
    let msg: InboundMessage;
    let keyUsed: KeyUsed | undefined;
    try {
      if (encrypted && !crypto) {
        msg = compatibleWithoutKey(body, q, wechat.token!);
      } else if (encrypted && crypto) {
        const envelope = parseEncryptedEnvelope(body);
        const opened = crypto.decrypt(envelope.encrypt, {
          msgSignature: q.msg_signature ?? "",
          timestamp,
          nonce,
        });
        keyUsed = opened.keyUsed;
        msg = parseInbound(opened.xml);
      } else {
        if (
          !verifyUrlSignature({
            token: wechat.token!,
            timestamp,
            nonce,
            signature: q.signature ?? "",
          })
        ) {
          throw badSignature();
        }
        msg = parseInbound(body);
        if (crypto && !toldPlaintext) {
          toldPlaintext = true;
          deps.logger?.warn(PLAINTEXT_WHILE_KEYED);
        }
      }
    } catch (error) {
      if (error instanceof HTTPException) throw error;
      rejectProtocolError(error);
    }

    const reply = await deps.conversation.handle(toTurn(msg));
    // Without a key (compatible mode read as plaintext) the reply is plaintext, which WeChat takes.
    if (reply === "success" || !encrypted || !crypto) {
      return reply === "success"
        ? c.text(reply)
        : c.body(reply, 200, { "Content-Type": "application/xml" });
    }
    // Reply with the key the request was decrypted with (key rotation).
    const xml = encryptedReplyXml(crypto, reply, {
      timestamp: Math.floor(deps.now() / 1000),
      nonce: randomNonce(),
      key: keyUsed,
    });
    return c.body(xml, 200, { "Content-Type": "application/xml" });
  });

  return routes;
}
