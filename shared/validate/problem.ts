// What validation reports: coded, bilingual problems pointing at a node, edge or trigger.

export type Severity = "error" | "warning";

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  nodeId?: string;
  edgeId?: string;
  triggerId?: string;
  /**
   * Dotted path to the field, relative to what the problem points at: the node when `nodeId` is set,
   * else the edge, else the trigger, else the flow (e.g. `answer.options.1.id`, `pattern`, `startNodeId`).
   */
  field?: string;
  message: { zh: string; en: string };
}

/**
 * Every code validation can report, with its severity and a short title for checklists.
 * Errors block publishing; warnings are shown but let the marketer go on.
 */
export const problemCatalog = {
  START_MISSING: { severity: "error", title: { zh: "起始节点不存在", en: "Start node missing" } },
  DUPLICATE_ID: { severity: "error", title: { zh: "编号重复", en: "Duplicate id" } },
  LOOP_WITHOUT_QUESTION: {
    severity: "error",
    title: { zh: "无提问的死循环", en: "Loop without a question" },
  },
  LOOP_MAY_NOT_END: {
    severity: "warning",
    title: { zh: "环路可能不会结束", en: "Loop may not end" },
  },
  UNREACHABLE_NODE: {
    severity: "warning",
    title: { zh: "节点无法到达", en: "Unreachable node" },
  },
  DANGLING_EDGE: { severity: "error", title: { zh: "连线悬空", en: "Dangling edge" } },
  OPTION_WITHOUT_EDGE: {
    severity: "error",
    title: { zh: "选项没有连线", en: "Option without an edge" },
  },
  BRANCH_WITHOUT_EDGE: {
    severity: "warning",
    title: { zh: "分支没有连线", en: "Branch without an edge" },
  },
  HTTP_EDGE_MISSING: {
    severity: "warning",
    title: { zh: "请求结果没有连线", en: "HTTP outcome without an edge" },
  },
  NO_ENTRY_TRIGGER: {
    severity: "warning",
    title: { zh: "流程没有入口", en: "No way into the flow" },
  },
  UNKNOWN_VARIABLE: { severity: "warning", title: { zh: "未声明的变量", en: "Unknown variable" } },
  JUMP_TARGET_MISSING: {
    severity: "error",
    title: { zh: "跳转目标不存在", en: "Jump target missing" },
  },
  KEYWORD_CONFLICT: { severity: "error", title: { zh: "关键词冲突", en: "Keyword conflict" } },
  MULTIPLE_FALLBACK: {
    severity: "error",
    title: { zh: "多个兜底流程", en: "More than one fallback" },
  },
  TEXT_TOO_LONG: { severity: "error", title: { zh: "文字超长", en: "Text too long" } },
  NEWS_TOO_MANY_ARTICLES: {
    severity: "error",
    title: { zh: "图文超过一篇", en: "Too many news articles" },
  },
  EMPTY_TEXT: { severity: "warning", title: { zh: "文字为空", en: "Empty text" } },
  TEXT_MAY_BE_EMPTY: {
    severity: "warning",
    title: { zh: "文字可能为空", en: "Text may be empty" },
  },
  OPTION_NUMBER_CLASH: {
    severity: "warning",
    title: { zh: "选项开头的数字与编号冲突", en: "Option number clash" },
  },
  AB_WEIGHTS: { severity: "error", title: { zh: "A/B 比例不等于 100", en: "A/B weights" } },
  INVALID_REGEX: {
    severity: "error",
    title: { zh: "正则表达式无效", en: "Invalid regular expression" },
  },
  HTTP_URL_EMPTY: { severity: "error", title: { zh: "请求地址为空", en: "HTTP URL empty" } },
  TRIGGER_NODE_MISSING: {
    severity: "error",
    title: { zh: "触发器的节点不存在", en: "Trigger node missing" },
  },
} as const satisfies Record<string, { severity: Severity; title: { zh: string; en: string } }>;

export type ProblemCode = keyof typeof problemCatalog;

export const problemCodes = Object.keys(problemCatalog) as ProblemCode[];

/** Builds a problem with the catalogue's severity, so a code can never carry the wrong one. */
export function problem(
  code: ProblemCode,
  where: Pick<Problem, "nodeId" | "edgeId" | "triggerId" | "field">,
  zh: string,
  en: string,
): Problem {
  return { code, severity: problemCatalog[code].severity, ...where, message: { zh, en } };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
