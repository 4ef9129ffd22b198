import { describe, expect, it } from "vitest";
import { dedupKey } from "./dedupKey";
import { inboundSamples as s } from "./fixtures";
import { toEngineInput } from "./toEngineInput";
import { parseInbound } from "./xml";

const input = (xml: string) => toEngineInput(parseInbound(xml));

describe("toEngineInput", () => {
  it("maps text, and an option click to text with menuId", () => {
    expect(input(s.text)).toEqual({ type: "text", text: "this is a test" });
    expect(input(s.menuText)).toEqual({ type: "text", text: "满意", menuId: "101" });
  });

  it("maps recognised voice to text without the trailing full stop, else to voice media", () => {
    expect(input(s.voiceRecognized)).toEqual({ type: "text", text: "腾讯微信团队" });
    expect(input(s.voice)).toEqual({ type: "media", media: "voice", mediaId: "media_id_voice" });
    const onlyStop = s.voiceRecognized.replace("腾讯微信团队。", "。");
    expect(input(onlyStop)).toEqual({ type: "media", media: "voice", mediaId: "media_id_voice" });
  });

  it("maps image, video, shortvideo, location and link to media", () => {
    expect(input(s.image)).toEqual({
      type: "media",
      media: "image",
      mediaId: "media_id_img",
      url: "http://mmbiz.qpic.cn/pic",
    });
    expect(input(s.video)).toEqual({ type: "media", media: "video", mediaId: "media_id_video" });
    expect(input(s.shortvideo)).toEqual({
      type: "media",
      media: "shortvideo",
      mediaId: "media_id_sv",
    });
    expect(input(s.location)).toEqual({ type: "media", media: "location", label: "位置信息" });
    expect(input(s.location.replace("<![CDATA[位置信息]]>", ""))).toEqual({
      type: "media",
      media: "location",
      label: "23.134521,113.358803",
    });
    expect(input(s.link)).toEqual({
      type: "media",
      media: "link",
      url: "https://mp.weixin.qq.com/s?a=1&b=2",
      label: "公众平台官网链接",
    });
  });

  it("maps follow, scene follow, unfollow, scan, click and view to events", () => {
    expect(input(s.subscribe)).toEqual({ type: "event", event: "subscribe" });
    expect(input(s.subscribeScene)).toEqual({
      type: "event",
      event: "subscribe",
      scene: "spring2026",
    });
    expect(input(s.unsubscribe)).toEqual({ type: "event", event: "unsubscribe" });
    expect(input(s.scan)).toEqual({ type: "event", event: "scan", scene: "spring2026" });
    expect(input(s.click)).toEqual({ type: "event", event: "click", key: "MENU_PRICE" });
    expect(input(s.view)).toEqual({
      type: "event",
      event: "view",
      url: "https://example.com/shop",
    });
  });

  it("maps the scan, photo and location menu buttons to a press of their key", () => {
    for (const xml of [
      s.scancodePush,
      s.scancodeWaitmsg,
      s.picSysphoto,
      s.picPhotoOrAlbum,
      s.picWeixin,
      s.locationSelect,
    ]) {
      expect(input(xml)).toEqual({ type: "event", event: "click", key: "6" });
    }
    const otherKey = s.scancodeWaitmsg.replace(
      "<EventKey><![CDATA[6]]>",
      "<EventKey><![CDATA[扫码领券]]>",
    );
    expect(input(otherKey)).toEqual({ type: "event", event: "click", key: "扫码领券" });
  });

  it("maps an agent closing the customer-service session to handoffClosed", () => {
    expect(input(s.kfCloseSession)).toEqual({ type: "event", event: "handoffClosed" });
  });

  it("returns null for callbacks the engine does not handle", () => {
    for (const xml of [
      s.kfCreateSession,
      s.kfSwitchSession,
      s.locationEvent,
      s.templateFinish,
      s.click.replace("CLICK", "subscribe_msg_popup_event"),
      s.text.replace("<![CDATA[text]]>", "<![CDATA[miniprogrampage]]>"),
    ]) {
      expect(input(xml)).toBeNull();
    }
  });
});

describe("dedupKey", () => {
  it("keys messages by follower and MsgId", () => {
    expect(dedupKey(parseInbound(s.text))).toBe("msg:oFollower123:1234567890123456789");
    expect(dedupKey(parseInbound(s.image))).toBe("msg:oFollower123:1234567890123456");
    expect(dedupKey(parseInbound(s.text.replace("oFollower123", "oOther")))).toBe(
      "msg:oOther:1234567890123456789",
    );
  });

  it("keys events by follower, time, event and key", () => {
    expect(dedupKey(parseInbound(s.click))).toBe("evt:oFollower123:1348831860:CLICK:MENU_PRICE");
    expect(dedupKey(parseInbound(s.subscribe))).toBe("evt:oFollower123:1348831860:subscribe:");
    expect(dedupKey(parseInbound(s.subscribeScene))).toBe(
      "evt:oFollower123:1348831860:subscribe:qrscene_spring2026",
    );
    expect(dedupKey(parseInbound(s.templateFinish))).toBe(
      "evt:oFollower123:1348831860:TEMPLATESENDJOBFINISH::200163836",
    );
  });

  it("keys customer-service events by their agents too", () => {
    expect(dedupKey(parseInbound(s.kfCreateSession))).toBe(
      "evt:oFollower123:1399197672:kf_create_session::test1@test",
    );
    expect(dedupKey(parseInbound(s.kfCloseSession))).toBe(
      "evt:oFollower123:1399197672:kf_close_session::test1@test",
    );
    expect(dedupKey(parseInbound(s.kfSwitchSession))).toBe(
      "evt:oFollower123:1399197672:kf_switch_session::test1@test:test2@test",
    );
  });

  it("tells apart two customer-service events of one follower in the same second", () => {
    const onward = s.kfSwitchSession
      .replace("test2@test", "test3@test")
      .replace("test1@test", "test2@test");
    expect(dedupKey(parseInbound(onward))).not.toBe(dedupKey(parseInbound(s.kfSwitchSession)));
    for (const xml of [s.kfCreateSession, s.kfCloseSession]) {
      const otherAgent = xml.replace("test1@test", "test2@test");
      expect(dedupKey(parseInbound(otherAgent))).not.toBe(dedupKey(parseInbound(xml)));
    }
    // A retry is still one.
    expect(dedupKey(parseInbound(s.kfSwitchSession))).toBe(
      dedupKey(parseInbound(s.kfSwitchSession)),
    );
  });

  it("gives a retry the same key and a different click a different key", () => {
    expect(dedupKey(parseInbound(s.click))).toBe(dedupKey(parseInbound(s.click)));
    expect(dedupKey(parseInbound(s.click))).not.toBe(
      dedupKey(parseInbound(s.click.replace("MENU_PRICE", "MENU_HELP"))),
    );
  });
});
