// Safe parsing of WeChat's callback XML: no DTDs, no entity expansion, every value kept as a string.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { WechatProtocolError } from "./errors";
import type { InboundEvent, InboundMessage, UnknownInbound } from "./inbound";

/** WeChat bodies are a few KB; anything far larger is not from WeChat. */
export const MAX_INBOUND_XML_CHARS = 1_000_000;

const CDATA = "__cdata";
const parser = new XMLParser({
  // Entity and DTD processing are how XML bombs and XXE get in; WeChat never uses them.
  processEntities: false,
  htmlEntities: false,
  // MsgId is a 64-bit number and OpenIDs may look numeric: keep every value a string.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: CDATA,
  maxNestedTags: 16,
});

const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/g;
const PREDEFINED_ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;
const ENTITY_TEXT: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes only XML's five predefined entities and character references, in one pass: nothing expands. */
function decodeEntities(text: string): string {
  return text.replace(PREDEFINED_ENTITY, (whole, name: string) => {
    if (name[0] !== "#") return ENTITY_TEXT[name] ?? whole;
    const code = name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The text of one element: CDATA as written, plain text entity-decoded, both trimmed. */
function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string") return decodeEntities(node).trim();
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === "object") {
    const record = node as Record<string, unknown>;
    const cdata = record[CDATA];
    const plain = typeof record["#text"] === "string" ? decodeEntities(record["#text"]) : "";
    const chunks = Array.isArray(cdata)
      ? cdata.map(String)
      : cdata === undefined
        ? []
        : [String(cdata)];
    if (chunks.length === 0 && !("#text" in record)) return undefined;
    return (plain + chunks.join("")).trim();
  }
  return String(node).trim();
}

function childOf(node: unknown, tag: string): unknown {
  if (node && typeof node === "object" && !Array.isArray(node)) {
    return (node as Record<string, unknown>)[tag];
  }
  return undefined;
}

/** Parses to the object under `<xml>`, refusing DTDs, entity declarations and broken XML. */
function parseRoot(xml: string): Record<string, unknown> {
  if (typeof xml !== "string" || xml.trim() === "") {
    throw new WechatProtocolError("malformed", "The request body is empty.");
  }
  if (xml.length > MAX_INBOUND_XML_CHARS) {
    throw new WechatProtocolError("malformed", "The request body is too large to be from WeChat.");
  }
  // A follower may type "<!DOCTYPE" inside CDATA; only markup outside CDATA is a declaration.
  const markup = xml.replace(CDATA_SECTION, "");
  if (/<!DOCTYPE|<!ENTITY/i.test(markup)) {
    throw new WechatProtocolError("malformed", "DTDs and entity declarations are not accepted.");
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new WechatProtocolError(
      "malformed",
      `Invalid XML: ${valid.err.msg} (line ${valid.err.line}).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (error) {
    throw new WechatProtocolError("malformed", `Invalid XML: ${(error as Error).message}`);
  }
  const root = childOf(parsed, "xml");
  if (!root || typeof root !== "object" || Array.isArray(root)) {
    throw new WechatProtocolError("malformed", "The body's root element must be <xml>.");
  }
  return root as Record<string, unknown>;
}

/** Every element as text, nested ones (ScanCodeInfo, SendPicsInfo) as objects of text. */
function plain(node: unknown): unknown {
  const text = textOf(node);
  if (text !== undefined || node === null || typeof node !== "object") return text ?? "";
  if (Array.isArray(node)) return node.map(plain);
  const out: Record<string, unknown> = {};
  for (const [tag, child] of Object.entries(node)) out[tag] = plain(child);
  return out;
}

function rawFields(root: Record<string, unknown>): Record<string, unknown> {
  return plain(root) as Record<string, unknown>;
}

function num(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) ? n : Number.NaN;
}

/** Parses a plaintext callback body (or a decrypted safe-mode one) into a typed message. */
export function parseInbound(xml: string): InboundMessage {
  const root = parseRoot(xml);
  const field = (tag: string) => textOf(root[tag]);
  const need = (tag: string): string => {
    const value = field(tag);
    if (value === undefined || value === "") {
      throw new WechatProtocolError("malformed", `The message has no ${tag}.`);
    }
    return value;
  };
  const toUserName = need("ToUserName");
  const fromUserName = need("FromUserName");
  const createTimeText = need("CreateTime");
  if (!/^\d{1,12}$/.test(createTimeText)) {
    throw new WechatProtocolError(
      "malformed",
      `CreateTime "${createTimeText}" is not Unix seconds.`,
    );
  }
  const rawMsgType = need("MsgType");
  const common = {
    toUserName,
    fromUserName,
    createTime: Number(createTimeText),
    raw: rawFields(root),
  };
  const str = (tag: string) => field(tag) ?? "";
  const opt = (tag: string) => {
    const value = field(tag);
    return value === undefined || value === "" ? undefined : value;
  };
  const msgId = str("MsgId");

  switch (rawMsgType.toLowerCase()) {
    case "text": {
      const bizMsgMenuId = opt("bizmsgmenuid");
      return {
        ...common,
        msgType: "text",
        msgId,
        content: str("Content"),
        ...(bizMsgMenuId ? { bizMsgMenuId } : {}),
      };
    }
    case "image":
      return { ...common, msgType: "image", msgId, picUrl: str("PicUrl"), mediaId: str("MediaId") };
    case "voice": {
      const recognition = opt("Recognition");
      return {
        ...common,
        msgType: "voice",
        msgId,
        mediaId: str("MediaId"),
        format: str("Format"),
        ...(recognition ? { recognition } : {}),
      };
    }
    case "video":
    case "shortvideo":
      return {
        ...common,
        msgType: rawMsgType.toLowerCase() as "video" | "shortvideo",
        msgId,
        mediaId: str("MediaId"),
        thumbMediaId: str("ThumbMediaId"),
      };
    case "location":
      return {
        ...common,
        msgType: "location",
        msgId,
        latitude: num(opt("Location_X")),
        longitude: num(opt("Location_Y")),
        scale: num(opt("Scale")),
        label: str("Label"),
      };
    case "link":
      return {
        ...common,
        msgType: "link",
        msgId,
        title: str("Title"),
        description: str("Description"),
        url: str("Url"),
      };
    case "event":
      return parseEvent(root, common, need("Event"));
    default: {
      const unknown: UnknownInbound = { ...common, msgType: "unknown", rawMsgType };
      if (msgId) unknown.msgId = msgId;
      return unknown;
    }
  }
}

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
] as const;
const EVENT_BY_LOWER = new Map(EVENT_NAMES.map((name) => [name.toLowerCase(), name]));

type Common = Omit<InboundEvent, "msgType" | "event">;

function parseEvent(
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
      const scene = key?.startsWith("qrscene_") ? key.slice("qrscene_".length) : undefined;
      return {
        ...base,
        event,
        ...(key ? { eventKey: key } : {}),
        ...(scene ? { scene } : {}),
        ...(ticket ? { ticket } : {}),
      };
    }
    case "unsubscribe":
      return { ...base, event };
    case "SCAN": {
      const ticket = opt("Ticket");
      return { ...base, event, eventKey, scene: eventKey, ...(ticket ? { ticket } : {}) };
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

export interface EncryptedEnvelope {
  toUserName?: string;
  encrypt: string;
}

/** Reads the `<Encrypt>` of a safe-mode or compatible-mode body; decrypt it with WechatCrypto. */
export function parseEncryptedEnvelope(xml: string): EncryptedEnvelope {
  const root = parseRoot(xml);
  const encrypt = textOf(root.Encrypt);
  if (!encrypt) {
    throw new WechatProtocolError("malformed", "The encrypted body has no <Encrypt> element.");
  }
  const toUserName = textOf(root.ToUserName);
  return toUserName ? { toUserName, encrypt } : { encrypt };
}
