// How a reply looks in a WeChat chat, as plain text lines for the terminal and golden transcripts.
import type { Reply } from "../engine";

const MENU_LINK = /<a\s+href="weixin:\/\/bizmsgmenu\?[^"]*"\s*>([\s\S]*?)<\/a>/g;
const LINK = /<a\s+href="([^"]*)"\s*>([\s\S]*?)<\/a>/g;

/** WeChat shows text links as their label: menu links become `[label]`, others `label (url)`. */
export function renderWeChatText(text: string): string {
  return text.replace(MENU_LINK, "[$1]").replace(LINK, "$2 ($1)");
}

/** The menu links of a text, in order: what `/menu N` clicks. */
export function menuLinksOf(text: string): Array<{ id: string; label: string }> {
  const links: Array<{ id: string; label: string }> = [];
  for (const match of text.matchAll(
    /<a\s+href="weixin:\/\/bizmsgmenu\?([^"]*)"\s*>([\s\S]*?)<\/a>/g,
  )) {
    const query = new URLSearchParams(match[1]!.replace(/&amp;/g, "&"));
    links.push({ id: query.get("msgmenuid") ?? "", label: match[2]! });
  }
  return links;
}

/** One reply as the lines a follower would read. */
export function renderReplyText(reply: Reply): string[] {
  switch (reply.type) {
    case "text":
      return renderWeChatText(reply.text).split("\n");
    case "news":
      return reply.articles.map(
        (a) => `[图文] ${a.title}${a.description ? ` — ${a.description}` : ""} (${a.url})`,
      );
    case "image":
      return [`[图片 ${reply.mediaId}]`];
    case "voice":
      return [`[语音 ${reply.mediaId}]`];
    case "video":
      return [`[视频 ${reply.mediaId}]${reply.title ? ` ${reply.title}` : ""}`];
  }
}
