// A text area for templated text with an "插入变量" picker that puts {{name}} at the cursor.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ByteCounter } from "./ByteCounter";
import { useInspector } from "./InspectorContext";

interface TemplateTextProps {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  rows?: number;
  /** Show the WeChat byte counter under the box (text messages, prompts). */
  counter?: boolean;
  /** Text the counter measures when it is more than the box (a question's options). */
  countText?: string;
  ariaLabel?: string;
  testId?: string;
}

export function TemplateText({
  value,
  onChange,
  placeholder,
  rows = 3,
  counter,
  countText,
  ariaLabel,
  testId,
}: TemplateTextProps) {
  const { t } = useTranslation("inspector");
  const { variables } = useInspector();
  const area = useRef<HTMLTextAreaElement>(null);
  const [open, setOpen] = useState(false);
  const pendingCursor = useRef<number | null>(null);

  useEffect(() => {
    if (pendingCursor.current !== null && area.current) {
      area.current.focus();
      area.current.setSelectionRange(pendingCursor.current, pendingCursor.current);
      pendingCursor.current = null;
    }
  });

  function insert(name: string) {
    const el = area.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const token = `{{${name}}}`;
    pendingCursor.current = start + token.length;
    onChange(value.slice(0, start) + token + value.slice(end));
    setOpen(false);
  }

  return (
    <div className="template-text">
      <textarea
        ref={area}
        value={value}
        rows={rows}
        placeholder={placeholder}
        aria-label={ariaLabel}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="template-text-bar">
        <div className="var-picker">
          <button
            className="link-btn"
            onMouseDown={(e) => e.preventDefault()}
            onClick={(e) => {
              e.preventDefault();
              setOpen((o) => !o);
            }}
          >
            {t("insertVariable")}
          </button>
          {open ? (
            <div className="var-menu" role="menu">
              {variables.length === 0 ? (
                <div className="var-menu-empty">{t("noVariables")}</div>
              ) : (
                variables.map((name) => (
                  <button
                    key={name}
                    role="menuitem"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={(e) => {
                      e.preventDefault();
                      insert(name);
                    }}
                  >
                    {`{{${name}}}`}
                  </button>
                ))
              )}
            </div>
          ) : null}
        </div>
        {counter ? <ByteCounter text={countText ?? value} /> : null}
      </div>
    </div>
  );
}

/** A variable name field suggesting the declared variables (a new name is allowed, and warned about). */
export function VariableInput({
  value,
  onChange,
  placeholder,
  ariaLabel,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  ariaLabel?: string;
}) {
  return (
    <input
      className="mono"
      list={VARIABLE_LIST_ID}
      value={value}
      placeholder={placeholder}
      aria-label={ariaLabel}
      onChange={(e) => onChange(e.target.value.trim())}
    />
  );
}

export const VARIABLE_LIST_ID = "huashu-variable-names";

/** The suggestions behind every VariableInput; rendered once by the inspector. */
export function VariableSuggestions() {
  const { variables } = useInspector();
  return (
    <datalist id={VARIABLE_LIST_ID}>
      {variables.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}
