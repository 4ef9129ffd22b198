// The checklist of flow problems, errors first; clicking one selects and centres its node.
import { useTranslation } from "react-i18next";
import type { Problem } from "../../shared/validate";
import { problemCatalog } from "../../shared/validate/problem";
import { useEditorStore, useEditorStoreApi } from "../store";

export function ProblemsPanel({ onShowTriggers }: { onShowTriggers?: () => void }) {
  const { t } = useTranslation("problems");
  const store = useEditorStoreApi();
  const problems = useEditorStore((s) => s.problems);
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");

  function open(problem: Problem) {
    if (problem.nodeId && store.getState().nodes.some((n) => n.id === problem.nodeId)) {
      store.getState().selectNode(problem.nodeId);
    } else if (problem.triggerId) {
      onShowTriggers?.();
    }
  }

  if (problems.length === 0) {
    return (
      <div className="panel" data-testid="problems-panel">
        <div className="empty small all-good">
          <div className="empty-icon">✓</div>
          <div className="empty-title">{t("noneTitle")}</div>
          <p>{t("noneBody")}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="panel" data-testid="problems-panel">
      <p className="panel-lead">
        {errors.length > 0
          ? t("summaryErrors", { errors: errors.length, warnings: warnings.length })
          : t("summaryWarnings", { warnings: warnings.length })}
      </p>
      <ProblemList problems={problems} onOpen={open} />
    </div>
  );
}

export function ProblemList({
  problems,
  onOpen,
}: {
  problems: Problem[];
  onOpen?: (problem: Problem) => void;
}) {
  const { t, i18n } = useTranslation("problems");
  const en = i18n.language === "en";
  return (
    <ul className="problem-list">
      {problems.map((p, index) => {
        const title = problemCatalog[p.code]?.title;
        const clickable = Boolean(onOpen && (p.nodeId || p.triggerId));
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id; the list is rebuilt whole
          <li key={index}>
            <button
              className={`problem problem-${p.severity}`}
              data-testid="problem"
              data-node-id={p.nodeId ?? ""}
              data-code={p.code}
              disabled={!clickable}
              onClick={() => onOpen?.(p)}
            >
              <span className={`sev sev-${p.severity}`}>
                {p.severity === "error" ? t("error") : t("warning")}
              </span>
              <span className="problem-body">
                {title ? <span className="problem-title">{en ? title.en : title.zh}</span> : null}
                <span className="problem-text">{en ? p.message.en : p.message.zh}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
