// Seeded mutations of WeChat callback bodies, for the /wechat robustness test (wechatFuzz.test.ts).
//
// Everything here is drawn from one small PRNG, so a seed and a case number give the same bytes on
// every run: a failure names both and is replayed with WECHAT_FUZZ_SEED.
import { inboundSamples } from "../wechat/fixtures";

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast and good enough to spread mutations; not for anything secret. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    chance: (p) => next() < p,
  };
}

/** Each case has a PRNG of its own, so one case replays without generating those before it. */
export function caseRng(seed: number, index: number): Rng {
  return createRng(seed ^ Math.imul(index + 1, 0x9e3779b1));
}

/**
 * A case's mark, put into every string the base body carries (OpenID, account, Content, keys): a
 * stored row that carries it is traced back to the request that sent it. The check digits after
 * `k` tell a mark that a mutation changed (a digit inserted into case 10117's, say, reads as case
 * 101177) from the mark of another case.
 */
export function caseTag(seed: number, index: number): string {
  return `Fz${seed.toString(36)}n${index}k${checkOf(index)}z`;
}

function checkOf(index: number): number {
  return (index * 7919) % 997;
}

/** The case indexes of the unaltered marks in `text`. */
export function caseTagsIn(seed: number, text: string): number[] {
  const marks = text.matchAll(new RegExp(`Fz${seed.toString(36)}n(\\d+)k(\\d+)z`, "g"));
  return [...marks]
    .map(([, index, check]) => [Number(index), Number(check)])
    .filter(([index, check]) => checkOf(index!) === check)
    .map(([index]) => index!);
}

const EXTRA_SAMPLES = {
  unknownType: `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oFollower123]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[miniprogrampage]]></MsgType><Title><![CDATA[title]]></Title><AppId><![CDATA[wx123]]></AppId><PagePath><![CDATA[pages/a]]></PagePath><MsgId>1234567890123463</MsgId></xml>`,
  unknownEvent: `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oFollower123]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_enter_tempsession]]></Event><SessionFrom><![CDATA[from]]></SessionFrom></xml>`,
  massFinish: `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oFollower123]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>1000001625</MsgID><Status><![CDATA[err(30003)]]></Status><TotalCount>0</TotalCount></xml>`,
  // WeChat's documentation shows its bodies on several lines; some gateways pass them on so.
  formatted: `<xml>\n  <ToUserName><![CDATA[gh_account]]></ToUserName>\n  <FromUserName><![CDATA[oFollower123]]></FromUserName>\n  <CreateTime>1348831860</CreateTime>\n  <MsgType><![CDATA[text]]></MsgType>\n  <Content><![CDATA[this is a test]]></Content>\n  <MsgId>1234567890123464</MsgId>\n</xml>\n`,
  // What a follower may type: markup and a CDATA end, escaped as WeChat escapes them.
  typedMarkup: `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oFollower123]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[<!DOCTYPE x [<!ENTITY a "b">]> &a; ]]]]><![CDATA[> this is a test]]></Content><MsgId>1234567890123465</MsgId></xml>`,
  plainText: `<xml><ToUserName>gh_account</ToUserName><FromUserName>oFollower123</FromUserName><CreateTime>1348831860</CreateTime><MsgType>text</MsgType><Content>this is a test &amp; &lt;b&gt; &#x4F60;&#22909;</Content><MsgId>1234567890123466</MsgId></xml>`,
} as const;

const SAMPLES: Record<string, string> = { ...inboundSamples, ...EXTRA_SAMPLES };
export const SAMPLE_NAMES = Object.keys(SAMPLES);

/** A valid callback of the given kind, with the case's tag in its strings and ids of its own. */
export function baseBody(kind: string, tag: string, index: number, rng: Rng): string {
  const sample = SAMPLES[kind];
  if (!sample) throw new Error(`no sample ${kind}`);
  const msgId = String(7_000_000_000_000_000_000n + BigInt(index));
  const createTime = 1_700_000_000 + rng.int(100_000_000);
  return sample
    .replaceAll("oFollower123", `o${tag}`)
    .replaceAll("gh_account", `gh_${tag}`)
    .replaceAll("this is a test", `hello ${tag}`)
    .replace(/<(MsgI[dD])>\d+<\/MsgI[dD]>/g, (_, name) => `<${name}>${msgId}</${name}>`)
    .replace(/<CreateTime>\d+<\/CreateTime>/, `<CreateTime>${createTime}</CreateTime>`)
    .replace(/<EventKey><!\[CDATA\[(.*?)\]\]>/, (_, key) => `<EventKey><![CDATA[${key}${tag}]]>`);
}

