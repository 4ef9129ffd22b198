// Flow-file errors come from the schema as zod's English text, or as "中文 / English" pairs: show
// the marketer's language, translating zod's common phrasings into Chinese.
const typeNames: Record<string, string> = {
  string: "文字",
  number: "数字",
  boolean: "是/否",
  array: "列表",
  object: "对象",
  undefined: "空",
  null: "空",
};

const zh = (type: string) => typeNames[type] ?? type;

const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Invalid input: expected (\w+), received undefined$/, (m) => `缺少此项（应为${zh(m[1]!)}）`],
  [
    /^Invalid input: expected (\w+), received (\w+)$/,
    (m) => `类型不对：应为${zh(m[1]!)}，实际是${zh(m[2]!)}`,
  ],
  [/^Too small: expected array to have >=?(\d+) items?$/, (m) => `至少需要 ${m[1]} 项`],
  [
    /^Too small: expected string to have >=?(\d+) characters?$/,
    (m) => (m[1] === "1" ? "不能为空" : `至少需要 ${m[1]} 个字符`),
  ],
  [/^Too big: expected string to have <=?(\d+) characters?$/, (m) => `最多 ${m[1]} 个字符`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (m) => `不能小于 ${m[1]}`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (m) => `不能大于 ${m[1]}`],
  [/^Invalid option: expected one of (.+)$/, (m) => `只能是以下之一：${m[1]}`],
  [/^Invalid input: expected "([^"]+)"$/, (m) => `应为 "${m[1]}"`],
  [/^Invalid input$/, () => "内容无效"],
];

const CJK = /[\u3400-\u9fff]/;

export function loadErrorText(message: string, lang: string): string {
  const pair = message.split(" / ");
  if (pair.length === 2 && CJK.test(pair[0]!)) return lang === "en" ? pair[1]! : pair[0]!;
  if (lang === "en") return message;
  for (const [pattern, render] of rules) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return message;
}
