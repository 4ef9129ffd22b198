// Published versions, newest first, with their notes; rolling back publishes an old one as a new number
// (unless the live version has the same content).
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../api/ApiError";
import { api } from "../api/client";
import type { FlowVersion } from "../api/types";
import { askConfirm } from "../app/confirm";
import { formatDateTime } from "../app/formatTime";
import { Modal } from "../app/Modal";
import { toast } from "../app/toasts";

interface VersionsDialogProps {
  flowId: string;
  onClose: () => void;
  onRolledBack: (version: number) => void;
}

export function VersionsDialog({ flowId, onClose, onRolledBack }: VersionsDialogProps) {
  const { t, i18n } = useTranslation("problems");
  const [versions, setVersions] = useState<FlowVersion[] | null>(null);

  const load = useCallback(() => {
    api
      .versions(flowId)
      .then(({ versions }) => setVersions([...versions].sort((a, b) => b.version - a.version)))
      .catch((e) => {
        toast("error", errorText(e, i18n.language));
        setVersions([]);
      });
  }, [flowId, i18n]);

  useEffect(load, [load]);

  async function rollback(version: number) {
    const ok = await askConfirm({
      title: t("rollbackTitle", { version }),
      body: t("rollbackBody", { version }),
      confirmLabel: t("rollback"),
    });
    if (!ok) return;
    try {
      const result = await api.rollback(flowId, version);
      if (result.unchanged) {
        toast("info", t("rollbackUnchanged", { from: version, version: result.version }));
        return;
      }
      toast("success", t("rolledBack", { from: version, version: result.version }));
      onRolledBack(result.version);
      load();
    } catch (e) {
      toast("error", errorText(e, i18n.language));
    }
  }

  const latest = versions?.[0]?.version;
  return (
    <Modal
      title={t("versionsTitle")}
      onClose={onClose}
      wide
      testId="versions-dialog"
      actions={
        <button className="btn" onClick={onClose}>
          {t("common:close")}
        </button>
      }
    >
      <p className="modal-text muted">{t("versionsLead")}</p>
      {versions === null ? (
        <div className="empty small">{t("common:loading")}</div>
      ) : versions.length === 0 ? (
        <div className="empty small">{t("noVersions")}</div>
      ) : (
        <ul className="plain-list">
          {versions.map((v) => (
            <li key={v.version} className="plain-list-row" data-testid="version-row">
              <div>
                <div className="strong">
                  v{v.version}
                  {v.version === latest ? (
                    <span className="badge badge-green">{t("live")}</span>
                  ) : null}
                </div>
                <div className="muted small">
                  {formatDateTime(v.publishedAt, i18n.language)}
                  {v.note ? ` · ${v.note}` : ""}
                </div>
              </div>
              {v.version === latest ? null : (
                <button className="btn btn-small" onClick={() => void rollback(v.version)}>
                  {t("rollback")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
