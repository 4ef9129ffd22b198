// UI text of the "problems" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {
    error: "错误",
    warning: "警告",
    noneTitle: "没有发现问题",
    noneBody: "流程检查全部通过，可以放心发布。",
    summaryErrors:
      "{{errors}} 个错误需要修正后才能发布，另有 {{warnings}} 个警告。点击一项可定位到节点。",
    summaryWarnings: "{{warnings}} 个警告不影响发布，但建议检查。点击一项可定位到节点。",
    publishRefusedTitle: "还不能发布",
    publishRefusedBody: "流程中有 {{count}} 个错误，修正后才能发布。点击一项可定位到对应节点。",
    gotIt: "知道了",
    publishTitle: "发布流程",
    publishBody: "发布后，新开始的对话将使用这个版本；正在进行中的对话保持原版本直到结束。",
    publishWarnings: "有 {{count}} 个警告，仍可发布：",
    publishNote: "版本说明",
    publishNotePlaceholder: "（可选）例如：调整了尺码推荐话术",
    publishConfirm: "确认发布",
    publishAnyway: "仍然发布",
    publishing: "正在发布…",
    versionsTitle: "已发布版本",
    versionsLead:
      "每次发布都会保留一个版本；内容与线上版本相同时不会重复发布。回滚会把旧版本重新发布为一个新版本号，历史不会被改写。",
    noVersions: "还没有发布过。点击右上角“发布”上线第一个版本。",
    live: "线上",
    rollback: "回滚到此版本",
    rollbackTitle: "回滚到 v{{version}}？",
    rollbackBody: "v{{version}} 的内容将作为新版本发布，新对话立即使用它。编辑中的草稿不受影响。",
    rolledBack: "已将 v{{from}} 重新发布为 v{{version}}",
    rollbackUnchanged: "v{{from}} 与线上的 v{{version}} 内容相同，无需回滚。",
  },
  en: {
    error: "Error",
    warning: "Warning",
    noneTitle: "No problems found",
    noneBody: "Every check passes; the flow is ready to publish.",
    summaryErrors:
      "{{errors}} errors must be fixed before publishing; {{warnings}} warnings too. Click one to go to its node.",
    summaryWarnings:
      "{{warnings}} warnings do not block publishing but deserve a look. Click one to go to its node.",
    publishRefusedTitle: "Cannot publish yet",
    publishRefusedBody:
      "The flow has {{count}} errors; fix them to publish. Click one to go to its node.",
    gotIt: "Got it",
    publishTitle: "Publish flow",
    publishBody:
      "New conversations will use this version; conversations in progress keep theirs until they end.",
    publishWarnings: "{{count}} warnings; you can still publish:",
    publishNote: "Version note",
    publishNotePlaceholder: "(optional) e.g. reworded the size advice",
    publishConfirm: "Publish",
    publishAnyway: "Publish anyway",
    publishing: "Publishing…",
    versionsTitle: "Published versions",
    versionsLead:
      "Every publish that changes something keeps a version. Rolling back publishes an old version as a new number; history is never rewritten.",
    noVersions: "Nothing published yet. Click Publish at the top right to go live.",
    live: "Live",
    rollback: "Roll back to this",
    rollbackTitle: "Roll back to v{{version}}?",
    rollbackBody:
      "v{{version}} is published as a new version and new conversations use it at once. Your draft is not touched.",
    rolledBack: "Republished v{{from}} as v{{version}}",
    rollbackUnchanged:
      "v{{from}} has the same content as the live v{{version}}; nothing to roll back.",
  },
};
