// question node: the prompt, then options (with synonyms) or free input checked by a validator.
import { useTranslation } from "react-i18next";
import type { QuestionNode, QuestionOption } from "../../../shared/schema";
import { questionText } from "../../../shared/validate/questionText";
import {
  Field,
  ItemControls,
  moveItem,
  NumberInput,
  removeAt,
  replaceAt,
  Section,
  TagInput,
} from "../fields";
import { useInspector } from "../InspectorContext";
import { TemplateText, VariableInput } from "../TemplateText";
import type { FormProps } from "./formProps";
import { ValidatorEditor } from "./ValidatorEditor";

type OptionsAnswer = Extract<QuestionNode["answer"], { type: "options" }>;
type InputAnswer = Extract<QuestionNode["answer"], { type: "input" }>;

export function QuestionForm({ node, change }: FormProps<"question">) {
  const { t } = useTranslation("inspector");
  const { makeId } = useInspector();
  const answer = node.answer;

  function switchAnswerType(type: "options" | "input") {
    if (type === answer.type) return;
    if (type === "options") {
      change({
        answer: {
          type: "options",
          display: "numbered",
          options: [{ id: makeId("opt"), label: t("defaultOption"), synonyms: [] }],
        },
      });
    } else {
      change({ answer: { type: "input", variable: "answer", validator: { type: "any" } } });
    }
  }

  return (
    <>
      <Field label={t("prompt")} hint={t("promptHint")}>
        <TemplateText
          value={node.prompt}
          rows={3}
          counter
          countText={questionText(node)}
          ariaLabel={t("prompt")}
          testId="question-prompt"
          onChange={(prompt) => change({ prompt })}
        />
      </Field>
      <div className="field">
        <span className="field-label">{t("answerType")}</span>
        <div className="segmented">
          <button
            className={answer.type === "options" ? "active" : ""}
            onClick={() => switchAnswerType("options")}
          >
            {t("answerOptions")}
          </button>
          <button
            className={answer.type === "input" ? "active" : ""}
            onClick={() => switchAnswerType("input")}
          >
            {t("answerInput")}
          </button>
        </div>
      </div>
      {answer.type === "options" ? (
        <OptionsEditor answer={answer} onChange={(next) => change({ answer: next })} />
      ) : (
        <InputEditor answer={answer} onChange={(next) => change({ answer: next })} />
      )}
      <Field label={t("reprompt")} hint={t("repromptHint")}>
        <textarea
          rows={2}
          value={node.reprompt}
          onChange={(e) => change({ reprompt: e.target.value })}
        />
      </Field>
      <Field label={t("maxRetries")} hint={t("maxRetriesHint")}>
        <NumberInput
          value={node.maxRetries}
          min={0}
          max={10}
          onChange={(v) => change({ maxRetries: Math.min(10, Math.max(0, Math.round(v ?? 0))) })}
        />
      </Field>
    </>
  );
}

function OptionsEditor({
  answer,
  onChange,
}: {
  answer: OptionsAnswer;
  onChange: (answer: OptionsAnswer) => void;
}) {
  const { t } = useTranslation("inspector");
  const { makeId } = useInspector();
  const options = answer.options;
  const setOptions = (next: QuestionOption[]) => onChange({ ...answer, options: next });
  return (
    <>
      <Section
        title={t("options")}
        actions={
          <button
            className="btn btn-small"
            onClick={() =>
              setOptions([
                ...options,
                {
                  id: makeId("opt"),
                  label: t("optionN", { n: options.length + 1 }),
                  synonyms: [],
                },
              ])
            }
          >
            {t("addOption")}
          </button>
        }
      >
        <p className="section-hint">{t("optionsHint")}</p>
        {options.map((option, index) => (
          <div className="item-card" key={option.id} data-testid="option-item">
            <div className="item-card-head">
              <span className="item-index">{index + 1}</span>
              <input
                className="grow"
                value={option.label}
                aria-label={t("optionLabel")}
                placeholder={t("optionLabel")}
                onChange={(e) =>
                  setOptions(replaceAt(options, index, { ...option, label: e.target.value }))
                }
              />
              <ItemControls
                index={index}
                count={options.length}
                minCount={1}
                onMove={(from, to) => setOptions(moveItem(options, from, to))}
                onRemove={() => setOptions(removeAt(options, index))}
              />
            </div>
            <TagInput
              values={option.synonyms}
              placeholder={t("synonymsPlaceholder")}
              onChange={(synonyms) =>
                setOptions(replaceAt(options, index, { ...option, synonyms }))
              }
            />
          </div>
        ))}
      </Section>
      <div className="field">
        <span className="field-label">{t("display")}</span>
        <div className="segmented">
          <button
            className={answer.display === "numbered" ? "active" : ""}
            onClick={() => onChange({ ...answer, display: "numbered" })}
          >
            {t("displayNumbered")}
          </button>
          <button
            className={answer.display === "menu" ? "active" : ""}
            onClick={() => onChange({ ...answer, display: "menu" })}
          >
            {t("displayMenu")}
          </button>
        </div>
        <span className="field-hint">
          {answer.display === "menu" ? t("displayMenuHint") : t("displayNumberedHint")}
        </span>
      </div>
      <Field label={t("saveTo")} hint={t("saveToHint")}>
        <VariableInput
          value={answer.saveTo ?? ""}
          placeholder={t("optionalVariable")}
          onChange={(v) => onChange({ ...answer, saveTo: v || undefined })}
        />
      </Field>
    </>
  );
}

function InputEditor({
  answer,
  onChange,
}: {
  answer: InputAnswer;
  onChange: (answer: InputAnswer) => void;
}) {
  const { t } = useTranslation("inspector");
  return (
    <>
      <Field label={t("inputVariable")} hint={t("inputVariableHint")}>
        <VariableInput
          value={answer.variable}
          onChange={(variable) => onChange({ ...answer, variable })}
        />
      </Field>
      <ValidatorEditor
        validator={answer.validator}
        onChange={(validator) => onChange({ ...answer, validator })}
      />
    </>
  );
}
