import { describe, expect, it } from "vitest";
import { WechatProtocolError } from "./errors";
import { inboundSamples as s } from "./fixtures";
import { parseEncryptedEnvelope, parseInbound } from "./xml";

function malformed(xml: string): string {
  try {
    parseInbound(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(WechatProtocolError);
    expect((error as WechatProtocolError).code).toBe("malformed");
    return (error as Error).message;
  }
  throw new Error("expected malformed");
}

describe("parseInbound: messages", () => {
  it("reads a text message with the common fields, keeping MsgId exact", () => {
    const msg = parseInbound(s.text);
    expect(msg).toMatchObject({
      toUserName: "gh_account",
      fromUserName: "oFollower123",
      createTime: 1348831860,
      msgType: "text",
      msgId: "1234567890123456789",
      content: "this is a test",
    });
    expect(msg).not.toHaveProperty("bizMsgMenuId");
  });

  it("reads bizmsgmenuid from an option click", () => {
    expect(parseInbound(s.menuText)).toMatchObject({ content: "满意", bizMsgMenuId: "101" });
  });

  it("reads image, voice, video, shortvideo, location and link", () => {
    expect(parseInbound(s.image)).toMatchObject({
      msgType: "image",
      picUrl: "http://mmbiz.qpic.cn/pic",
      mediaId: "media_id_img",
      msgId: "1234567890123456",
    });
    expect(parseInbound(s.voice)).toMatchObject({
      msgType: "voice",
      format: "amr",
      mediaId: "media_id_voice",
    });
    expect(parseInbound(s.voice)).not.toHaveProperty("recognition");
    expect(parseInbound(s.voiceRecognized)).toMatchObject({ recognition: "腾讯微信团队。" });
    expect(parseInbound(s.video)).toMatchObject({ msgType: "video", thumbMediaId: "thumb_id" });
    expect(parseInbound(s.shortvideo)).toMatchObject({
      msgType: "shortvideo",
      mediaId: "media_id_sv",
    });
    expect(parseInbound(s.location)).toMatchObject({
      msgType: "location",
      latitude: 23.134521,
      longitude: 113.358803,
      scale: 20,
      label: "位置信息",
    });
    expect(parseInbound(s.link)).toMatchObject({
      msgType: "link",
      title: "公众平台官网链接",
      url: "https://mp.weixin.qq.com/s?a=1&b=2",
    });
  });

  it("keeps numeric-looking OpenIDs and content as strings", () => {
    const xml = s.text.replace("oFollower123", "0012345").replace("this is a test", "007");
    expect(parseInbound(xml)).toMatchObject({ fromUserName: "0012345", content: "007" });
  });

  it("trims values and reads CDATA split around a literal ]]>", () => {
    const xml = s.text.replace("<![CDATA[this is a test]]>", "<![CDATA[  a]]]]><![CDATA[>b  ]]>");
    expect(parseInbound(xml)).toMatchObject({ content: "a]]>b" });
  });

  it("reads text and CDATA mixed in one element in document order", () => {
    const content = (value: string) =>
      (parseInbound(s.text.replace("<![CDATA[this is a test]]>", value)) as { content: string })
        .content;
    expect(content("<![CDATA[a]]>b<![CDATA[c]]>")).toBe("abc");
    expect(content("x <![CDATA[a]]> y")).toBe("x a y");
    expect(content("<![CDATA[a]]> <![CDATA[b]]>")).toBe("a b");
    // Entities are decoded in the text only: CDATA keeps "&amp;" as typed.
    expect(content("&lt;<![CDATA[&amp;<b>]]>&gt;")).toBe("<&amp;<b>>");
    // A child element's text is not the element's own; the text around it stays in order.
    expect(content("<![CDATA[a]]><d>e</d>f")).toBe("af");
    // "<![CDATA[" inside a comment or a processing instruction opens no section.
    expect(content("<!-- <![CDATA[ -->a<![CDATA[b]]>")).toBe("ab");
    expect(content("<?pi <![CDATA[ ?>a<![CDATA[b]]>")).toBe("ab");
  });

  it("decodes predefined entities in plain text but expands nothing else", () => {
    const xml = s.text.replace(
      "<![CDATA[this is a test]]>",
      "a &amp; b &lt;c&gt; &#20320; &custom;",
    );
    expect(parseInbound(xml)).toMatchObject({ content: "a & b <c> 你 &custom;" });
  });

  it("accepts an XML declaration and unknown extra tags", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>${s.text.replace("</xml>", "<Extra>1</Extra></xml>")}`;
    const msg = parseInbound(xml);
    expect(msg).toMatchObject({ msgType: "text", raw: { Extra: "1", MsgType: "text" } });
  });

  it("returns an unknown MsgType as unknown rather than failing", () => {
    const xml = s.text.replace("<![CDATA[text]]>", "<![CDATA[miniprogrampage]]>");
    expect(parseInbound(xml)).toMatchObject({
      msgType: "unknown",
      rawMsgType: "miniprogrampage",
      msgId: "1234567890123456789",
    });
  });
});

describe("parseInbound: events", () => {
  it("reads a plain follow and a follow through a scene QR code", () => {
    const plain = parseInbound(s.subscribe);
    expect(plain).toMatchObject({ msgType: "event", event: "subscribe" });
    expect(plain).not.toHaveProperty("scene");
    expect(parseInbound(s.subscribeScene)).toMatchObject({
      event: "subscribe",
      eventKey: "qrscene_spring2026",
      scene: "spring2026",
      ticket: "TICKET",
    });
  });

  it("reads unsubscribe, SCAN, CLICK and VIEW", () => {
    expect(parseInbound(s.unsubscribe)).toMatchObject({ event: "unsubscribe" });
    expect(parseInbound(s.scan)).toMatchObject({
      event: "SCAN",
      scene: "spring2026",
      ticket: "TICKET",
    });
    expect(parseInbound(s.click)).toMatchObject({ event: "CLICK", eventKey: "MENU_PRICE" });
    expect(parseInbound(s.view)).toMatchObject({
      event: "VIEW",
      eventKey: "https://example.com/shop",
      menuId: "208396938",
    });
  });

  it("accepts event names in another case", () => {
    expect(parseInbound(s.click.replace("CLICK", "click"))).toMatchObject({ event: "CLICK" });
  });

  it("reads LOCATION, scancode, pic and location_select events", () => {
    expect(parseInbound(s.locationEvent)).toMatchObject({
      event: "LOCATION",
      latitude: 23.137466,
      longitude: 113.352425,
      precision: 119.38504,
    });
    expect(parseInbound(s.scancodePush)).toMatchObject({
      event: "scancode_push",
      scanType: "qrcode",
      scanResult: "1",
    });
    expect(parseInbound(s.scancodeWaitmsg)).toMatchObject({
      event: "scancode_waitmsg",
      scanResult: "EAN_13,6901234567892",
    });
    expect(parseInbound(s.picSysphoto)).toMatchObject({
      event: "pic_sysphoto",
      count: 1,
      picMd5Sums: ["1b5f7c23b5bf75682a53e7b6d163e185"],
    });
    expect(parseInbound(s.picPhotoOrAlbum)).toMatchObject({ count: 2, picMd5Sums: ["aaa", "bbb"] });
    expect(parseInbound(s.picWeixin)).toMatchObject({ event: "pic_weixin", picMd5Sums: ["ccc"] });
    const selected = parseInbound(s.locationSelect);
    expect(selected).toMatchObject({
      event: "location_select",
      latitude: 23,
      longitude: 113,
      label: "广州市海珠区",
    });
    expect(selected).not.toHaveProperty("poiname");
  });

  it("keeps nested elements as plain text in raw", () => {
    expect(parseInbound(s.picPhotoOrAlbum).raw.SendPicsInfo).toEqual({
      Count: "2",
      PicList: { item: [{ PicMd5Sum: "aaa" }, { PicMd5Sum: "bbb" }] },
    });
  });

  it("reads TEMPLATESENDJOBFINISH with MsgID (capital D)", () => {
    expect(parseInbound(s.templateFinish)).toMatchObject({
      event: "TEMPLATESENDJOBFINISH",
      msgId: "200163836",
      status: "failed:user block",
    });
  });

  it("reads the customer-service session events with their agents", () => {
    expect(parseInbound(s.kfCreateSession)).toMatchObject({
      msgType: "event",
      event: "kf_create_session",
      kfAccount: "test1@test",
      createTime: 1399197672,
    });
    expect(parseInbound(s.kfCloseSession)).toMatchObject({
      msgType: "event",
      event: "kf_close_session",
      kfAccount: "test1@test",
    });
    expect(parseInbound(s.kfSwitchSession)).toMatchObject({
      msgType: "event",
      event: "kf_switch_session",
      fromKfAccount: "test1@test",
      toKfAccount: "test2@test",
    });
  });

  it("returns an unknown event as unknown", () => {
    const xml = s.click.replace("CLICK", "subscribe_msg_popup_event");
    expect(parseInbound(xml)).toMatchObject({
      msgType: "unknown",
      event: "subscribe_msg_popup_event",
    });
  });
});

describe("parseInbound: refusals", () => {
  it.each(["ToUserName", "FromUserName", "CreateTime", "MsgType"])("requires %s", (tag) => {
    const xml = s.text.replace(new RegExp(`<${tag}>.*?</${tag}>`), "");
    expect(malformed(xml)).toContain(tag);
  });

  it("requires Event on an event", () => {
    expect(malformed(s.subscribe.replace(/<Event>.*?<\/Event>/, ""))).toContain("Event");
  });

  it("refuses a FromUserName longer than an OpenID the store can keep", () => {
    const at = (length: number) => s.text.replace("oFollower123", `o${"F".repeat(length - 1)}`);
    expect(parseInbound(at(128))).toMatchObject({ fromUserName: `o${"F".repeat(127)}` });
    expect(malformed(at(129))).toBe("FromUserName has 129 characters; an OpenID has at most 128.");
  });

  it("refuses a FromUserName a reply could not be addressed to", () => {
    const from = (openid: string) => s.text.replace("<![CDATA[oFollower123]]>", openid);
    expect(malformed(from("<![CDATA[o\u0001x]]>"))).toBe(
      'FromUserName contains U+0001, which a reply cannot carry; an OpenID is letters, digits, "-" and "_".',
    );
    expect(malformed(from("o&#11;x"))).toContain("U+000B");
    expect(malformed(from("o&#xD800;x"))).toContain("U+D800");
    expect(malformed(from("<![CDATA[o\uFFFF]]>"))).toContain("U+FFFF");
    // Whatever else XML allows is kept as sent.
    expect(parseInbound(from("<![CDATA[o-x_😀\tä]]>"))).toMatchObject({
      fromUserName: "o-x_😀\tä",
    });
  });

  it("refuses a CreateTime that is not Unix seconds", () => {
    malformed(s.text.replace("1348831860", "yesterday"));
  });

  it("refuses DTDs and entity declarations (billion laughs, XXE)", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>${s.text.replace("this is a test", "&lol2;")}`;
    expect(malformed(bomb)).toMatch(/DTD/);
    const xxe = `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${s.text}`;
    malformed(xxe);
    malformed(`<!entity x "y">${s.text}`);
  });

  it("lets a follower type <!DOCTYPE inside CDATA", () => {
    const xml = s.text.replace("this is a test", "<!DOCTYPE html> is how pages start");
    expect(parseInbound(xml)).toMatchObject({ content: "<!DOCTYPE html> is how pages start" });
  });

  it("refuses thousands of elements before parsing them", () => {
    expect(malformed(`<xml>${"<a></a>".repeat(9000)}</xml>`)).toContain("elements");
  });

  it("refuses many unclosed CDATA sections as malformed", () => {
    malformed(`<xml>${"<![CDATA[".repeat(100_000)}</xml>`);
  });

  it("refuses broken XML, an empty body, JSON and a foreign root element", () => {
    malformed(s.text.replace("</Content>", "</Contnet>"));
    malformed("");
    malformed("   ");
    malformed('{"MsgType":"text"}');
    malformed(s.text.replaceAll("xml>", "root>"));
    malformed(`<xml>${"<a>".repeat(40)}${"</a>".repeat(40)}</xml>`);
  });
});

describe("parseEncryptedEnvelope", () => {
  it("reads a safe-mode body", () => {
    expect(
      parseEncryptedEnvelope(
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>",
      ),
    ).toEqual({ toUserName: "gh_account", encrypt: "abc+/=" });
  });

  it("reads Encrypt from a compatible-mode body and works without ToUserName", () => {
    expect(
      parseEncryptedEnvelope(s.text.replace("</xml>", "<Encrypt><![CDATA[xyz]]></Encrypt></xml>")),
    ).toEqual({
      toUserName: "gh_account",
      encrypt: "xyz",
    });
    expect(parseEncryptedEnvelope("<xml><Encrypt>xyz</Encrypt></xml>")).toEqual({ encrypt: "xyz" });
  });

  it("refuses a body without Encrypt", () => {
    try {
      parseEncryptedEnvelope(s.text);
      throw new Error("expected malformed");
    } catch (error) {
      expect((error as WechatProtocolError).code).toBe("malformed");
    }
  });
});
