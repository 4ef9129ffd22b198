// Small form pieces every inspector form uses, so spacing and hints look the same everywhere.
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

export function Field({
  label,
  hint,
  children,
  error,
}: {
  label: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  error?: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is passed in as children
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {error ? <span className="field-error">{error}</span> : null}
      {hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}

/** A group heading inside a form, with optional actions on the right. */
export function Section({
  title,
  actions,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="insp-section">
      <div className="insp-section-head">
        <h3>{title}</h3>
        {actions ? <div className="insp-section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function NumberInput({
  value,
  onChange,
  min,
  max,
  step,
  placeholder,
  allowEmpty,
  ...rest
}: {
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  placeholder?: string;
  allowEmpty?: boolean;
  "aria-label"?: string;
}) {
  // Keep what is typed ("-", "1.") while it is not yet a number.
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (value === undefined ? "" : String(value));
  return (
    <input
      type="number"
      inputMode="decimal"
      value={shown}
      min={min}
      max={max}
      step={step}
      placeholder={placeholder}
      aria-label={rest["aria-label"]}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        if (text.trim() === "") {
          if (allowEmpty) onChange(undefined);
          return;
        }
        const n = Number(text);
        if (Number.isFinite(n)) onChange(n);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}

/** Move up, move down and remove buttons for one item of a list. */
export function ItemControls({
  index,
  count,
  onMove,
  onRemove,
  minCount = 0,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
  minCount?: number;
}) {
  const { t } = useTranslation("inspector");
  return (
    <div className="item-controls">
      <button
        className="icon-btn"
        title={t("moveUp")}
        aria-label={t("moveUp")}
        disabled={index === 0}
        onClick={(e) => {
          e.preventDefault();
          onMove(index, index - 1);
        }}
      >
        ↑
      </button>
      <button
        className="icon-btn"
        title={t("moveDown")}
        aria-label={t("moveDown")}
        disabled={index === count - 1}
        onClick={(e) => {
          e.preventDefault();
          onMove(index, index + 1);
        }}
      >
        ↓
      </button>
      <button
        className="icon-btn icon-btn-danger"
        title={t("remove")}
        aria-label={t("remove")}
        disabled={count <= minCount}
        onClick={(e) => {
          e.preventDefault();
          onRemove();
        }}
      >
        ×
      </button>
    </div>
  );
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** Words as removable chips; Enter or a comma adds the typed word. */
export function TagInput({
  values,
  onChange,
  placeholder,
}: {
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState("");
  function addWords(text: string) {
    const words = text
      .split(/[,，、]/)
      .map((w) => w.trim())
      .filter((w, i, all) => w && !values.includes(w) && all.indexOf(w) === i);
    if (words.length) onChange([...values, ...words]);
    setDraft("");
  }
  return (
    <div className="tag-input">
      {values.map((v) => (
        <span key={v} className="tag-chip">
          {v}
          <button
            aria-label={`× ${v}`}
            onClick={(e) => {
              e.preventDefault();
              onChange(values.filter((x) => x !== v));
            }}
          >
            ×
          </button>
        </span>
      ))}
      <input
        value={draft}
        placeholder={placeholder}
        onChange={(e) => {
          const text = e.target.value;
          if (/[,，、]/.test(text)) addWords(text);
          else setDraft(text);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            addWords(draft);
          } else if (e.key === "Backspace" && draft === "" && values.length) {
            onChange(values.slice(0, -1));
          }
        }}
        onBlur={() => addWords(draft)}
      />
    </div>
  );
}
