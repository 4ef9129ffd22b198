// What WeChat will refuse or show badly: text over 2048 bytes, several news articles, empty text.
import { renderTemplate, withAdLabel } from "../engine";
import type { FlowNode } from "../schema";
import { TEXT_LIMIT_BYTES, utf8Length } from "../wechat";
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";
import { questionText } from "./questionText";

/** A UTF-16 code unit never takes more than 3 UTF-8 bytes, so short texts need no encoding. */
function mayExceed(text: string): boolean {
  return text.length * 3 > TEXT_LIMIT_BYTES;
}

function tooLong(node: FlowNode, field: string, text: string, what: { zh: string; en: string }) {
  if (!mayExceed(text)) return [];
  const bytes = utf8Length(text);
  if (bytes <= TEXT_LIMIT_BYTES) return [];
  const name = nodeName(node);
  return [
    problem(
      "TEXT_TOO_LONG",
      { nodeId: node.id, field },
      `节点${name.zh}的${what.zh}有 ${bytes} 字节，超过微信 ${TEXT_LIMIT_BYTES} 字节的上限（一个汉字约 3 字节）。请缩短文字或拆成两条消息。`,
      `The ${what.en} of node ${name.en} is ${bytes} bytes, over WeChat's ${TEXT_LIMIT_BYTES}-byte limit (a Chinese character takes about 3). Shorten it or split it into two messages.`,
    ),
  ];
}

function empty(node: FlowNode, field: string, what: { zh: string; en: string }) {
  const name = nodeName(node);
  return problem(
    "EMPTY_TEXT",
    { nodeId: node.id, field },
    `节点${name.zh}的${what.zh}是空的，粉丝收不到它。请填写内容或删除它。`,
    `The ${what.en} of node ${name.en} is empty, so the follower does not get it. Write something or remove it.`,
  );
}

/** The follower fields are always there; only flow variables can be empty. */
const probeFollower = {
  openid: "o",
  subscribed: true,
  scene: null,
  tags: [],
  isNew: false,
  interactions: 0,
  silentDays: 0,
  ab: {},
};

/**
 * A text made only of placeholders without a default (`{{coupon}}`) says nothing while its
 * variables are empty, and the engine then leaves it out (WeChat refuses empty texts).
 */
function mayBeEmpty(node: FlowNode, field: string, what: { zh: string; en: string }) {
  const name = nodeName(node);
  return problem(
    "TEXT_MAY_BE_EMPTY",
    { nodeId: node.id, field },
    `节点${name.zh}的${what.zh}只有变量；变量为空时这条消息不会发出。可以加上文字，或给变量写默认值，例如 {{coupon|暂无优惠}}。`,
    `The ${what.en} of node ${name.en} is only variables; while they are empty the message is not sent. Add some words, or give a default, e.g. {{coupon|no coupon}}.`,
  );
}

function checkNode(node: FlowNode): Problem[] {
  if (node.kind === "question") {
    const what = { zh: "问题（含选项）", en: "question (with its options)" };
    const asked = questionText(node);
    // A failed answer is met with the reprompt and the question again, in one message.
    const again = node.reprompt ? `${node.reprompt}\n\n${asked}` : asked;
    const retry = { zh: "重问（提示语加问题）", en: "retry message (reprompt and question)" };
    const promptTooLong = tooLong(node, "prompt", asked, what);
    return [
      ...promptTooLong,
      ...(promptTooLong.length > 0 ? [] : tooLong(node, "reprompt", again, retry)),
      ...(node.prompt.trim() ? [] : [empty(node, "prompt", { zh: "问题", en: "question" })]),
      ...(node.prompt.trim() && !asked.trim() ? [mayBeEmpty(node, "prompt", what)] : []),
    ];
  }
  if (node.kind !== "message") return [];
  return node.messages.flatMap((message, i): Problem[] => {
    if (message.type === "text") {
      const what = { zh: `第 ${i + 1} 条文字消息`, en: `text message ${i + 1}` };
      if (!message.text.trim()) return [empty(node, `messages.${i}.text`, what)];
      return [
        // A promotional text goes out with 【广告】 in front: 12 more bytes.
        ...tooLong(
          node,
          `messages.${i}.text`,
          node.promotional ? withAdLabel(message.text) : message.text,
          what,
        ),
        ...(renderTemplate(message.text, {}, probeFollower).trim()
          ? []
          : [mayBeEmpty(node, `messages.${i}.text`, what)]),
      ];
    }
    if (message.type === "news" && message.articles.length > 1) {
      const name = nodeName(node);
      return [
        problem(
          "NEWS_TOO_MANY_ARTICLES",
          { nodeId: node.id, field: `messages.${i}.articles` },
          `节点${name.zh}的图文消息有 ${message.articles.length} 篇文章，微信回复粉丝时只允许 1 篇。请只保留一篇，其余的放到另一条消息里。`,
          `The news message of node ${name.en} has ${message.articles.length} articles; WeChat allows one in a reply. Keep one and put the others in separate messages.`,
        ),
      ];
    }
    return [];
  });
}

export const checkMessages: Check = (flow) => flow.nodes.flatMap(checkNode);
