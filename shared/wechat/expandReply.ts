// The messages one engine reply becomes on WeChat: the runtime sends them and the simulator shows them.
import type { Reply } from "../engine/types";
import { splitText, TEXT_LIMIT_BYTES } from "./textLimit";

/**
 * Long text becomes several messages of WeChat's size, in order; every other reply stays one.
 * Splitting first means no piece is ever trimmed on the way out.
 */
export function expandReply(reply: Reply): Reply[] {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short text cannot exceed the limit, so skip measuring.
  if (reply.type !== "text" || reply.text.length * 3 <= TEXT_LIMIT_BYTES) return [reply];
  return splitText(reply.text).map((text) => ({ ...reply, text }));
}
