// The event half of a callback (MsgType event): each Event with its own fields.
import type { InboundEvent, InboundMessage, UnknownInbound } from "./inbound";
import { childOf, num, textOf } from "./xmlTree";

const EVENT_NAMES = [
  "subscribe",
  "unsubscribe",
  "SCAN",
  "CLICK",
  "VIEW",
  "LOCATION",
  "scancode_push",
  "scancode_waitmsg",
  "pic_sysphoto",
  "pic_photo_or_album",
  "pic_weixin",
  "location_select",
  "TEMPLATESENDJOBFINISH",
  "kf_create_session",
  "kf_close_session",
  "kf_switch_session",
] as const;
const EVENT_BY_LOWER = new Map(EVENT_NAMES.map((name) => [name.toLowerCase(), name]));

type Common = Omit<InboundEvent, "msgType" | "event">;

export function parseEvent(
  root: Record<string, unknown>,
  common: Common,
  rawEvent: string,
): InboundMessage {
  const field = (tag: string) => textOf(root[tag]);
  const str = (tag: string) => field(tag) ?? "";
  const opt = (tag: string) => {
    const value = field(tag);
    return value === undefined || value === "" ? undefined : value;
  };
  const base = { ...common, msgType: "event" as const };
  const event = EVENT_BY_LOWER.get(rawEvent.toLowerCase());
  const eventKey = str("EventKey");
  switch (event) {
    case "subscribe": {
      const key = opt("EventKey");
      const ticket = opt("Ticket");
      // Optional fields set one by one: conditional spreads cost more than the whole parse.
      const follow: Extract<InboundMessage, { event: "subscribe" }> = { ...base, event };
      if (key) follow.eventKey = key;
      if (key?.startsWith("qrscene_")) follow.scene = key.slice("qrscene_".length);
      if (ticket) follow.ticket = ticket;
      return follow;
    }
    case "unsubscribe":
      return { ...base, event };
    case "SCAN": {
      const ticket = opt("Ticket");
      const scan: Extract<InboundMessage, { event: "SCAN" }> = {
        ...base,
        event,
        eventKey,
        scene: eventKey,
      };
      if (ticket) scan.ticket = ticket;
      return scan;
    }
    case "CLICK":
      return { ...base, event, eventKey };
    case "VIEW": {
      const menuId = opt("MenuId");
      return { ...base, event, eventKey, ...(menuId ? { menuId } : {}) };
    }
    case "LOCATION":
      return {
        ...base,
        event,
        latitude: num(opt("Latitude")),
        longitude: num(opt("Longitude")),
        precision: num(opt("Precision")),
      };
    case "scancode_push":
    case "scancode_waitmsg": {
      const info = root.ScanCodeInfo;
      return {
        ...base,
        event,
        eventKey,
        scanType: textOf(childOf(info, "ScanType")) ?? "",
        scanResult: textOf(childOf(info, "ScanResult")) ?? "",
      };
    }
    case "pic_sysphoto":
    case "pic_photo_or_album":
    case "pic_weixin": {
      const info = root.SendPicsInfo;
      const items = childOf(childOf(info, "PicList"), "item");
      const list = Array.isArray(items) ? items : items === undefined ? [] : [items];
      const picMd5Sums = list
        .map((item) => textOf(childOf(item, "PicMd5Sum")))
        .filter((sum): sum is string => !!sum);
      const count = num(textOf(childOf(info, "Count")));
      return {
        ...base,
        event,
        eventKey,
        count: Number.isNaN(count) ? picMd5Sums.length : count,
        picMd5Sums,
      };
    }
    case "location_select": {
      const info = root.SendLocationInfo;
      const poiname = textOf(childOf(info, "Poiname"));
      return {
        ...base,
        event,
        eventKey,
        latitude: num(textOf(childOf(info, "Location_X"))),
        longitude: num(textOf(childOf(info, "Location_Y"))),
        scale: num(textOf(childOf(info, "Scale"))),
        label: textOf(childOf(info, "Label")) ?? "",
        ...(poiname ? { poiname } : {}),
      };
    }
    case "TEMPLATESENDJOBFINISH":
      return { ...base, event, msgId: str("MsgID") || str("MsgId"), status: str("Status") };
    case "kf_create_session":
    case "kf_close_session":
      return { ...base, event, kfAccount: str("KfAccount") };
    case "kf_switch_session":
      return {
        ...base,
        event,
        fromKfAccount: str("FromKfAccount"),
        toKfAccount: str("ToKfAccount"),
      };
    default: {
      const unknown: UnknownInbound = {
        ...common,
        msgType: "unknown",
        rawMsgType: "event",
        event: rawEvent,
      };
      const key = opt("EventKey");
      if (key) unknown.eventKey = key;
      const id = opt("MsgId") ?? opt("MsgID");
      if (id) unknown.msgId = id;
      return unknown;
    }
  }
}