export interface Mutated {
  body: string | Uint8Array;
  /** The mutations applied, in order, for the failure message. */
  names: string[];
  /** Text that would appear only if the server expanded an entity: never in a reply or the store. */
  forbidden: string[];
}

interface Element {
  name: string;
  start: number;
  end: number;
  /** Where the value starts and ends (between the tags). */
  valueStart: number;
  valueEnd: number;
}

/** The elements under the root, found textually (nested ones whole): enough to aim mutations. */
function elements(xml: string): Element[] {
  const found: Element[] = [];
  const tag = /<([A-Za-z_][\w.-]*)>/g;
  for (let match = tag.exec(xml); match; match = tag.exec(xml)) {
    const name = match[1]!;
    if (name === "xml") continue;
    const close = xml.indexOf(`</${name}>`, tag.lastIndex);
    if (close < 0) continue;
    found.push({
      name,
      start: match.index,
      end: close + name.length + 3,
      valueStart: tag.lastIndex,
      valueEnd: close,
    });
    tag.lastIndex = close + name.length + 3;
  }
  return found;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

const IDS = ["MsgId", "MsgID"];

/**
 * One of the elements named, else any element but an id: a constant written into two cases' MsgIds
 * would make the second a retry of the first, which the test would take for a lost message.
 */
function named(xml: string, names: string[], rng: Rng): Element | undefined {
  const all = elements(xml);
  const wanted = all.filter((e) => names.includes(e.name));
  if (wanted.length > 0) return rng.pick(wanted);
  const others = all.filter((e) => !IDS.includes(e.name));
  return others.length > 0 ? rng.pick(others) : undefined;
}

function setValue(xml: string, el: Element | undefined, value: string): string {
  return el ? splice(xml, el.valueStart, el.valueEnd, value) : xml;
}

const STRING_FIELDS = ["FromUserName", "ToUserName", "Content", "MsgType", "Event", "EventKey"];
const NUMERIC_FIELDS = ["CreateTime", "MsgId", "MsgID", "Location_X", "Scale", "Count"];
const STRANGE_NUMBERS = [
  "99999999999999999999999999999999",
  "999999999999",
  "9007199254740993",
  "-1",
  "-1700000000",
  "1.5",
  "1700000000.25",
  "1e9",
  "1e309",
  "0x10",
  "Infinity",
  "NaN",
  "abc",
  "",
  " 17 ",
  "0000000000001",
  "١٧٠٠٠٠٠٠٠٠",
  "<![CDATA[1700000000]]>",
];
const CONTROL_CHARS = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\u000B",
  "\u000C",
  "\u001B",
  "\u001F",
  "\u007F",
  "\u0085",
  "\u2028",
  "\uFFFE",
  "\uFFFF",
];
const MSG_TYPES = ["TEXT", "", "event", "text", "image", "Location", "unknown_kind", "constructor"];
const EVENTS = [
  "SCAN",
  "location_select",
  "pic_weixin",
  "scancode_push",
  "TEMPLATESENDJOBFINISH",
  "kf_switch_session",
  "LOCATION",
  "VIEW",
  "subscribe",
  "__proto__",
  "toString",
];

interface MutationContext {
  /** Filled with text that must never appear (see Mutated.forbidden). */
  forbidden: string[];
  /** The case number: an odd MsgId of one case must not make another case's a duplicate. */
  index: number;
}

type StringMutation = (xml: string, rng: Rng, context: MutationContext) => string;

