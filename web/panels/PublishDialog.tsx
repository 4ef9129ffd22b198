// Publishing: refused while errors exist (listed), allowed with warnings after a confirm, with a note.
// The server publishes nothing when the live version has the same content; the page says so.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Problem } from "../../shared/validate";
import { ApiError, errorText } from "../api/ApiError";
import { api } from "../api/client";
import type { PublishResult } from "../api/types";
import { Modal } from "../app/Modal";
import { ProblemList } from "./ProblemsPanel";

interface PublishDialogProps {
  flowId: string;
  problems: Problem[];
  onClose: () => void;
  /** Also when nothing was published (`result.unchanged`); `withNote`: a note was typed and dropped. */
  onPublished: (result: PublishResult, withNote: boolean) => void;
  /** Clicking a problem in the refusal: select its node. */
  onOpenProblem: (problem: Problem) => void;
}

export function PublishDialog({
  flowId,
  problems,
  onClose,
  onPublished,
  onOpenProblem,
}: PublishDialogProps) {
  const { t, i18n } = useTranslation("problems");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<Problem[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const errors = serverErrors ?? problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");

  if (errors.length > 0) {
    return (
      <Modal
        title={t("publishRefusedTitle")}
        onClose={onClose}
        wide
        testId="publish-refused"
        actions={
          <button className="btn btn-primary" onClick={onClose}>
            {t("gotIt")}
          </button>
        }
      >
        <p className="modal-text">{t("publishRefusedBody", { count: errors.length })}</p>
        <ProblemList
          problems={errors}
          onOpen={(p) => {
            onOpenProblem(p);
            onClose();
          }}
        />
      </Modal>
    );
  }

  async function publish() {
    setBusy(true);
    setFailure(null);
    try {
      const text = note.trim();
      onPublished(await api.publish(flowId, text || undefined), text !== "");
    } catch (e) {
      if (e instanceof ApiError && e.code === "has_errors") {
        setServerErrors(e.problems.filter((p) => p.severity === "error"));
      } else {
        setFailure(errorText(e, i18n.language));
      }
      setBusy(false);
    }
  }

  return (
    <Modal
      title={t("publishTitle")}
      onClose={onClose}
      wide
      testId="publish-dialog"
      actions={
        <>
          <button className="btn" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button className="btn btn-primary" disabled={busy} onClick={() => void publish()}>
            {busy ? t("publishing") : warnings.length ? t("publishAnyway") : t("publishConfirm")}
          </button>
        </>
      }
    >
      <p className="modal-text">{t("publishBody")}</p>
      {warnings.length > 0 ? (
        <>
          <div className="inline-warning">{t("publishWarnings", { count: warnings.length })}</div>
          <ProblemList problems={warnings} />
        </>
      ) : null}
      <label className="field">
        <span className="field-label">{t("publishNote")}</span>
        <input
          value={note}
          placeholder={t("publishNotePlaceholder")}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      {failure ? <div className="form-error">{failure}</div> : null}
    </Modal>
  );
}
