// XML to a plain tree, safely: no DTDs, no entity expansion, every value kept as a string.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { WechatProtocolError } from "./errors";

/** WeChat bodies are a few KB; anything far larger is not from WeChat. */
export const MAX_INBOUND_XML_CHARS = 1_000_000;

/** Tags (opening plus closing) in one body; WeChat's largest, a 9-photo event, has under 100. */
const MAX_TAGS = 600;

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
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string") {
    // Most values have no entity at all: skip the regex pass.
    return (node.includes("&") ? decodeEntities(node) : node).trim();
  }
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === "object") {
    const record = node as Record<string, unknown>;
    const cdata = record[CDATA];
    // One CDATA section and nothing else: WeChat's usual shape.
    if (typeof cdata === "string" && !("#text" in record)) return cdata.trim();
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

export function childOf(node: unknown, tag: string): unknown {
  if (node && typeof node === "object" && !Array.isArray(node)) {
    return (node as Record<string, unknown>)[tag];
  }
  return undefined;
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
    if (name === "__proto__" || name === CDATA || Object.hasOwn(root, name)) return undefined;
    i = TAG_NAME.lastIndex;
    let value: unknown;
    let end: number;
    if (xml.startsWith("<![CDATA[", i)) {
      end = xml.indexOf("]]>", i + 9);
      if (end <= i + 9) return undefined;
      value = { __cdata: xml.slice(i + 9, end) } satisfies Record<typeof CDATA, string>;
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
