// What the runtime needs to know about one inbound WeChat message, independent of the XML it came in.
import type { Input } from "../../shared/engine";

export interface InboundTurn {
  /** The follower's OpenID (FromUserName). */
  openid: string;
  /** The account's original id (ToUserName); replies come from it. */
  account: string;
  /** MsgId, or FromUserName + CreateTime + Event + EventKey (+ MsgID when present) for events. */
  dedupKey: string;
  /** WeChat's MsgType (text, image, event, …), for the message log. */
  msgType: string;
  /** WeChat's Event (subscribe, CLICK, …) when msgType is `event`. */
  event?: string;
  /** What the engine sees; null for messages the engine has no use for (VIEW clicks, LOCATION reports…). */
  input: Input | null;
  /** JSON text of the message as received, for the message log. */
  content: string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export const consoleLogger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m, e) => console.error(m, e ?? ""),
};
