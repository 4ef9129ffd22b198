// 最近删除: deleted flows wait here and can be restored.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../api/ApiError";
import { api } from "../api/client";
import type { TrashItem } from "../api/types";
import { formatTime } from "../app/formatTime";
import { Modal } from "../app/Modal";
import { toast } from "../app/toasts";

export function TrashDialog({
  onClose,
  onRestored,
}: {
  onClose: () => void;
  onRestored: () => void;
}) {
  const { t, i18n } = useTranslation("flows");
  const [items, setItems] = useState<TrashItem[] | null>(null);

  useEffect(() => {
    api
      .listTrash()
      .then(({ items }) =>
        setItems([...items].sort((a, b) => Date.parse(b.deletedAt) - Date.parse(a.deletedAt))),
      )
      .catch((e) => {
        toast("error", errorText(e, i18n.language));
        setItems([]);
      });
  }, [i18n]);

  async function restore(item: TrashItem) {
    try {
      await api.restoreTrash(item.trashId);
      setItems((list) => list?.filter((i) => i.trashId !== item.trashId) ?? null);
      toast("success", t("restored", { name: item.name }));
      onRestored();
    } catch (e) {
      toast("error", errorText(e, i18n.language));
    }
  }

  return (
    <Modal
      title={t("trashTitle")}
      onClose={onClose}
      wide
      testId="trash-dialog"
      actions={
        <button className="btn" onClick={onClose}>
          {t("common:close")}
        </button>
      }
    >
      <p className="modal-text muted">{t("trashLead")}</p>
      {items === null ? (
        <div className="empty small">{t("common:loading")}</div>
      ) : items.length === 0 ? (
        <div className="empty small">{t("trashEmpty")}</div>
      ) : (
        <ul className="plain-list">
          {items.map((item) => (
            <li key={item.trashId} className="plain-list-row">
              <div>
                <div className="strong">{item.name}</div>
                <div className="muted small">
                  {t("deletedAt", { time: formatTime(item.deletedAt, i18n.language) })}
                </div>
              </div>
              <button className="btn btn-small" onClick={() => void restore(item)}>
                {t("restore")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
