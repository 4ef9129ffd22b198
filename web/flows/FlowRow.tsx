// One flow in the list: what it is, how big, when changed, whether published and whether healthy.
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { FlowSummary } from "../api/types";
import { formatTime } from "../app/formatTime";

interface FlowRowProps {
  flow: FlowSummary;
  onOpen: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
}

export function FlowRow({ flow, onOpen, onDuplicate, onDelete }: FlowRowProps) {
  const { t, i18n } = useTranslation("flows");
  return (
    <div className="flow-row" data-testid="flow-row" data-flow-id={flow.id}>
      <button className="flow-row-main" onClick={onOpen}>
        <div className="flow-row-name">{flow.name}</div>
        <div className="flow-row-desc">{flow.description || t("noDescription")}</div>
        <div className="flow-row-meta">
          <span>{t("nodeCount", { count: flow.nodeCount })}</span>
          <span className="dot">·</span>
          <span>{t("updated", { time: formatTime(flow.updatedAt, i18n.language) })}</span>
        </div>
      </button>
      <div className="flow-row-status">
        {flow.published ? (
          <span className="badge badge-green">
            {t("publishedVersion", { version: flow.published.version })}
          </span>
        ) : (
          <span className="badge badge-grey">{t("unpublished")}</span>
        )}
        {flow.errors > 0 ? (
          <span className="badge badge-red">{t("errors", { count: flow.errors })}</span>
        ) : null}
        {flow.warnings > 0 ? (
          <span className="badge badge-amber">{t("warnings", { count: flow.warnings })}</span>
        ) : null}
        {flow.errors === 0 && flow.warnings === 0 ? (
          <span className="badge badge-ok">{t("healthy")}</span>
        ) : null}
      </div>
      <div className="flow-row-actions">
        <button className="btn btn-small" onClick={onOpen}>
          {t("edit")}
        </button>
        <button className="btn btn-small btn-ghost" onClick={onDuplicate}>
          {t("duplicate")}
        </button>
        <a
          className="btn btn-small btn-ghost"
          href={api.exportUrl(flow.id)}
          download={`${flow.id}.json`}
        >
          {t("export")}
        </a>
        <button className="btn btn-small btn-ghost btn-danger-text" onClick={onDelete}>
          {t("delete")}
        </button>
      </div>
    </div>
  );
}
