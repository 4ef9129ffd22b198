import { describe, expect, it } from "vitest";
import type { Reply } from "../../shared/engine/types";
import { TRUNCATION_MARKER, utf8Length } from "../../shared/wechat";
import { createWechatCrypto } from "./crypto";
import { replyToCustomMessage } from "./customMessage";
import {
  cdata,
  encryptedReplyXml,
  passiveReplyXml,
  replyToPassiveXml,
  transferCustomerServiceXml,
} from "./reply";
import { parseEncryptedEnvelope, parseInbound } from "./xml";

const envelope = { toUser: "oFollower", fromUser: "gh_account", createTime: 1_700_000_000 };
const from = { nodeId: "n1", flowId: "f1" };

describe("cdata", () => {
  it("splits a literal ]]> so it cannot close the section early", () => {
    expect(cdata("a]]>b")).toBe("<![CDATA[a]]]]><![CDATA[>b]]>");
    expect(cdata("]]>]]>")).toBe("<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>");
  });

  it("drops characters XML forbids", () => {
    expect(cdata("a\u0000b\u0008c\td\ne")).toBe("<![CDATA[abc\td\ne]]>");
  });
});

describe("passive replies", () => {
  it("writes text with CDATA strings and a bare CreateTime in seconds", () => {
    expect(replyToPassiveXml({ ...from, type: "text", text: "你好" }, envelope)).toBe(
      "<xml><ToUserName><![CDATA[oFollower]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName>" +
        "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>",
    );
  });

  it("refuses a CreateTime in milliseconds", () => {
    expect(() =>
      replyToPassiveXml(
        { ...from, type: "text", text: "x" },
        { ...envelope, createTime: 1_700_000_000_000 },
      ),
    ).toThrow(/seconds/);
    expect(() =>
      replyToPassiveXml({ ...from, type: "text", text: "x" }, { ...envelope, createTime: 1.5 }),
    ).toThrow();
  });

  it("round-trips content with ]]> through our own parser", () => {
    const text = "代码里的 ]]> 和 <xml> 与 & 都要原样到达";
    const xml = replyToPassiveXml({ ...from, type: "text", text }, envelope);
    const parsed = parseInbound(xml.replace("</xml>", "<MsgId>1</MsgId></xml>"));
    expect(parsed).toMatchObject({
      msgType: "text",
      content: text,
      toUserName: "oFollower",
      fromUserName: "gh_account",
      createTime: 1_700_000_000,
    });
  });

  it("trims text over 2048 bytes with the marker", () => {
    const xml = replyToPassiveXml({ ...from, type: "text", text: "长".repeat(1000) }, envelope);
    const parsed = parseInbound(xml.replace("</xml>", "<MsgId>1</MsgId></xml>"));
    if (parsed.msgType !== "text") throw new Error("expected text");
    expect(parsed.content.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(utf8Length(parsed.content)).toBeLessThanOrEqual(2048);
  });

  it("writes image, voice and video", () => {
    expect(
      replyToPassiveXml(
        { ...from, type: "image", mediaId: "m1", previewUrl: "http://x" },
        envelope,
      ),
    ).toContain(
      "<MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[m1]]></MediaId></Image></xml>",
    );
    expect(replyToPassiveXml({ ...from, type: "voice", mediaId: "v1" }, envelope)).toContain(
      "<Voice><MediaId><![CDATA[v1]]></MediaId></Voice>",
    );
    expect(
      replyToPassiveXml(
        { ...from, type: "video", mediaId: "vid", title: "T", description: "D" },
        envelope,
      ),
    ).toContain(
      "<Video><MediaId><![CDATA[vid]]></MediaId><Title><![CDATA[T]]></Title><Description><![CDATA[D]]></Description></Video>",
    );
    expect(replyToPassiveXml({ ...from, type: "video", mediaId: "vid" }, envelope)).toContain(
      "<Video><MediaId><![CDATA[vid]]></MediaId></Video>",
    );
  });

  it("writes news with exactly one article, the first", () => {
    const reply: Reply = {
      ...from,
      type: "news",
      articles: [
        { title: "第一篇", description: "描述", picUrl: "https://p/1.jpg", url: "https://a/1" },
        { title: "第二篇", url: "https://a/2" },
      ],
    };
    const xml = replyToPassiveXml(reply, envelope);
    expect(xml).toContain("<ArticleCount>1</ArticleCount>");
    expect(xml).toContain(
      "<Articles><item><Title><![CDATA[第一篇]]></Title><Description><![CDATA[描述]]></Description>" +
        "<PicUrl><![CDATA[https://p/1.jpg]]></PicUrl><Url><![CDATA[https://a/1]]></Url></item></Articles>",
    );
    expect(xml).not.toContain("第二篇");
    expect(() => replyToPassiveXml({ ...from, type: "news", articles: [] }, envelope)).toThrow(
      RangeError,
    );
  });

  it("writes music", () => {
    const xml = passiveReplyXml(
      {
        type: "music",
        title: "歌",
        musicUrl: "http://m",
        hqMusicUrl: "http://hq",
        thumbMediaId: "th",
      },
      envelope,
    );
    expect(xml).toContain(
      "<Music><Title><![CDATA[歌]]></Title><MusicUrl><![CDATA[http://m]]></MusicUrl><HQMusicUrl><![CDATA[http://hq]]></HQMusicUrl><ThumbMediaId><![CDATA[th]]></ThumbMediaId></Music>",
    );
  });

  it("writes a transfer to customer service, with or without an agent", () => {
    expect(transferCustomerServiceXml(envelope)).toBe(
      "<xml><ToUserName><![CDATA[oFollower]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName>" +
        "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>",
    );
    expect(transferCustomerServiceXml({ ...envelope, kfAccount: "kf2001@gh_account" })).toContain(
      "<TransInfo><KfAccount><![CDATA[kf2001@gh_account]]></KfAccount></TransInfo></xml>",
    );
  });
});

describe("encryptedReplyXml", () => {
  const crypto = createWechatCrypto({
    token: "tok",
    appId: "wxapp",
    encodingAESKey: "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
  });

  it("wraps already encrypted parts", () => {
    expect(
      encryptedReplyXml({
        encrypt: "ENC",
        msgSignature: "SIG",
        timestamp: 1409304348,
        nonce: "xxxxxx",
      }),
    ).toBe(
      "<xml><Encrypt><![CDATA[ENC]]></Encrypt><MsgSignature><![CDATA[SIG]]></MsgSignature>" +
        "<TimeStamp>1409304348</TimeStamp><Nonce><![CDATA[xxxxxx]]></Nonce></xml>",
    );
  });

  it("encrypts a passive reply that decrypts back with a valid msg_signature", () => {
    const inner = replyToPassiveXml({ ...from, type: "text", text: "加密回复" }, envelope);
    const xml = encryptedReplyXml(crypto, inner, { timestamp: "1700000001", nonce: "n0" });
    const { encrypt } = parseEncryptedEnvelope(xml);
    const signature = /<MsgSignature><!\[CDATA\[(\w+)\]\]>/.exec(xml)?.[1] ?? "";
    expect(
      crypto.decrypt(encrypt, { msgSignature: signature, timestamp: "1700000001", nonce: "n0" })
        .xml,
    ).toBe(inner);
  });
});

describe("replyToCustomMessage", () => {
  it("builds the customer-service bodies", () => {
    expect(replyToCustomMessage({ ...from, type: "text", text: "hi" }, "o1")).toEqual({
      touser: "o1",
      msgtype: "text",
      text: { content: "hi" },
    });
    expect(replyToCustomMessage({ ...from, type: "image", mediaId: "m" }, "o1")).toEqual({
      touser: "o1",
      msgtype: "image",
      image: { media_id: "m" },
    });
    expect(replyToCustomMessage({ ...from, type: "voice", mediaId: "v" }, "o1")).toEqual({
      touser: "o1",
      msgtype: "voice",
      voice: { media_id: "v" },
    });
    expect(
      replyToCustomMessage({ ...from, type: "video", mediaId: "vd", title: "T" }, "o1"),
    ).toEqual({
      touser: "o1",
      msgtype: "video",
      video: { media_id: "vd", title: "T" },
    });
    expect(
      replyToCustomMessage(
        {
          ...from,
          type: "news",
          articles: [
            { title: "A", url: "https://a" },
            { title: "B", url: "https://b" },
          ],
        },
        "o1",
      ),
    ).toEqual({
      touser: "o1",
      msgtype: "news",
      news: { articles: [{ title: "A", description: "", url: "https://a", picurl: "" }] },
    });
  });
});
