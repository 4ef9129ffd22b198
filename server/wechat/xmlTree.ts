// XML to a plain tree of text, safely: no DTDs, no entity expansion, every value kept as a string.
//
// The tree holds text as read: CDATA as written, plain text with XML's predefined entities decoded.
// The full path reads CDATA sections as the escaped text they stand for, so that the parser keeps
// them in document order with the text around them (it files CDATA apart from text otherwise,
// which read `<![CDATA[a]]>b<![CDATA[c]]>` as "bac"), then decodes every value once.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { WechatProtocolError } from "./errors";

/** WeChat bodies are a few KB; anything far larger is not from WeChat. */
export const MAX_INBOUND_XML_CHARS = 1_000_000;

/** Tags (opening plus closing) in one body; WeChat's largest, a 9-photo event, has under 100. */
const MAX_TAGS = 600;

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
  maxNestedTags: 16,
});

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

/** The text of one element (its own, not its children's), trimmed; undefined when it has none. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string") return node.trim();
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === "object") {
    const text = (node as Record<string, unknown>)["#text"];
    return typeof text === "string" ? text.trim() : undefined;
  }
  return String(node).trim();
}

export function childOf(node: unknown, tag: string): unknown {
  if (node && typeof node === "object" && !Array.isArray(node)) {
    return (node as Record<string, unknown>)[tag];
  }
  return undefined;
}

const ESCAPED: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
/** Markup whose content is not parsed, with how it ends. */
const UNPARSED = [
  ["<![CDATA[", "]]>"],
  ["<!--", "-->"],
  ["<?", "?>"],
] as const;

/**
 * Just past the tag starting at `at`. The validator lets a quoted attribute value hold "<" (and so
 * what looks like "<![CDATA["); the parser reads it as the value, and so must this.
 */
function tagEnd(xml: string, at: number): number {
  let quote = "";
  for (let i = at + 1; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ">") {
      return i + 1;
    }
  }
  return xml.length;
}

/**
 * Each CDATA section rewritten as the escaped text it stands for, in one linear pass. A
 * "<![CDATA[" inside a comment, a processing instruction or a tag opens no section. The
 * body has been validated, so every section, comment and instruction closes (and should one not,
 * the rest is left as it is for the parser to refuse).
 */
function cdataAsText(xml: string): string {
  if (!xml.includes("<![CDATA[")) return xml;
  let out = "";
  let from = 0;
  for (let at = xml.indexOf("<"); at >= 0; at = xml.indexOf("<", at)) {
    const markup = UNPARSED.find(([open]) => xml.startsWith(open, at));
    if (!markup) {
      at = tagEnd(xml, at);
      continue;
    }
    const [open, close] = markup;
    const end = xml.indexOf(close, at + open.length);
    if (end < 0) break;
    if (open === "<![CDATA[") {
      out += xml.slice(from, at) + xml.slice(at + 9, end).replace(/[&<>]/g, (c) => ESCAPED[c]!);
      from = end + 3;
    }
    at = end + close.length;
  }
  return out + xml.slice(from);
}

/** Every string in the parsed tree entity-decoded, once, in place. */
function decodeValues(node: unknown): unknown {
  if (typeof node === "string") return node.includes("&") ? decodeEntities(node) : node;
  if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = decodeValues(record[key]);
  }
  return node;
}

/** The text with CDATA sections cut out, in one linear pass (a regex backtracks on unclosed sections). */
function outsideCdata(xml: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const start = xml.indexOf("<![CDATA[", from);
    if (start < 0) return out + xml.slice(from);
    out += xml.slice(from, start);
    const end = xml.indexOf("]]>", start + 9);
    if (end < 0) return out + xml.slice(start);
    from = end + 3;
  }
}

const TAG_NAME = /[A-Za-z_][A-Za-z0-9_]*>/y;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * WeChat's own shape, read in one pass: `<xml>`, then flat elements each holding one non-empty
 * CDATA section or text without markup or entities, then `</xml>`. It builds the tree the full
 * parser would; anything else (declarations, nesting, attributes, repeats, entities, comments, even
 * extra whitespace in odd places) returns undefined and goes through the full, validating path.
 * Everything accepted here is well-formed XML, so this never lets through what that path refuses.
 */