/** Each takes a body (valid or already mutated) and breaks or bends one thing about it. */
const MUTATIONS: Record<string, StringMutation> = {
  truncate: (xml, rng) => xml.slice(0, rng.int(xml.length)),
  truncateEnd: (xml, rng) => xml.slice(0, Math.max(0, xml.length - 1 - rng.int(12))),
  dropElement: (xml, rng) => {
    const el = named(xml, ["FromUserName", "ToUserName", "CreateTime", "MsgType", "Event"], rng);
    return el ? splice(xml, el.start, el.end, "") : xml;
  },
  duplicateElement: (xml, rng) => {
    const el = named(xml, STRING_FIELDS, rng);
    return el ? splice(xml, el.end, el.end, xml.slice(el.start, el.end)) : xml;
  },
  duplicateWithOtherValue: (xml, rng) => {
    const el = named(xml, ["FromUserName", "MsgId", "Content", "CreateTime"], rng);
    if (!el) return xml;
    return splice(xml, el.end, el.end, `<${el.name}><![CDATA[other]]></${el.name}>`);
  },
  swapElementNames: (xml, rng) => {
    const all = elements(xml);
    if (all.length < 2) return xml;
    const a = rng.pick(all);
    const b = rng.pick(all.filter((e) => e !== a));
    const rename = (el: Element, to: string) =>
      `<${to}>${xml.slice(el.valueStart, el.valueEnd)}</${to}>`;
    const [first, second] = a.start < b.start ? [a, b] : [b, a];
    return (
      xml.slice(0, first.start) +
      rename(first, second.name) +
      xml.slice(first.end, second.start) +
      rename(second, first.name) +
      xml.slice(second.end)
    );
  },
  mismatchedCloseTag: (xml, rng) => {
    const el = named(xml, STRING_FIELDS, rng);
    return el ? splice(xml, el.valueEnd, el.end, `</${el.name}x>`) : xml;
  },
  lowerCaseTag: (xml, rng) => {
    const el = named(xml, ["FromUserName", "MsgType", "Content", "CreateTime"], rng);
    if (!el) return xml;
    const lower = el.name.toLowerCase();
    return splice(
      xml,
      el.start,
      el.end,
      `<${lower}>${xml.slice(el.valueStart, el.valueEnd)}</${lower}>`,
    );
  },
  emptyValue: (xml, rng) => {
    const el = named(xml, ["Content", "FromUserName", "MsgType", "EventKey", "MsgId"], rng);
    const empty = rng.pick(["", "<![CDATA[]]>", "<![CDATA[   ]]>", "  \n "]);
    if (el && rng.chance(0.25)) return splice(xml, el.start, el.end, `<${el.name}/>`);
    return setValue(xml, el, empty);
  },
  nestedCdata: (xml, rng) => {
    const el = named(xml, STRING_FIELDS, rng);
    return setValue(xml, el, `<![CDATA[<![CDATA[${rng.pick(["x", "", "]]>"])}]]>]]>`);
  },
  unterminatedCdata: (xml, rng) => {
    const ends = [...xml.matchAll(/\]\]>/g)];
    if (ends.length === 0) return xml;
    const end = rng.pick(ends).index;
    return splice(xml, end, end + 3, "");
  },
  cdataEndInText: (xml, rng) => {
    const el = named(xml, ["Content", "FromUserName", "EventKey"], rng);
    if (!el) return xml;
    const at = el.valueStart + rng.int(el.valueEnd - el.valueStart + 1);
    return splice(xml, at, at, "]]>");
  },
  splitCdataEnd: (xml, rng) =>
    setValue(xml, named(xml, ["Content"], rng), "<![CDATA[a]]]]><![CDATA[>b]]>"),
  markupInPlainText: (xml, rng) =>
    setValue(xml, named(xml, STRING_FIELDS, rng), rng.pick(["a<b", "a&b", "a>b", "<", "&"])),
  characterReferences: (xml, rng) =>
    setValue(
      xml,
      named(xml, ["Content", "FromUserName", "EventKey"], rng),
      rng.pick([
        "&lt;&#x41;&#65;&amp;lt;",
        "&#0;",
        "&#xD800;",
        "&#1114112;",
        "&#x110000;",
        "&unknown;",
        "&#9999999999;",
        "&#x;",
        "&amp;#60;",
      ]),
    ),
  internalEntity: (xml, rng, { forbidden }) => {
    forbidden.push("EXPANDED_ENTITY_TEXT");
    const doctype = `<!DOCTYPE xml [<!ENTITY e "EXPANDED_ENTITY_TEXT">]>`;
    const withRef = setValue(xml, named(xml, ["Content", "FromUserName"], rng), "x&e;y");
    return rng.chance(0.5) ? doctype + withRef : `<?xml version="1.0"?>\n${doctype}\n${withRef}`;
  },
  billionLaughs: (xml, rng, { forbidden }) => {
    forbidden.push("lollollollol");
    let dtd = `<!ENTITY l0 "lol">`;
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    return `<!DOCTYPE xml [${dtd}]>${setValue(xml, named(xml, ["Content"], rng), "&l9;")}`;
  },
  externalEntity: (xml, rng, { forbidden }) => {
    forbidden.push("root:x:0:0");
    const system = rng.pick(["file:///etc/passwd", "http://127.0.0.1:1/x", "/etc/passwd"]);
    const dtd = rng.chance(0.5)
      ? `<!DOCTYPE xml [<!ENTITY x SYSTEM "${system}">]>`
      : `<!DOCTYPE xml [<!ENTITY % p SYSTEM "${system}"> %p;]>`;
    return dtd + setValue(xml, named(xml, ["Content", "FromUserName"], rng), "&x;");
  },
  doctypeInsideRoot: (xml) => xml.replace("<xml>", `<xml><!DOCTYPE a [<!ENTITY b "c">]>`),
  strangeNumber: (xml, rng, { index }) => {
    const el = named(xml, NUMERIC_FIELDS, rng);
    const value = rng.pick(STRANGE_NUMBERS);
    const isId = el !== undefined && IDS.includes(el.name);
    return setValue(xml, el, isId && value !== "" ? `${value}${index}` : value);
  },
  controlCharacter: (xml, rng) => {
    const char = rng.pick(CONTROL_CHARS);
    if (rng.chance(0.3)) {
      const at = rng.int(xml.length + 1);
      return splice(xml, at, at, char);
    }
    const el = named(xml, ["FromUserName", "Content", "MsgType", "EventKey", "ToUserName"], rng);
    return el ? splice(xml, el.valueEnd - rng.int(4), el.valueEnd - rng.int(4), char) : xml;
  },
  longFromUserName: (xml, rng) => {
    const length = rng.pick([127, 128, 129, 200, 1000, 20_000]);
    const el = named(xml, ["FromUserName"], rng);
    return setValue(xml, el, `<![CDATA[o${"F".repeat(length - 1)}]]>`);
  },
  longValue: (xml, rng, { index }) => {
    const el = named(xml, ["Content", "ToUserName", "EventKey", "MsgId", "MsgType", "Event"], rng);
    const length = rng.pick([129, 2049, 5000, 30_000]);
    const value = `${index}${rng.pick(["x", "中", "😀"]).repeat(length)}`;
    return setValue(xml, el, `<![CDATA[${value}]]>`);
  },
  longTagName: (xml, rng) => {
    const name = `T${"a".repeat(rng.pick([100, 5000]))}`;
    return xml.replace("</xml>", `<${name}>1</${name}></xml>`);
  },
  manyElements: (xml, rng) => {
    const count = rng.pick([50, 299, 301, 2000]);
    return xml.replace("</xml>", `${"<Extra>1</Extra>".repeat(count)}</xml>`);
  },
  deepNesting: (xml, rng) => {
    const depth = rng.pick([3, 15, 16, 17, 100, 299]);
    const el = named(xml, ["Content", "FromUserName", "EventKey"], rng);
    if (!el) return xml;
    const value = xml.slice(el.valueStart, el.valueEnd);
    return setValue(xml, el, `${"<a>".repeat(depth)}${value}${"</a>".repeat(depth)}`);
  },
  nestedRoot: (xml, rng) => {
    const depth = rng.pick([1, 2, 20]);
    return `${"<xml>".repeat(depth)}${xml}${"</xml>".repeat(depth)}`;
  },
  attributes: (xml, rng) => {
    const attribute = rng.pick([
      ' a="1"',
      ' xmlns="http://example.com/x"',
      ' xmlns:w="urn:w" w:b="2"',
      ' a="1" a="2"',
      " a=1",
      ' a="&e;"',
      ' a="<"',
      ` long="${"v".repeat(3000)}"`,
      " disabled",
    ]);
    if (rng.chance(0.4)) return xml.replace("<xml>", `<xml${attribute}>`);
    const el = named(xml, STRING_FIELDS, rng);
    return el ? splice(xml, el.valueStart - 1, el.valueStart - 1, attribute) : xml;
  },
  namespacePrefix: (xml, rng) => {
    const el = named(xml, ["Content", "FromUserName", "MsgType"], rng);
    if (!el) return xml;
    return splice(
      xml,
      el.start,
      el.end,
      `<w:${el.name}>${xml.slice(el.valueStart, el.valueEnd)}</w:${el.name}>`,
    );
  },
  mixedContent: (xml, rng) =>
    setValue(
      xml,
      named(xml, ["Content", "FromUserName"], rng),
      "<![CDATA[a]]>b<![CDATA[c]]><d>e</d>",
    ),
  byteOrderMark: (xml) => `\uFEFF${xml}`,
  declaration: (xml, rng) =>
    rng.pick([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="GBK"?>',
      '<?xml version="1.1"?>',
      "<?xml-stylesheet href='x'?>",
      "<?xml?>",
    ]) + xml,
  comment: (xml, rng) => {
    const at = rng.pick(
      elements(xml)
        .map((e) => e.start)
        .concat([0, xml.length]),
    );
    return splice(xml, at, at, rng.pick(["<!-- c -->", "<!-- -- -->", "<!--", "<!-- <xml> -->"]));
  },
  processingInstruction: (xml) => xml.replace("</xml>", "<?php echo 1; ?></xml>"),
  trailingGarbage: (xml, rng) => xml + rng.pick(["x", "<xml></xml>", xml, "\u0000", "</xml>"]),
  renameRoot: (xml, rng) => {
    const root = rng.pick(["XML", "root", "xml:x", ""]);
    return xml
      .replace("<xml>", root ? `<${root}>` : "")
      .replace("</xml>", root ? `</${root}>` : "");
  },
  reservedTagName: (xml, rng) => {
    const name = rng.pick(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"]);
    return xml.replace(
      "</xml>",
      `<${name}><![CDATA[x]]></${name}><${name}><a>1</a></${name}></xml>`,
    );
  },
  otherMsgType: (xml, rng) =>
    setValue(xml, named(xml, ["MsgType"], rng), `<![CDATA[${rng.pick(MSG_TYPES)}]]>`),
  otherEvent: (xml, rng) => {
    const event = `<![CDATA[${rng.pick(EVENTS)}]]>`;
    const el = named(xml, ["Event"], rng);
    if (el?.name === "Event") return setValue(xml, el, event);
    return xml.replace("</xml>", `<Event>${event}</Event></xml>`);
  },
  badEventStructure: (xml, rng) => {
    const inner = rng.pick([
      "<SendPicsInfo><Count>abc</Count><PicList>x</PicList></SendPicsInfo>",
      `<SendPicsInfo><Count>99999999999999999999</Count><PicList>${"<item><PicMd5Sum>a</PicMd5Sum></item>".repeat(120)}</PicList></SendPicsInfo>`,
      "<ScanCodeInfo>text only</ScanCodeInfo>",
      "<SendLocationInfo><Location_X>north</Location_X></SendLocationInfo>",
      "<SendPicsInfo/>",
    ]);
    return xml.replace("</xml>", `${inner}</xml>`);
  },
  whitespace: (xml, rng) =>
    xml
      .replaceAll("><", rng.pick([">\n<", ">\r\n\t<", "> <"]))
      .replace("<xml>", rng.pick(["<xml >", "<xml\n>", "  <xml>"])),
};
export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Bytes that are not UTF-8: the server reads the body as UTF-8 and must survive whatever it gets. */
const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0x80],
  [0xe4, 0xb8],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

