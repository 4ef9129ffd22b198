// 409 on saving the menu: someone saved it elsewhere. Load theirs, or overwrite it with mine.
import { useTranslation } from "react-i18next";
import { Modal } from "../app/Modal";

export function MenuConflictDialog({
  onReload,
  onOverwrite,
}: {
  onReload: () => void;
  onOverwrite: () => void;
}) {
  const { t } = useTranslation("menu");
  return (
    <Modal
      title={t("conflictTitle")}
      // Closing without choosing would leave saving paused with nothing saying so.
      onClose={() => undefined}
      testId="menu-conflict-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={onOverwrite}>
            {t("conflictOverwrite")}
          </button>
          <button type="button" className="btn btn-primary" onClick={onReload}>
            {t("conflictReload")}
          </button>
        </>
      }
    >
      <p className="modal-text">{t("conflictBody")}</p>
      <ul className="modal-bullets">
        <li>{t("conflictReloadHint")}</li>
        <li>{t("conflictOverwriteHint")}</li>
      </ul>
    </Modal>
  );
}
