// message nodes: WeChat messages rendered with the session's variables, sent now or later.
import type { Message, MessageNode, VariableValue } from "../schema";
import { type Cursor, note, type StepContext } from "./context";
import { labelPromotional, promotionWithheld } from "./promotion";
import { renderTemplate } from "./template";
import type { Effect, FollowerView, Reply } from "./types";

export function renderMessage(
  message: Message,
  where: { nodeId: string; flowId: string },
  variables: Record<string, VariableValue>,
  follower: FollowerView | null,
): Reply {
  const { nodeId, flowId } = where;
  switch (message.type) {
    case "text":
      return {
        nodeId,
        flowId,
        type: "text",
        text: renderTemplate(message.text, variables, follower),
      };
    case "image":
      return message.previewUrl === undefined
        ? { ...where, type: "image", mediaId: message.mediaId }
        : { ...where, type: "image", mediaId: message.mediaId, previewUrl: message.previewUrl };
    case "voice":
      return { ...where, type: "voice", mediaId: message.mediaId };
    case "video": {
      const reply: Reply = { ...where, type: "video", mediaId: message.mediaId };
      if (message.title !== undefined) {
        reply.title = renderTemplate(message.title, variables, follower);
      }
      if (message.description !== undefined) {
        reply.description = renderTemplate(message.description, variables, follower);
      }
      return reply;
    }
    case "news":
      // Every article is kept; WeChat shows one in a passive reply and validation warns about it.
      return {
        ...where,
        type: "news",
        articles: message.articles.map((a) => {
          const article = { ...a, title: renderTemplate(a.title, variables, follower) };
          if (a.description !== undefined) {
            article.description = renderTemplate(a.description, variables, follower);
          }
          return article;
        }),
      };
  }
}

/**
 * Replies now, or one `delayedSend` effect when the node waits before sending. Promotional content
 * is labelled, or withheld (a `withheld` trace entry, nothing sent) from a minor at night. A delayed
 * send is judged at the time it is due (now + delay), with the tags the follower has now.
 */
export function sendMessages(ctx: StepContext, cursor: Cursor, node: MessageNode): void {
  const flow = cursor.flow.flow;
  const where = { nodeId: node.id, flowId: flow.id };
  if (node.promotional) {
    const sendAt = ctx.now + node.delaySeconds * 1000;
    if (promotionWithheld(ctx.follower, sendAt, flow.settings.utcOffsetMinutes)) {
      ctx.trace.push({ type: "withheld", ...where, reason: "promotionalAtNight" });
      return;
    }
  }
  const replies: Reply[] = [];
  for (const m of node.messages) {
    const reply = renderMessage(m, where, cursor.session.variables, ctx.follower);
    replies.push(node.promotional ? labelPromotional(reply) : reply);
  }
  if (node.delaySeconds > 0) {
    ctx.effects.push({
      type: "delayedSend",
      nodeId: node.id,
      afterSeconds: node.delaySeconds,
      replies,
    });
  } else {
    for (const r of replies) ctx.replies.push(r);
  }
}

/**
 * Leaves out texts that came out empty (placeholders whose variables are empty, a blank prompt),
 * noting each in the trace. They say nothing, and WeChat would show the follower
 * "该公众号暂时无法提供服务" for an empty passive <Content> and refuses an empty customer-service
 * text; the turn's other messages still go. A delayed send left with nothing is dropped.
 */
export function dropEmptyTexts(ctx: StepContext): void {
  const said = (replies: Reply[]) =>
    replies.filter((reply) => {
      if (reply.type !== "text" || reply.text.trim() !== "") return true;
      note(ctx, `${reply.nodeId}: a text message rendered empty and was not sent`);
      return false;
    });
  ctx.replies = said(ctx.replies);
  ctx.effects = ctx.effects.flatMap((effect): Effect[] => {
    if (effect.type !== "delayedSend") return [effect];
    const replies = said(effect.replies);
    return replies.length > 0 ? [{ ...effect, replies }] : [];
  });
}