function insertInvalidUtf8(xml: string, rng: Rng): Uint8Array {
  const bytes = Buffer.from(xml, "utf8");
  const el = named(xml, ["Content", "FromUserName", "MsgType", "EventKey"], rng);
  // Aim inside a value most of the time; anywhere otherwise (a tag name, between elements).
  const charAt = el && rng.chance(0.7) ? el.valueEnd - rng.int(3) : rng.int(xml.length + 1);
  const at = Buffer.byteLength(xml.slice(0, Math.max(0, charAt)), "utf8");
  return Buffer.concat([
    bytes.subarray(0, at),
    Buffer.from(rng.pick(INVALID_UTF8)),
    bytes.subarray(at),
  ]);
}

const BYTE_MUTATIONS: Record<string, (xml: string, rng: Rng) => Uint8Array> = {
  invalidUtf8: insertInvalidUtf8,
  utf16: (xml) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, "utf16le")]),
  latin1: (xml) => Buffer.from(xml.replaceAll("this", "thïs"), "latin1"),
  byteOrderMarkBytes: (xml) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]),
};

/** One to three string mutations, sometimes ending in a byte-level one. */
export function mutateXml(xml: string, rng: Rng, index: number): Mutated {
  const names: string[] = [];
  const forbidden: string[] = [];
  const context = { forbidden, index };
  let body = xml;
  const count = rng.pick([1, 1, 1, 2, 2, 3]);
  for (let i = 0; i < count; i++) {
    const name = rng.pick(MUTATION_NAMES);
    names.push(name);
    body = MUTATIONS[name]!(body, rng, context);
  }
  if (rng.chance(0.12)) {
    const name = rng.pick(Object.keys(BYTE_MUTATIONS));
    names.push(name);
    return { body: BYTE_MUTATIONS[name]!(body, rng), names, forbidden };
  }
  return { body, names, forbidden };
}

