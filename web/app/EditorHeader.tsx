// The editor's top bar: back, flow name, save state, canvas tools (undo/redo, layout), save, publish.
import { useTranslation } from "react-i18next";
import { localText } from "../api/ApiError";
import type { PublishedInfo } from "../api/types";
import { CanvasToolbar } from "../canvas";
import { loadErrorText } from "../flows/loadErrorText";
import { useCoalescedEdits } from "../inspector/useCoalescedEdits";
import { useEditorStore, useEditorStoreApi } from "../store";
import { LanguageSwitch } from "./LanguageSwitch";
import { navigate } from "./router";
import { SaveStatusBadge } from "./SaveStatus";
import type { FlowSaver } from "./useFlowSaver";

interface EditorHeaderProps {
  saver: FlowSaver;
  published: PublishedInfo | null;
  onSave: () => void;
  onPublish: () => void;
  onVersions: () => void;
  onProblems: () => void;
}

export function EditorHeader({
  saver,
  published,
  onSave,
  onPublish,
  onVersions,
  onProblems,
}: EditorHeaderProps) {
  const { t, i18n } = useTranslation("common");
  const store = useEditorStoreApi();
  const coalesce = useCoalescedEdits();
  const name = useEditorStore((s) => s.meta.name);
  const dirty = useEditorStore((s) => s.dirty);
  const errors = useEditorStore((s) => s.problems.filter((p) => p.severity === "error").length);

  return (
    <header className="editor-header">
      <button
        className="btn btn-ghost back-btn"
        data-testid="back-to-list"
        onClick={() => void navigate({ page: "flows" })}
      >
        ← {t("flows")}
      </button>
      <input
        className="flow-name-input"
        value={name}
        aria-label={t("flowName")}
        data-testid="flow-name"
        onChange={(e) =>
          coalesce("meta:name", () => store.getState().setMeta({ name: e.target.value }))
        }
      />
      <SaveStatusBadge status={saver.status} dirty={dirty} />
      {saver.status === "invalid" && saver.invalid.length ? (
        <span
          className="header-error"
          title={saver.invalid
            .map(
              (e) =>
                `${e.field}: ${typeof e.message === "string" ? loadErrorText(e.message, i18n.language) : localText(e.message, i18n.language)}`,
            )
            .join("\n")}
        >
          {t("cannotSave", { count: saver.invalid.length })}
        </span>
      ) : null}
      <div className="header-spacer" />
      <CanvasToolbar />
      {errors > 0 ? (
        <button className="btn btn-ghost header-errors" onClick={onProblems}>
          {t("errorCount", { count: errors })}
        </button>
      ) : null}
      <button className="btn btn-ghost" data-testid="versions" onClick={onVersions}>
        {published ? t("publishedVersion", { version: published.version }) : t("versions")}
      </button>
      <button
        className="btn"
        data-testid="save"
        title={`${t("save")} (Ctrl+S)`}
        disabled={saver.status === "saving"}
        onClick={onSave}
      >
        {t("save")}
      </button>
      <button className="btn btn-primary" data-testid="publish" onClick={onPublish}>
        {t("publish")}
      </button>
      <LanguageSwitch />
    </header>
  );
}
