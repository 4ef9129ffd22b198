// The `?` dialog listing every canvas shortcut.
import { useTranslation } from "react-i18next";
import { useEditorStore, useEditorStoreApi } from "../store";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? "⌘" : "Ctrl";

const rows: [key: string, keys: string][] = [
  ["delete", "Delete / Backspace"],
  ["copy", `${mod} + C`],
  ["paste", `${mod} + V`],
  ["duplicate", `${mod} + D`],
  ["undo", `${mod} + Z`],
  ["redo", `${mod} + Shift + Z / ${mod} + Y`],
  ["find", `${mod} + F`],
  ["selectAll", `${mod} + A`],
  ["help", "?"],
];

export function ShortcutsHelp() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  const open = useEditorStore((s) => s.shortcutsOpen);
  if (!open) return null;
  const close = () => store.getState().setShortcutsOpen(false);
  return (
    <div className="hs-shortcuts-backdrop" onClick={close}>
      <div
        className="hs-shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="hs-shortcuts-title"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="hs-shortcuts-head">
          <h2 id="hs-shortcuts-title">{t("shortcuts.title")}</h2>
          <button
            type="button"
            className="hs-icon-button"
            aria-label={t("shortcuts.close")}
            onClick={close}
            // biome-ignore lint/a11y/noAutofocus: the dialog should take focus so Escape closes it
            autoFocus
          >
            ×
          </button>
        </div>
        <dl>
          {rows.map(([key, keys]) => (
            <div key={key} className="hs-shortcut">
              <dt>{t(`shortcuts.${key}`)}</dt>
              <dd>
                <kbd>{keys}</kbd>
              </dd>
            </div>
          ))}
          <div className="hs-shortcut">
            <dt>{t("shortcuts.pan")}</dt>
            <dd>
              <kbd>{t("shortcuts.panKeys")}</kbd>
            </dd>
          </div>
          <div className="hs-shortcut">
            <dt>{t("shortcuts.zoom")}</dt>
            <dd>
              <kbd>{t("shortcuts.zoomKeys")}</kbd>
            </dd>
          </div>
          <div className="hs-shortcut">
            <dt>{t("shortcuts.multiSelect")}</dt>
            <dd>
              <kbd>{t("shortcuts.multiSelectKeys")}</kbd>
            </dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