/** A body that is not WeChat's XML at all. */
export function garbageBody(rng: Rng, tag: string): Mutated {
  const json = JSON.stringify({
    ToUserName: `gh_${tag}`,
    FromUserName: `o${tag}`,
    CreateTime: 1700000000,
    MsgType: "text",
    Content: "hi",
    MsgId: "1",
  });
  const options: Array<[string, () => string | Uint8Array]> = [
    ["empty", () => ""],
    ["spaces", () => "  \r\n\t "],
    ["json", () => json],
    ["jsonWrapped", () => JSON.stringify({ xml: JSON.parse(json) })],
    ["jsonScalar", () => rng.pick(["null", "[]", "0", '"<xml></xml>"', "{"])],
    ["html", () => `<!DOCTYPE html><html><body>${tag}</body></html>`],
    ["form", () => `ToUserName=gh_${tag}&FromUserName=o${tag}&MsgType=text`],
    ["lonelyRoot", () => rng.pick(["<xml>", "</xml>", "<xml/>", "<xml></xml>", "<xml> </xml>"])],
    ["angles", () => "<".repeat(1 + rng.int(5000))],
    [
      "ascii",
      () =>
        Array.from({ length: 1 + rng.int(400) }, () => String.fromCharCode(32 + rng.int(95))).join(
          "",
        ),
    ],
    ["bytes", () => Uint8Array.from({ length: 1 + rng.int(800) }, () => rng.int(256))],
    ["cdataOnly", () => `<![CDATA[${tag}]]>`],
    ["unclosedCdata", () => `<xml><Content><![CDATA[${"x".repeat(rng.int(3000))}`],
    ["unclosedComment", () => `<xml><!--${"x".repeat(rng.int(3000))}`],
  ];
  const [name, make] = rng.pick(options);
  return { body: make(), names: [`garbage:${name}`], forbidden: [] };
}

