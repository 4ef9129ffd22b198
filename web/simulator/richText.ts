// Splits a reply's text into plain runs and links, as WeChat shows them: menu links are tappable options.
export type TextPart =
  | { kind: "text"; text: string }
  | { kind: "menu"; label: string; id: string }
  | { kind: "link"; label: string; href: string };

const LINK = /<a\s+href="([^"]*)"\s*>([\s\S]*?)<\/a>/g;

export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of text.matchAll(LINK)) {
    const at = match.index ?? 0;
    if (at > from) parts.push({ kind: "text", text: text.slice(from, at) });
    const href = match[1]!.replace(/&amp;/g, "&");
    const label = match[2]!;
    if (href.startsWith("weixin://bizmsgmenu?")) {
      const query = new URLSearchParams(href.slice("weixin://bizmsgmenu?".length));
      parts.push({ kind: "menu", label, id: query.get("msgmenuid") ?? "" });
    } else {
      parts.push({ kind: "link", label, href });
    }
    from = at + match[0].length;
  }
  if (from < text.length) parts.push({ kind: "text", text: text.slice(from) });
  return parts;
}
