// The one-pass reader of WeChat's flat XML gives exactly the tree of the full validating parser, or steps aside.
import { describe, expect, it } from "vitest";
import { inboundSamples } from "./fixtures";
import { flatRoot, fullRoot, parseRoot } from "./xmlTree";

function outcome(read: (xml: string) => unknown, xml: string): unknown {
  try {
    return { tree: read(xml) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const text = inboundSamples.text;
const variants: string[] = [
  ...Object.values(inboundSamples),
  "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[bWVzc2FnZQ==]]></Encrypt></xml>",
  `\n  ${text}\n`,
  text.replace("<xml>", "<xml>\n  ").replaceAll("</", "\n  </"),
  text.replace("this is a test", "  spaced\u3000 "),
  text.replace("<![CDATA[this is a test]]>", "plain &amp; text"),
  text.replace("<![CDATA[this is a test]]>", "a > b"),
  text.replace("<![CDATA[this is a test]]>", "<![CDATA[]]>"),
  text.replace("<![CDATA[this is a test]]>", "<![CDATA[<!DOCTYPE x>&amp;]]>"),
  text.replace("<![CDATA[this is a test]]>", " <![CDATA[x]]> "),
  text.replace("<![CDATA[this is a test]]>", "<![CDATA[a]]]]><![CDATA[>b]]>"),
  text.replace("<![CDATA[this is a test]]>", "<![CDATA[a]]>b<![CDATA[c]]>"),
  text.replace("<![CDATA[this is a test]]>", "<!-- <![CDATA[ -->a<![CDATA[&amp;]]>"),
  text.replace("<Content>", '<Content a="<![CDATA[">'),
  text.replace("<![CDATA[this is a test]]>", "<![CDATA[unclosed"),
  text.replace("<![CDATA[this is a test]]>", ""),
  text.replace("<Content>", '<Content lang="zh">'),
  text.replace("<Content><![CDATA[this is a test]]></Content>", "<Content/>"),
  text.replace("</Content>", "</Contents>"),
  text.replace("</Content>", "</Content"),
  text.replace("</xml>", "<Content>again</Content></xml>"),
  text.replace("</xml>", "<__proto__>x</__proto__><toString>y</toString></xml>"),
  text.replace("</xml>", "<Info><A>1</A></Info></xml>"),
  text.replace("</xml>", "<!-- note --></xml>"),
  text.replace("</xml>", "</xml>trailing"),
  text.replace("</xml>", "</xml><xml></xml>"),
  text.replace("</xml>", ""),
  `<?xml version="1.0" encoding="UTF-8"?>${text}`,
  `<!DOCTYPE xml [<!ENTITY a "b">]>${text}`,
  `\uFEFF${text}`,
  "<xml></xml>",
  "<xml><A>1</A>",
  "<other><A>1</A></other>",
  "<xml><a-b>1</a-b><c.d>2</c.d><e:f>3</e:f></xml>",
  `<xml>${"<A>1</A>".repeat(1)}${Array.from({ length: 299 }, (_, i) => `<T${i}>v</T${i}>`).join("")}</xml>`,
  `<xml>${Array.from({ length: 298 }, (_, i) => `<T${i}>v</T${i}>`).join("")}</xml>`,
];

describe("parseRoot's one-pass reader", () => {
  it("reads every documented message shape without the full parser", () => {
    for (const xml of Object.values(inboundSamples)) {
      if (/<(ScanCodeInfo|SendPicsInfo|SendLocationInfo)>/.test(xml)) continue;
      expect(flatRoot(xml), xml).toBeDefined();
    }
  });

  it("gives the full parser's tree or error for well-formed, odd and broken bodies alike", () => {
    for (const xml of variants) {
      expect(outcome(parseRoot, xml), xml).toEqual(outcome(fullRoot, xml));
      const flat = flatRoot(xml);
      if (flat) expect(flat, xml).toEqual(fullRoot(xml));
    }
  });
});
