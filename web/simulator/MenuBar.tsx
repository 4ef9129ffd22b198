// The account's custom menu at the foot of the chat, as WeChat draws it: up to three buttons, a
// parent (≡) opening its sub-buttons in a list above it until a second tap or a tap elsewhere.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MenuAction } from "../../shared/menu";
import type { PhoneMenuButton } from "./phoneMenu";

export function MenuBar({
  buttons,
  onTap,
}: {
  buttons: PhoneMenuButton[];
  onTap: (action: MenuAction) => void;
}) {
  const { t } = useTranslation("simulator");
  const [openId, setOpenId] = useState<string | null>(null);
  const barRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!openId) return;
    const closeOutside = (e: PointerEvent) => {
      if (!barRef.current?.contains(e.target as Node)) setOpenId(null);
    };
    const closeOnEscape = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpenId(null);
    };
    document.addEventListener("pointerdown", closeOutside);
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("pointerdown", closeOutside);
      document.removeEventListener("keydown", closeOnEscape);
    };
  }, [openId]);

  const label = (name: string) => name || t("phoneMenu.unnamed");
  const tap = (action: MenuAction) => {
    setOpenId(null);
    onTap(action);
  };

  return (
    <div className="wx-menubar" data-testid="wx-menubar" ref={barRef}>
      <span className="wx-menubar-kbd">⌨</span>
      {buttons.map((b) => {
        const parent = b.children.length > 0;
        const open = parent && openId === b.id;
        return (
          <div key={b.id} className="wx-menubar-slot">
            <button
              type="button"
              className={`wx-menubar-btn${open ? " is-open" : ""}`}
              data-testid="wx-menu-button"
              title={b.title ?? b.name}
              aria-haspopup={parent ? "menu" : undefined}
              aria-expanded={parent ? open : undefined}
              onClick={() => (parent ? setOpenId(open ? null : b.id) : tap(b.action))}
            >
              {parent ? (
                <span className="wx-menubar-mark" aria-hidden="true">
                  ≡
                </span>
              ) : null}
              <span className="wx-menubar-name">{label(b.name)}</span>
            </button>
            {open ? (
              <div className="wx-submenu" role="menu" data-testid="wx-submenu">
                {b.children.map((c) => (
                  <button
                    key={c.id}
                    type="button"
                    role="menuitem"
                    className="wx-submenu-item"
                    data-testid="wx-submenu-item"
                    title={c.name}
                    onClick={() => tap(c)}
                  >
                    {label(c.name)}
                  </button>
                ))}
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
