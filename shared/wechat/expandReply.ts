// The messages one engine reply becomes on WeChat: the runtime sends them and the simulator shows them.
import type { Reply } from "../engine/types";
import { splitText, TEXT_LIMIT_BYTES } from "./textLimit";

/** Which piece of a long text a message is: the simulator notes it, the message log keeps it. */
export interface SplitPart {
  /** 1 for the first piece. */
  index: number;
  count: number;
}

/** A message as sent: a piece of a split text says which. */
export type ExpandedReply = Reply & { split?: SplitPart };

/**
 * Long text becomes several messages of WeChat's size, in order; every other reply stays one.
 * Splitting first means no piece is ever trimmed on the way out.
 */
export function expandReply(reply: Reply): ExpandedReply[] {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short text cannot exceed the limit, so skip measuring.
  if (reply.type !== "text" || reply.text.length * 3 <= TEXT_LIMIT_BYTES) return [reply];
  const pieces = splitText(reply.text);
  if (pieces.length === 1) return [reply];
  return pieces.map((text, i) => ({
    ...reply,
    text,
    split: { index: i + 1, count: pieces.length },
  }));
}
