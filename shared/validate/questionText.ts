// The text a question sends: its prompt followed by its options, numbered or as menu links.
// Validation measures this against WeChat's byte limit; it mirrors how the engine lays options out.
import type { QuestionNode } from "../schema";

export function questionText(node: QuestionNode): string {
  if (node.answer.type !== "options") return node.prompt;
  const lines =
    node.answer.display === "menu"
      ? node.answer.options.map(
          (o) =>
            `<a href="weixin://bizmsgmenu?msgmenucontent=${encodeURIComponent(o.label)}&msgmenuid=${encodeURIComponent(o.id)}">${o.label}</a>`,
        )
      : node.answer.options.map((o, i) => `${i + 1}. ${o.label}`);
  return [node.prompt, ...lines].join("\n");
}
