// Plays WeChat towards a Huashu server: builds, signs and (optionally) encrypts callbacks, reads replies.
// Used by the runtime tests, `npm run wechat-sim` and the benchmark.
import { randomBytes } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { createWechatCrypto, type WechatCrypto } from "../wechat/crypto";
import { sha1Signature } from "../wechat/signature";

export interface FakeWechatOptions {
  /** The callback URL, e.g. http://127.0.0.1:3000/wechat. */
  url: string;
  token: string;
  /** With both, requests go in safe mode (encrypt_type=aes) and replies are decrypted. */
  encodingAESKey?: string;
  appId?: string;
  account?: string;
  /**
   * The clock requests are stamped with (Unix ms), Date.now unless given. The server refuses a
   * timestamp far from its own clock, so a test that moves the server's clock (AppDeps.now) signs
   * with the same one: TestServer.fakeWechat does.
   */
  now?: () => number;
}

const cdata = (value: string) => `<![CDATA[${value.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;

// Replies are our own XML; the parser only has to read CDATA text and nested TransInfo.
const replyParser = new XMLParser({
  processEntities: false,
  parseTagValue: false,
  trimValues: false,
});

let msgIdCounter = BigInt(Date.now()) * 1000n;
export function nextMsgId(): string {
  msgIdCounter += 1n;
  return msgIdCounter.toString();
}

/** The plaintext callback XML WeChat would post. `fields` are extra tags (Content, Event, …). */
export function callbackXml(
  openid: string,
  msgType: string,
  fields: Record<string, string | number>,
  options: { account?: string; createTime?: number } = {},
): string {
  const body = Object.entries(fields)
    .map(([tag, v]) => `<${tag}>${typeof v === "number" ? v : cdata(v)}</${tag}>`)
    .join("");
  return (
    `<xml><ToUserName>${cdata(options.account ?? "gh_huashu")}</ToUserName>` +
    `<FromUserName>${cdata(openid)}</FromUserName>` +
    `<CreateTime>${options.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime>` +
    `<MsgType>${cdata(msgType)}</MsgType>${body}</xml>`
  );
}

export const textXml = (openid: string, content: string, msgId = nextMsgId()) =>
  callbackXml(openid, "text", { Content: content, MsgId: msgId });

export interface SignedRequest {
  url: string;
  body: string;
}

export interface PassiveReply {
  status: number;
  /** The body as received (encrypted XML in safe mode). */
  raw: string;
  /** The reply XML after decryption, or `success`/empty. */
  xml: string;
  msgType?: string;
  content?: string;
  /** Every field of the reply XML, nested elements as objects. */
  fields?: Record<string, unknown>;
  kfAccount?: string;
}

export function createFakeWechat(options: FakeWechatOptions) {
  const crypto: WechatCrypto | undefined =
    options.encodingAESKey && options.appId
      ? createWechatCrypto({
          token: options.token,
          appId: options.appId,
          encodingAESKey: options.encodingAESKey,
        })
      : undefined;

  /** Signs (and in safe mode encrypts) a callback body, as WeChat does. */
  function sign(xml: string): SignedRequest {
    const timestamp = String(Math.floor((options.now ?? Date.now)() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const signature = sha1Signature([options.token, timestamp, nonce]);
    const query = new URLSearchParams({ signature, timestamp, nonce });
    let body = xml;
    if (crypto) {
      const { encrypt, msgSignature } = crypto.encrypt(xml, { timestamp, nonce });
      query.set("encrypt_type", "aes");
      query.set("msg_signature", msgSignature);
      body = `<xml><ToUserName>${cdata(options.account ?? "gh_huashu")}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>`;
    }
    return { url: `${options.url}?${query}`, body };
  }

  /** Verifies and decrypts an encrypted reply; plaintext replies pass through. */
  function open(raw: string): string {
    if (!crypto || raw === "" || raw === "success") return raw;
    const tag = (name: string) =>
      new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`, "s").exec(raw)?.[1] ??
      "";
    return crypto.decrypt(tag("Encrypt"), {
      msgSignature: tag("MsgSignature"),
      timestamp: tag("TimeStamp"),
      nonce: tag("Nonce"),
    }).xml;
  }

  async function post(xml: string, init: { signal?: AbortSignal } = {}): Promise<PassiveReply> {
    return send(sign(xml), init);
  }

  /** Posts an already signed request (WeChat resends the very same one when it gets no answer). */
  async function send(
    request: SignedRequest,
    init: { signal?: AbortSignal } = {},
  ): Promise<PassiveReply> {
    const response = await fetch(request.url, {
      method: "POST",
      body: request.body,
      headers: { "Content-Type": "text/xml" },
      signal: init.signal,
    });
    const raw = await response.text();
    if (response.status !== 200) return { status: response.status, raw, xml: raw };
    const opened = open(raw);
    const reply: PassiveReply = { status: 200, raw, xml: opened };
    if (opened.startsWith("<xml>")) {
      const fields = (replyParser.parse(opened) as { xml?: Record<string, unknown> }).xml ?? {};
      reply.fields = fields;
      reply.msgType = String(fields.MsgType ?? "");
      if (fields.Content !== undefined) reply.content = String(fields.Content);
      const trans = fields.TransInfo as { KfAccount?: unknown } | undefined;
      if (trans?.KfAccount !== undefined) reply.kfAccount = String(trans.KfAccount);
    }
    return reply;
  }

  return {
    sign,
    open,
    post,
    send,
    text: (openid: string, content: string, msgId?: string) =>
      post(textXml(openid, content, msgId)),
    event: (openid: string, event: string, eventKey?: string) =>
      post(
        callbackXml(openid, "event", {
          Event: event,
          ...(eventKey !== undefined ? { EventKey: eventKey } : {}),
        }),
      ),
  };
}
export type FakeWechat = ReturnType<typeof createFakeWechat>;
