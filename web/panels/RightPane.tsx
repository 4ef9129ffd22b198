// The editor's right-hand pane: inspector, triggers, variables, problems (with count) and the preview slot.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Flow } from "../../shared/schema";
import { Inspector } from "../inspector/Inspector";
import { useEditorStore } from "../store";
import { ProblemsPanel } from "./ProblemsPanel";
import { TriggersPanel } from "./TriggersPanel";
import { VariablesPanel } from "./VariablesPanel";

export type PaneTab = "inspector" | "triggers" | "variables" | "problems" | "preview";
const tabs: PaneTab[] = ["inspector", "triggers", "variables", "problems", "preview"];

interface RightPaneProps {
  tab: PaneTab;
  onTab: (tab: PaneTab) => void;
  otherFlows: Flow[];
  /** The simulator, once it exists (web/simulator); a placeholder until then. */
  preview?: ReactNode;
}

export function RightPane({ tab, onTab, otherFlows, preview }: RightPaneProps) {
  const { t } = useTranslation("common");
  const errorCount = useEditorStore((s) => s.problems.filter((p) => p.severity === "error").length);
  const warningCount = useEditorStore((s) => s.problems.length) - errorCount;
  const triggerCount = useEditorStore((s) => s.meta.triggers.length);

  function badge(name: PaneTab) {
    if (name === "problems") {
      if (errorCount) return <span className="tab-count tab-count-red">{errorCount}</span>;
      if (warningCount) return <span className="tab-count tab-count-amber">{warningCount}</span>;
      return null;
    }
    if (name === "triggers" && triggerCount)
      return <span className="tab-count">{triggerCount}</span>;
    return null;
  }

  return (
    <aside className="right-pane">
      <div className="tabs" role="tablist">
        {tabs.map((name) => (
          <button
            key={name}
            role="tab"
            aria-selected={tab === name}
            data-testid={`tab-${name}`}
            className={`tab${tab === name ? " active" : ""}`}
            onClick={() => onTab(name)}
          >
            {t(`tab.${name}`)}
            {badge(name)}
          </button>
        ))}
      </div>
      <div className="pane-body">
        {tab === "inspector" ? <Inspector otherFlows={otherFlows} /> : null}
        {tab === "triggers" ? <TriggersPanel /> : null}
        {tab === "variables" ? <VariablesPanel /> : null}
        {tab === "problems" ? <ProblemsPanel onShowTriggers={() => onTab("triggers")} /> : null}
        {tab === "preview"
          ? (preview ?? (
              <div className="empty small">
                <div className="empty-title">{t("previewSoonTitle")}</div>
                <p>{t("previewSoonBody")}</p>
              </div>
            ))
          : null}
      </div>
    </aside>
  );
}
