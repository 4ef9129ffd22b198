// 409 on save: the flow changed elsewhere. Reload theirs, or keep mine as a new copy.
import { useTranslation } from "react-i18next";
import { Modal } from "./Modal";

interface ConflictDialogProps {
  onReload: () => void;
  onSaveAsCopy: () => void;
  onClose: () => void;
}

export function ConflictDialog({ onReload, onSaveAsCopy, onClose }: ConflictDialogProps) {
  const { t } = useTranslation("common");
  return (
    <Modal
      title={t("conflictTitle")}
      onClose={onClose}
      testId="conflict-dialog"
      actions={
        <>
          <button className="btn" onClick={onSaveAsCopy}>
            {t("conflictCopy")}
          </button>
          <button className="btn btn-primary" onClick={onReload}>
            {t("conflictReload")}
          </button>
        </>
      }
    >
      <p className="modal-text">{t("conflictBody")}</p>
      <ul className="modal-bullets">
        <li>{t("conflictReloadHint")}</li>
        <li>{t("conflictCopyHint")}</li>
      </ul>
    </Modal>
  );
}
