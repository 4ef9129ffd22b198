// set node: assign, add to or clear variables.
import { useTranslation } from "react-i18next";
import type { Assignment } from "../../../shared/schema";
import { ItemControls, moveItem, removeAt, replaceAt, Section } from "../fields";
import { VariableInput } from "../TemplateText";
import type { FormProps } from "./formProps";

export function SetForm({ node, change }: FormProps<"set">) {
  const { t } = useTranslation("inspector");
  const list = node.assignments;
  const setList = (assignments: Assignment[]) => change({ assignments });
  return (
    <Section
      title={t("assignments")}
      actions={
        <button
          className="btn btn-small"
          onClick={() => setList([...list, { variable: "", op: "set", value: "" }])}
        >
          {t("addAssignment")}
        </button>
      }
    >
      <p className="section-hint">{t("assignmentsHint")}</p>
      {list.map((a, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: assignments have no id
        <div className="item-card" key={index}>
          <div className="item-card-head">
            <VariableInput
              value={a.variable}
              placeholder={t("variableName")}
              ariaLabel={t("variableName")}
              onChange={(variable) => setList(replaceAt(list, index, { ...a, variable }))}
            />
            <select
              value={a.op}
              aria-label={t("assignOp")}
              onChange={(e) =>
                setList(replaceAt(list, index, { ...a, op: e.target.value as Assignment["op"] }))
              }
            >
              <option value="set">{t("assign.set")}</option>
              <option value="add">{t("assign.add")}</option>
              <option value="clear">{t("assign.clear")}</option>
            </select>
            <ItemControls
              index={index}
              count={list.length}
              minCount={1}
              onMove={(from, to) => setList(moveItem(list, from, to))}
              onRemove={() => setList(removeAt(list, index))}
            />
          </div>
          {a.op === "clear" ? null : (
            <input
              value={a.value}
              placeholder={a.op === "add" ? "1" : t("assignValuePlaceholder")}
              aria-label={t("assignValue")}
              onChange={(e) => setList(replaceAt(list, index, { ...a, value: e.target.value }))}
            />
          )}
        </div>
      ))}
    </Section>
  );
}
