// Declared flow variables: name, type and default, so templates and conditions can refer to them.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { templateVariables } from "../../shared/engine/template";
import { type Variable, variableNameSchema, variableTypes } from "../../shared/schema";
import { useCoalescedEdits } from "../inspector/useCoalescedEdits";
import { useEditorStore, useEditorStoreApi } from "../store";

type VariableType = (typeof variableTypes)[number];

function defaultFor(type: VariableType, text: string): Variable["default"] {
  if (text === "") return undefined;
  if (type === "number") {
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  if (type === "boolean") return text === "true";
  return text;
}

export function VariablesPanel() {
  const { t } = useTranslation("inspector");
  const store = useEditorStoreApi();
  const variables = useEditorStore((s) => s.meta.variables);
  const [draft, setDraft] = useState("");
  const draftError =
    draft && !variableNameSchema.safeParse(draft).success
      ? t("variableNameInvalid")
      : variables.some((v) => v.name === draft)
        ? t("variableExists")
        : null;

  const coalesce = useCoalescedEdits();
  function setVariables(next: Variable[], key = "meta:variables") {
    coalesce(key, () => store.getState().setMeta({ variables: next }));
  }
  function update(index: number, patch: Partial<Variable>) {
    setVariables(
      variables.map((v, i) => (i === index ? { ...v, ...patch } : v)),
      `variable:${index}:${Object.keys(patch).join(",")}`,
    );
  }
  function add() {
    if (!draft || draftError) return;
    setVariables([...variables, { name: draft, type: "string" }]);
    setDraft("");
  }

  return (
    <div className="panel" data-testid="variables-panel">
      <p className="panel-lead">{t("variablesLead")}</p>
      <div className="add-row">
        <input
          className="mono grow"
          value={draft}
          placeholder={t("newVariablePlaceholder")}
          aria-label={t("variableName")}
          onChange={(e) => setDraft(e.target.value.trim())}
          onKeyDown={(e) => {
            if (e.key === "Enter") add();
          }}
        />
        <button
          className="btn btn-primary btn-small"
          disabled={!draft || Boolean(draftError)}
          onClick={add}
        >
          {t("addVariable")}
        </button>
      </div>
      {draftError ? <div className="field-error">{draftError}</div> : null}
      {variables.length === 0 ? (
        <div className="empty small">{t("noVariablesDeclared")}</div>
      ) : (
        <table className="var-table">
          <thead>
            <tr>
              <th>{t("variableName")}</th>
              <th>{t("variableType")}</th>
              <th>{t("variableDefault")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {variables.map((v, index) => (
              <tr key={v.name}>
                <td className="mono">{`{{${v.name}}}`}</td>
                <td>
                  <select
                    value={v.type}
                    aria-label={t("variableType")}
                    onChange={(e) => {
                      const type = e.target.value as VariableType;
                      update(index, {
                        type,
                        default: defaultFor(type, v.default === undefined ? "" : String(v.default)),
                      });
                    }}
                  >
                    {variableTypes.map((type) => (
                      <option key={type} value={type}>
                        {t(`varType.${type}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {v.type === "boolean" ? (
                    <select
                      value={v.default === undefined ? "" : String(v.default)}
                      aria-label={t("variableDefault")}
                      onChange={(e) =>
                        update(index, { default: defaultFor("boolean", e.target.value) })
                      }
                    >
                      <option value="">—</option>
                      <option value="true">{t("boolTrue")}</option>
                      <option value="false">{t("boolFalse")}</option>
                    </select>
                  ) : (
                    <input
                      value={v.default === undefined ? "" : String(v.default)}
                      inputMode={v.type === "number" ? "decimal" : undefined}
                      aria-label={t("variableDefault")}
                      placeholder={t("noDefault")}
                      onChange={(e) =>
                        update(index, { default: defaultFor(v.type, e.target.value) })
                      }
                    />
                  )}
                </td>
                <td>
                  <button
                    className="icon-btn icon-btn-danger"
                    aria-label={t("remove")}
                    onClick={() => setVariables(variables.filter((_, i) => i !== index))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <UndeclaredVariables
        declared={variables.map((v) => v.name)}
        onDeclare={(name) => setVariables([...variables, { name, type: "string" }])}
      />
    </div>
  );
}

/** Names used in `{{…}}` templates or as answer targets that nobody declared yet: one click declares. */
function UndeclaredVariables({
  declared,
  onDeclare,
}: {
  declared: string[];
  onDeclare: (name: string) => void;
}) {
  const { t } = useTranslation("inspector");
  const nodes = useEditorStore((s) => s.nodes);
  const used = new Set<string>();
  for (const { data } of nodes) {
    const texts: string[] = [];
    if (data.kind === "message") {
      for (const m of data.messages) if (m.type === "text") texts.push(m.text);
    } else if (data.kind === "question") {
      texts.push(data.prompt);
      if (data.answer.type === "input") used.add(data.answer.variable);
      else if (data.answer.saveTo) used.add(data.answer.saveTo);
    } else if (data.kind === "set") {
      for (const a of data.assignments) {
        if (a.variable) used.add(a.variable);
        texts.push(a.value);
      }
    } else if (data.kind === "http") {
      texts.push(data.url, data.body);
      for (const m of data.responseMappings) if (m.variable) used.add(m.variable);
      if (data.statusVariable) used.add(data.statusVariable);
    } else if (data.kind === "condition") {
      for (const b of data.branches) {
        for (const r of b.rules) if (r.left.type === "variable") used.add(r.left.name);
      }
    } else if (data.kind === "handoff") {
      texts.push(data.reason);
    }
    for (const text of texts) for (const name of templateVariables(text)) used.add(name);
  }
  const missing = [...used].filter(
    (name) => !declared.includes(name) && variableNameSchema.safeParse(name).success,
  );
  if (missing.length === 0) return null;
  return (
    <div className="undeclared">
      <div className="field-label">{t("undeclared")}</div>
      <div className="chips">
        {missing.map((name) => (
          <button key={name} className="chip chip-action" onClick={() => onDeclare(name)}>
            + {name}
          </button>
        ))}
      </div>
    </div>
  );
}
