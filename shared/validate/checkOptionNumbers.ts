// Numbered options whose label starts with another option's number: "2" could mean either.
import { normalizeText } from "../engine";
import type { Check } from "./context";
import { nodeName } from "./nodeName";
import { type Problem, problem } from "./problem";

/**
 * The whole number a label starts with (2 for 2人, 2 for ２人), or null. A decimal (1.5斤) is
 * not read as its integer part: no follower types 1 for it. Chinese numerals are left out: 一般
 * is no number.
 */
function leadingNumber(label: string): number | null {
  const match = /^(\d+)(\.\d)?/.exec(normalizeText(label));
  if (!match || match[2]) return null;
  return Number(match[1]);
}

/**
 * Shown as "1. 2人 / 2. 3人 / 3. 4人及以上", a follower replying 3 gets the third option by its
 * position, though they may mean 3人. A label whose number is its own position (1人 / 2人) or no
 * position at all (10人 among three) reads one way only, and menu links show no numbers.
 */
export const checkOptionNumbers: Check = (flow) => {
  const problems: Problem[] = [];
  for (const node of flow.nodes) {
    if (node.kind !== "question" || node.answer.type !== "options") continue;
    if (node.answer.display !== "numbered") continue;
    const { options } = node.answer;
    options.forEach((option, index) => {
      const n = leadingNumber(option.label);
      if (n === null || n === index + 1 || n < 1 || n > options.length) return;
      const other = options[n - 1]!.label;
      const name = nodeName(node);
      problems.push(
        problem(
          "OPTION_NUMBER_CLASH",
          { nodeId: node.id, field: `answer.options.${index}.label` },
          `节点${name.zh}的选项「${option.label}」以数字 ${n} 开头，却排在第 ${index + 1} 项：粉丝回复“${n}”会选中第 ${n} 项「${other}」。请把选项展示方式改为“菜单链接”，或把开头的数字写成汉字（如「2人」写成「两人」）。`,
          `Option "${option.label}" of node ${name.en} starts with ${n} but is number ${index + 1} in the list, so a follower who replies "${n}" gets option ${n}, "${other}". Show the options as menu links, or spell the number out (e.g. "两人" for "2人").`,
        ),
      );
    });
  }
  return problems;
};
