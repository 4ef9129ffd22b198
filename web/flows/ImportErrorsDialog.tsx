// Why an imported file was refused: one line per problem, naming the node and the field.
import { useTranslation } from "react-i18next";
import { localText } from "../api/ApiError";
import type { FlowLoadErrorItem } from "../api/types";
import { Modal } from "../app/Modal";
import { loadErrorText } from "./loadErrorText";

interface ImportErrorsDialogProps {
  file: string;
  errors: FlowLoadErrorItem[];
  onClose: () => void;
}

export function ImportErrorsDialog({ file, errors, onClose }: ImportErrorsDialogProps) {
  const { t, i18n } = useTranslation("flows");
  return (
    <Modal
      title={t("importFailedTitle", { file })}
      onClose={onClose}
      wide
      testId="import-errors"
      actions={
        <button className="btn btn-primary" onClick={onClose}>
          {t("common:ok")}
        </button>
      }
    >
      <p className="modal-text">{t("importFailedLead")}</p>
      <ul className="error-list">
        {errors.map((error, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity of their own
          <li key={index}>
            {error.nodeId ? (
              <span className="chip">{t("nodeLabel", { id: error.nodeId })}</span>
            ) : null}
            {error.field ? (
              <span className="chip chip-mono">{t("fieldLabel", { field: error.field })}</span>
            ) : null}
            <span>
              {typeof error.message === "string"
                ? loadErrorText(error.message, i18n.language)
                : localText(error.message, i18n.language)}
            </span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
