// Promise-based confirmation dialog, so any handler can `await askConfirm(...)`.
import { useTranslation } from "react-i18next";
import { create } from "zustand";
import { Modal } from "./Modal";

export interface ConfirmOptions {
  title: string;
  body?: string;
  confirmLabel?: string;
  cancelLabel?: string;
  danger?: boolean;
}

interface ConfirmState {
  open: (ConfirmOptions & { resolve: (ok: boolean) => void }) | null;
}

const useConfirm = create<ConfirmState>(() => ({ open: null }));

export function askConfirm(options: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    useConfirm.getState().open?.resolve(false);
    useConfirm.setState({ open: { ...options, resolve } });
  });
}

function close(ok: boolean): void {
  const open = useConfirm.getState().open;
  useConfirm.setState({ open: null });
  open?.resolve(ok);
}

export function ConfirmHost() {
  const open = useConfirm((s) => s.open);
  const { t } = useTranslation("common");
  if (!open) return null;
  return (
    <Modal
      title={open.title}
      onClose={() => close(false)}
      testId="confirm-dialog"
      actions={
        <>
          <button className="btn" onClick={() => close(false)}>
            {open.cancelLabel ?? t("cancel")}
          </button>
          <button
            className={`btn ${open.danger ? "btn-danger" : "btn-primary"}`}
            onClick={() => close(true)}
            // biome-ignore lint/a11y/noAutofocus: the dialog opened to ask exactly this
            autoFocus
          >
            {open.confirmLabel ?? t("ok")}
          </button>
        </>
      }
    >
      {open.body ? <p className="modal-text">{open.body}</p> : null}
    </Modal>
  );
}
