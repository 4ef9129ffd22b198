// A centred dialog with a title, body and actions; Escape or the backdrop closes it.
import { type ReactNode, useEffect } from "react";

interface ModalProps {
  title: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  onClose: () => void;
  wide?: boolean;
  /** More classes for the dialog box, for a size of its own. */
  className?: string;
  testId?: string;
}

export function Modal(props: ModalProps) {
  const { title, children, actions, onClose, wide, className, testId } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={`modal${wide ? " modal-wide" : ""}${className ? ` ${className}` : ""}`}
        role="dialog"
        data-testid={testId}
      >
        <h2 className="modal-title">{title}</h2>
        <div className="modal-body">{children}</div>
        {actions ? <div className="modal-actions">{actions}</div> : null}
      </div>
    </div>
  );
}
