// The messages and events WeChat posts to the callback URL, as typed values (camelCase of the XML tags).

/** Fields every callback carries. `createTime` is Unix seconds, as WeChat sends it. */
export interface InboundCommon {
  /** The account's original id (gh_…). */
  toUserName: string;
  /** The follower's OpenID. */
  fromUserName: string;
  createTime: number;
  /** Every tag of the body as text, for logging and fields this layer does not name. */
  raw: Record<string, unknown>;
}

export interface TextMessage extends InboundCommon {
  msgType: "text";
  msgId: string;
  content: string;
  /** Set when the follower clicked an option link (`weixin://bizmsgmenu?…&msgmenuid=…`). */
  bizMsgMenuId?: string;
}

export interface ImageMessage extends InboundCommon {
  msgType: "image";
  msgId: string;
  picUrl: string;
  mediaId: string;
}

export interface VoiceMessage extends InboundCommon {
  msgType: "voice";
  msgId: string;
  mediaId: string;
  format: string;
  /** WeChat's speech-to-text, when the account enabled it. */
  recognition?: string;
}

export interface VideoMessage extends InboundCommon {
  msgType: "video" | "shortvideo";
  msgId: string;
  mediaId: string;
  thumbMediaId: string;
}

export interface LocationMessage extends InboundCommon {
  msgType: "location";
  msgId: string;
  /** Location_X. */
  latitude: number;
  /** Location_Y. */
  longitude: number;
  scale: number;
  label: string;
}

export interface LinkMessage extends InboundCommon {
  msgType: "link";
  msgId: string;
  title: string;
  description: string;
  url: string;
}

interface EventCommon extends InboundCommon {
  msgType: "event";
}

export interface SubscribeEvent extends EventCommon {
  event: "subscribe";
  /** As sent: `qrscene_<scene>` when followed through a scene QR code. */
  eventKey?: string;
  /** The QR scene without the `qrscene_` prefix. */
  scene?: string;
  ticket?: string;
}

export interface UnsubscribeEvent extends EventCommon {
  event: "unsubscribe";
}

export interface ScanEvent extends EventCommon {
  event: "SCAN";
  eventKey: string;
  scene: string;
  ticket?: string;
}

export interface ClickEvent extends EventCommon {
  event: "CLICK";
  eventKey: string;
}

export interface ViewEvent extends EventCommon {
  event: "VIEW";
  /** The link's URL. */
  eventKey: string;
  menuId?: string;
}

export interface LocationEvent extends EventCommon {
  event: "LOCATION";
  latitude: number;
  longitude: number;
  precision: number;
}

export interface ScanCodeEvent extends EventCommon {
  event: "scancode_push" | "scancode_waitmsg";
  eventKey: string;
  scanType: string;
  scanResult: string;
}

export interface PicEvent extends EventCommon {
  event: "pic_sysphoto" | "pic_photo_or_album" | "pic_weixin";
  eventKey: string;
  count: number;
  picMd5Sums: string[];
}

export interface LocationSelectEvent extends EventCommon {
  event: "location_select";
  eventKey: string;
  latitude: number;
  longitude: number;
  scale: number;
  label: string;
  poiname?: string;
}

export interface TemplateSendJobFinishEvent extends EventCommon {
  event: "TEMPLATESENDJOBFINISH";
  /** From `MsgID` (capital D): the template message's id. */
  msgId: string;
  /** `success`, `failed:user block` or `failed: system failed`. */
  status: string;
}

/** An agent of WeChat's customer-service system (多客服) took the follower's session. */
export interface KfCreateSessionEvent extends EventCommon {
  event: "kf_create_session";
  /** The agent, `account@wechat_id`. */
  kfAccount: string;
}

/** The agent closed the follower's session: the follower is no longer with people. */
export interface KfCloseSessionEvent extends EventCommon {
  event: "kf_close_session";
  kfAccount: string;
}

/** The session passed from one agent to another. */
export interface KfSwitchSessionEvent extends EventCommon {
  event: "kf_switch_session";
  fromKfAccount: string;
  toKfAccount: string;
}

/** A MsgType or Event this layer does not know (WeChat adds new ones); never an error. */
export interface UnknownInbound extends InboundCommon {
  msgType: "unknown";
  rawMsgType: string;
  event?: string;
  eventKey?: string;
  msgId?: string;
}

export type InboundEvent =
  | SubscribeEvent
  | UnsubscribeEvent
  | ScanEvent
  | ClickEvent
  | ViewEvent
  | LocationEvent
  | ScanCodeEvent
  | PicEvent
  | LocationSelectEvent
  | TemplateSendJobFinishEvent
  | KfCreateSessionEvent
  | KfCloseSessionEvent
  | KfSwitchSessionEvent;

export type InboundMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | LocationMessage
  | LinkMessage
  | InboundEvent
  | UnknownInbound;
