// condition node: ordered branches of rules over variables, follower attributes and time; else otherwise.
import { useTranslation } from "react-i18next";
import {
  type ConditionBranch,
  type ConditionOperator,
  type ConditionRule,
  conditionOperators,
  followerFields,
  type Operand,
  timeFields,
} from "../../../shared/schema";
import { ItemControls, moveItem, removeAt, replaceAt, Section } from "../fields";
import { useInspector } from "../InspectorContext";
import { VariableInput } from "../TemplateText";
import type { FormProps } from "./formProps";

const noValueOps: ConditionOperator[] = ["isEmpty", "notEmpty"];

function defaultRule(): ConditionRule {
  return { left: { type: "variable", name: "answer" }, op: "eq", value: "" };
}

export function ConditionForm({ node, change }: FormProps<"condition">) {
  const { t } = useTranslation("inspector");
  const { makeId } = useInspector();
  const branches = node.branches;
  const setBranches = (next: ConditionBranch[]) => change({ branches: next });
  return (
    <Section
      title={t("branches")}
      actions={
        <button
          className="btn btn-small"
          onClick={() =>
            setBranches([
              ...branches,
              {
                id: makeId("br"),
                label: t("branchN", { n: branches.length + 1 }),
                match: "all",
                rules: [defaultRule()],
              },
            ])
          }
        >
          {t("addBranch")}
        </button>
      }
    >
      <p className="section-hint">{t("conditionHint")}</p>
      {branches.map((branch, index) => (
        <div className="item-card" key={branch.id}>
          <div className="item-card-head">
            <span className="item-index">{index + 1}</span>
            <input
              className="grow"
              value={branch.label}
              placeholder={t("branchLabel")}
              aria-label={t("branchLabel")}
              onChange={(e) =>
                setBranches(replaceAt(branches, index, { ...branch, label: e.target.value }))
              }
            />
            <ItemControls
              index={index}
              count={branches.length}
              minCount={1}
              onMove={(from, to) => setBranches(moveItem(branches, from, to))}
              onRemove={() => setBranches(removeAt(branches, index))}
            />
          </div>
          <div className="match-line">
            <span>{t("matchPrefix")}</span>
            <select
              value={branch.match}
              onChange={(e) =>
                setBranches(
                  replaceAt(branches, index, { ...branch, match: e.target.value as "all" | "any" }),
                )
              }
            >
              <option value="all">{t("matchAll")}</option>
              <option value="any">{t("matchAny")}</option>
            </select>
            <span>{t("matchSuffix")}</span>
          </div>
          {branch.rules.map((rule, ruleIndex) => (
            <RuleEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: rules have no id
              key={ruleIndex}
              rule={rule}
              canRemove={branch.rules.length > 1}
              onChange={(next) =>
                setBranches(
                  replaceAt(branches, index, {
                    ...branch,
                    rules: replaceAt(branch.rules, ruleIndex, next),
                  }),
                )
              }
              onRemove={() =>
                setBranches(
                  replaceAt(branches, index, {
                    ...branch,
                    rules: removeAt(branch.rules, ruleIndex),
                  }),
                )
              }
            />
          ))}
          <button
            className="link-btn"
            onClick={() =>
              setBranches(
                replaceAt(branches, index, { ...branch, rules: [...branch.rules, defaultRule()] }),
              )
            }
          >
            {t("addRule")}
          </button>
        </div>
      ))}
      <div className="else-note">{t("elseNote")}</div>
    </Section>
  );
}

function operandKey(operand: Operand): string {
  switch (operand.type) {
    case "variable":
      return "variable";
    case "follower":
      return `follower.${operand.field}`;
    case "time":
      return `time.${operand.field}`;
  }
}

function operandFromKey(key: string, previous: Operand): Operand {
  if (key === "variable") {
    return previous.type === "variable" ? previous : { type: "variable", name: "answer" };
  }
  const [type, field] = key.split(".");
  if (type === "follower") {
    return { type: "follower", field: field as (typeof followerFields)[number] };
  }
  return { type: "time", field: field as (typeof timeFields)[number] };
}

/**
 * The rule comparing another operand. Its value was written for the old one (a new condition's
 * 9-18 is an hour range): kept from one variable to another, cleared for a follower or time field.
 */
function withOperand(rule: ConditionRule, key: string): ConditionRule {
  const left = operandFromKey(key, rule.left);
  const kept = left.type === "variable" && rule.left.type === "variable";
  return { ...rule, left, value: kept ? rule.value : "" };
}

/** The segments the product brief defines, suggested where their fields are compared. */
const SEGMENT_HINTS = new Set<string>(["interactions", "silentDays"]);

function valuePlaceholder(rule: ConditionRule, t: (key: string) => string): string {
  if (rule.op === "between") return "9-18";
  if (rule.left.type === "follower" && SEGMENT_HINTS.has(rule.left.field)) {
    return t(`segmentHint.${rule.left.field}`);
  }
  return t("ruleValue");
}

function RuleEditor({
  rule,
  onChange,
  onRemove,
  canRemove,
}: {
  rule: ConditionRule;
  onChange: (rule: ConditionRule) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const { t } = useTranslation("inspector");
  return (
    <div className="rule">
      <select
        value={operandKey(rule.left)}
        aria-label={t("operand")}
        onChange={(e) => onChange(withOperand(rule, e.target.value))}
      >
        <option value="variable">{t("operandVariable")}</option>
        <optgroup label={t("operandFollower")}>
          {followerFields.map((f) => (
            <option key={f} value={`follower.${f}`}>
              {t(`followerField.${f}`)}
            </option>
          ))}
        </optgroup>
        <optgroup label={t("operandTime")}>
          {timeFields.map((f) => (
            <option key={f} value={`time.${f}`}>
              {t(`timeField.${f}`)}
            </option>
          ))}
        </optgroup>
      </select>
      {rule.left.type === "variable" ? (
        <VariableInput
          value={rule.left.name}
          ariaLabel={t("operandVariable")}
          onChange={(name) => onChange({ ...rule, left: { type: "variable", name } })}
        />
      ) : null}
      <select
        value={rule.op}
        aria-label={t("operator")}
        onChange={(e) => onChange({ ...rule, op: e.target.value as ConditionOperator })}
      >
        {conditionOperators.map((op) => (
          <option key={op} value={op}>
            {t(`op.${op}`)}
          </option>
        ))}
      </select>
      {noValueOps.includes(rule.op) ? null : (
        <input
          value={rule.value}
          aria-label={t("ruleValue")}
          placeholder={valuePlaceholder(rule, t)}
          onChange={(e) => onChange({ ...rule, value: e.target.value })}
        />
      )}
      <button
        className="icon-btn icon-btn-danger"
        aria-label={t("remove")}
        title={t("remove")}
        disabled={!canRemove}
        onClick={onRemove}
      >
        ×
      </button>
    </div>
  );
}
