// Ctrl+F find: searches node labels and text; Enter moves to the next match and centres it.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useEditorStore, useEditorStoreApi } from "../store";

export function FindBox() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  const open = useEditorStore((s) => s.findOpen);
  const query = useEditorStore((s) => s.findQuery);
  const total = useEditorStore((s) => s.findMatches.length);
  const active = useEditorStore((s) => s.findActive);
  const input = useRef<HTMLInputElement>(null);
  const openCount = useRef(0);

  useEffect(() => {
    if (open) {
      openCount.current += 1;
      input.current?.focus();
      input.current?.select();
    }
  }, [open]);

  if (!open) return null;
  const s = () => store.getState();
  return (
    <div className="hs-find">
      <svg
        width="16"
        height="16"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <circle cx="11" cy="11" r="7" />
        <path d="M20 20l-4-4" />
      </svg>
      <input
        ref={input}
        value={query}
        placeholder={t("find.placeholder")}
        aria-label={t("find.placeholder")}
        onChange={(e) => s().setFindQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            s().findStep(e.shiftKey ? -1 : 1);
          } else if (e.key === "Escape") {
            e.preventDefault();
            s().setFindOpen(false);
          }
        }}
      />
      <span className="hs-find-count" aria-live="polite">
        {query.trim()
          ? total
            ? t("find.count", { current: active < 0 ? 0 : active + 1, total })
            : t("find.none")
          : ""}
      </span>
      <button
        type="button"
        className="hs-icon-button"
        title={t("find.previous")}
        aria-label={t("find.previous")}
        disabled={total === 0}
        onClick={() => s().findStep(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="hs-icon-button"
        title={t("find.next")}
        aria-label={t("find.next")}
        disabled={total === 0}
        onClick={() => s().findStep(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="hs-icon-button"
        title={t("find.close")}
        aria-label={t("find.close")}
        onClick={() => s().setFindOpen(false)}
      >
        ×
      </button>
    </div>
  );
}