/** A body over the 64 KiB limit, valid XML otherwise. */
export function oversizedBody(xml: string, rng: Rng): Mutated {
  const extra = 64 * 1024 + 1 + rng.int(200_000);
  const body = xml.replace(/(<Content>|<\/xml>)/, (m) =>
    m === "<Content>" ? `${m}${"x".repeat(extra)}` : `<Pad>${"x".repeat(extra)}</Pad>${m}`,
  );
  return { body, names: ["oversized"], forbidden: [] };
}

/** Changes to Encrypt's base64 text; the test signs the result so decryption itself is tried. */
export const BASE64_MUTATIONS: Record<string, (b64: string, rng: Rng) => string> = {
  flipCharacter: (b64, rng) => {
    const at = rng.int(b64.length);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    return splice(b64, at, at + 1, rng.pick([...alphabet]));
  },
  truncate: (b64, rng) => b64.slice(0, rng.int(b64.length)),
  truncateBlock: (b64) => b64.slice(0, Math.max(0, b64.length - 24)),
  dropLastBlock: (b64) => {
    const bytes = Buffer.from(b64, "base64");
    return bytes.subarray(0, Math.max(0, bytes.length - 16)).toString("base64");
  },
  dropFirstBlock: (b64) => Buffer.from(b64, "base64").subarray(16).toString("base64"),
  appendBlock: (b64, rng) =>
    Buffer.concat([
      Buffer.from(b64, "base64"),
      Buffer.from(Array.from({ length: 16 }, () => rng.int(256))),
    ]).toString("base64"),
  whitespace: (b64, rng) => {
    const at = rng.int(b64.length);
    return splice(b64, at, at, rng.pick(["\n", " ", "\r\n", "\t"]));
  },
  extraPadding: (b64) => `${b64}==`,
  urlSafe: (b64) => b64.replaceAll("+", "-").replaceAll("/", "_"),
  notBase64: (b64, rng) => splice(b64, rng.int(b64.length), rng.int(b64.length), "!*<>&"),
  empty: () => "",
  randomBlocks: (_b64, rng) =>
    Buffer.from(Array.from({ length: 16 * (1 + rng.int(8)) }, () => rng.int(256))).toString(
      "base64",
    ),
  cdataEnd: (b64) => `${b64}]]>`,
  huge: (b64) => b64.repeat(40),
};
