// Maps a WeChat callback to the engine's Input; callbacks the engine has no use for map to null.
import type { Input } from "../../shared/engine/types";
import type { InboundMessage } from "./inbound";

/** Speech recognition ends sentences with "。", which would defeat keyword answers like "是". */
function cleanRecognition(text: string): string {
  return text
    .trim()
    .replace(/[。.！!？?]+$/u, "")
    .trim();
}

export function toEngineInput(msg: InboundMessage): Input | null {
  switch (msg.msgType) {
    case "text":
      return msg.bizMsgMenuId
        ? { type: "text", text: msg.content, menuId: msg.bizMsgMenuId }
        : { type: "text", text: msg.content };
    case "voice": {
      const heard = msg.recognition ? cleanRecognition(msg.recognition) : "";
      if (heard) return { type: "text", text: heard };
      return { type: "media", media: "voice", mediaId: msg.mediaId };
    }
    case "image":
      return { type: "media", media: "image", mediaId: msg.mediaId, url: msg.picUrl };
    case "video":
    case "shortvideo":
      return { type: "media", media: msg.msgType, mediaId: msg.mediaId };
    case "location": {
      const label = msg.label || `${msg.latitude},${msg.longitude}`;
      return { type: "media", media: "location", label };
    }
    case "link":
      return { type: "media", media: "link", url: msg.url, label: msg.title };
    case "event":
      switch (msg.event) {
        case "subscribe":
          return msg.scene
            ? { type: "event", event: "subscribe", scene: msg.scene }
            : { type: "event", event: "subscribe" };
        case "unsubscribe":
          return { type: "event", event: "unsubscribe" };
        case "SCAN":
          return { type: "event", event: "scan", scene: msg.scene };
        case "CLICK":
          return { type: "event", event: "click", key: msg.eventKey };
        case "VIEW":
          return { type: "event", event: "view", url: msg.eventKey };
        // Menu buttons that open the scanner, the camera or the map: a press of the button's key,
        // so a flow can start on it as on a click. The photos and location follow as messages.
        case "scancode_push":
        case "scancode_waitmsg":
        case "pic_sysphoto":
        case "pic_photo_or_album":
        case "pic_weixin":
        case "location_select":
          return { type: "event", event: "click", key: msg.eventKey };
        case "kf_close_session":
          return { type: "event", event: "handoffClosed" };
        // An agent took or passed on the session: the follower is still with people; log only.
        case "kf_create_session":
        case "kf_switch_session":
          return null;
        default:
          return null;
      }
    default:
      return null;
  }
}
