// The customer-service API body (POST /cgi-bin/message/custom/send) for one engine Reply.
import type { Reply } from "../../shared/engine/types";

export type CustomMessageBody =
  | { touser: string; msgtype: "text"; text: { content: string } }
  | { touser: string; msgtype: "image"; image: { media_id: string } }
  | { touser: string; msgtype: "voice"; voice: { media_id: string } }
  | {
      touser: string;
      msgtype: "video";
      video: { media_id: string; thumb_media_id?: string; title?: string; description?: string };
    }
  | {
      touser: string;
      msgtype: "news";
      news: {
        articles: Array<{ title: string; description: string; url: string; picurl: string }>;
      };
    }
  | {
      touser: string;
      msgtype: "msgmenu";
      msgmenu: {
        head_content: string;
        list: Array<{ id: string; content: string }>;
        tail_content: string;
      };
    };

/** Text is sent as given: split it to the limit first (splitText). News carries one article, as WeChat allows. */
export function replyToCustomMessage(reply: Reply, touser: string): CustomMessageBody {
  switch (reply.type) {
    case "text":
      return { touser, msgtype: "text", text: { content: reply.text } };
    case "image":
      return { touser, msgtype: "image", image: { media_id: reply.mediaId } };
    case "voice":
      return { touser, msgtype: "voice", voice: { media_id: reply.mediaId } };
    case "video":
      return {
        touser,
        msgtype: "video",
        video: {
          media_id: reply.mediaId,
          ...(reply.title !== undefined ? { title: reply.title } : {}),
          ...(reply.description !== undefined ? { description: reply.description } : {}),
        },
      };
    case "news": {
      const article = reply.articles[0];
      if (!article) throw new RangeError("A news message needs at least one article");
      return {
        touser,
        msgtype: "news",
        news: {
          articles: [
            {
              title: article.title,
              description: article.description ?? "",
              url: article.url,
              picurl: article.picUrl ?? "",
            },
          ],
        },
      };
    }
  }
}