export function flatRoot(xml: string): Record<string, unknown> | undefined {
  const n = xml.length;
  let i = 0;
  while (i < n && isSpace(xml.charCodeAt(i))) i++;
  if (!xml.startsWith("<xml>", i)) return undefined;
  i += 5;
  const root: Record<string, unknown> = {};
  let elements = 0;
  for (;;) {
    while (i < n && isSpace(xml.charCodeAt(i))) i++;
    if (xml.charCodeAt(i) !== 60 /* < */) return undefined;
    if (xml.startsWith("</xml>", i)) {
      i += 6;
      while (i < n && isSpace(xml.charCodeAt(i))) i++;
      return i === n && elements > 0 ? root : undefined;
    }
    // Tags counted as the full path counts them: every element opens and closes, plus the root's two.
    if (2 * ++elements + 2 > MAX_TAGS) return undefined;
    TAG_NAME.lastIndex = i + 1;
    if (!TAG_NAME.test(xml)) return undefined;
    const name = xml.slice(i + 1, TAG_NAME.lastIndex - 1);
    if (name === "__proto__" || Object.hasOwn(root, name)) return undefined;
    i = TAG_NAME.lastIndex;
    let value: unknown;
    let end: number;
    if (xml.startsWith("<![CDATA[", i)) {
      end = xml.indexOf("]]>", i + 9);
      if (end <= i + 9) return undefined;
      value = xml.slice(i + 9, end).trim();
      end += 3;
    } else {
      end = xml.indexOf("<", i);
      if (end < 0) return undefined;
      const text = xml.slice(i, end);
      if (text.includes("&") || text.includes(">")) return undefined;
      value = text.trim();
    }
    if (
      xml.charCodeAt(end) !== 60 /* < */ ||
      xml.charCodeAt(end + 1) !== 47 /* / */ ||
      !xml.startsWith(name, end + 2) ||
      xml.charCodeAt(end + 2 + name.length) !== 62 /* > */
    ) {
      return undefined;
    }
    root[name] = value;
    i = end + 3 + name.length;
  }
}

/** Parses to the object under `<xml>`, refusing DTDs, entity declarations and broken XML. */
export function parseRoot(xml: string): Record<string, unknown> {
  if (typeof xml !== "string" || xml.trim() === "") {
    throw new WechatProtocolError("malformed", "The request body is empty.");
  }
  if (xml.length > MAX_INBOUND_XML_CHARS) {
    throw new WechatProtocolError("malformed", "The request body is too large to be from WeChat.");
  }
  return flatRoot(xml) ?? fullRoot(xml);
}

/** The general path: any well-formed XML, validated, after the DTD and element-count checks. */
export function fullRoot(xml: string): Record<string, unknown> {
  // A follower may type "<!DOCTYPE" inside CDATA; only markup outside CDATA is a declaration.
  const markup = outsideCdata(xml);
  if (/<!DOCTYPE|<!ENTITY/i.test(markup)) {
    throw new WechatProtocolError("malformed", "DTDs and entity declarations are not accepted.");
  }
  // The parser slows down badly on thousands of elements; refuse before it starts.
  let tags = 0;
  for (let i = markup.indexOf("<"); i >= 0; i = markup.indexOf("<", i + 1)) {
    if (++tags > MAX_TAGS) {
      throw new WechatProtocolError(
        "malformed",
        "The body has far more elements than any WeChat message.",
      );
    }
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
    parsed = decodeValues(parser.parse(cdataAsText(xml)));
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
  for (const tag in node) {
    if (Object.hasOwn(node, tag)) out[tag] = plain((node as Record<string, unknown>)[tag]);
  }
  return out;
}

export function rawFields(root: Record<string, unknown>): Record<string, unknown> {
  return plain(root) as Record<string, unknown>;
}

export function num(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) ? n : Number.NaN;
}
