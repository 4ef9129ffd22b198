// How a free-text answer is checked: any, number (range, whole), mobile, email, date, or a regex with a live test.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { safeRegex } from "../../../shared/engine/regex";
import type { InputValidator, ValidatorType } from "../../../shared/schema";
import { regexError } from "../../../shared/validate/checkRegexes";
import { Field, NumberInput } from "../fields";

const validatorTypes: ValidatorType[] = ["any", "number", "mobile", "email", "date", "regex"];

function blankValidator(type: ValidatorType): InputValidator {
  switch (type) {
    case "number":
      return { type, integer: false };
    case "regex":
      return { type, pattern: ".+", flags: "" };
    default:
      return { type };
  }
}

export function ValidatorEditor({
  validator,
  onChange,
}: {
  validator: InputValidator;
  onChange: (validator: InputValidator) => void;
}) {
  const { t } = useTranslation("inspector");
  return (
    <>
      <Field label={t("validator")} hint={t(`validatorHint.${validator.type}`)}>
        <select
          value={validator.type}
          onChange={(e) => onChange(blankValidator(e.target.value as ValidatorType))}
        >
          {validatorTypes.map((type) => (
            <option key={type} value={type}>
              {t(`validatorType.${type}`)}
            </option>
          ))}
        </select>
      </Field>
      {validator.type === "number" ? (
        <div className="field-row">
          <Field label={t("min")}>
            <NumberInput
              value={validator.min}
              allowEmpty
              onChange={(min) => onChange({ ...validator, min })}
            />
          </Field>
          <Field label={t("max")}>
            <NumberInput
              value={validator.max}
              allowEmpty
              onChange={(max) => onChange({ ...validator, max })}
            />
          </Field>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={validator.integer}
              onChange={(e) => onChange({ ...validator, integer: e.target.checked })}
            />
            {t("integerOnly")}
          </label>
        </div>
      ) : null}
      {validator.type === "regex" ? (
        <RegexEditor validator={validator} onChange={onChange} />
      ) : null}
    </>
  );
}

function RegexEditor({
  validator,
  onChange,
}: {
  validator: Extract<InputValidator, { type: "regex" }>;
  onChange: (validator: InputValidator) => void;
}) {
  const { t, i18n } = useTranslation("inspector");
  const [sample, setSample] = useState("");
  // As the engine sees it: a refused pattern never matches, and a doubtful one runs in linear
  // time, so typing a long sample cannot freeze the tab either.
  const refusal = regexError(validator.pattern, validator.flags);
  const error = refusal ? (i18n.language === "en" ? refusal.en : refusal.zh) : null;
  const regex = refusal ? null : safeRegex(validator.pattern, validator.flags);
  const result = regex && sample ? regex.test(sample) : null;
  return (
    <>
      <div className="field-row">
        <Field label={t("regexPattern")} error={error ? t("regexInvalid", { error }) : null}>
          <input
            className="mono"
            value={validator.pattern}
            onChange={(e) => onChange({ ...validator, pattern: e.target.value })}
          />
        </Field>
        <Field label={t("regexFlags")}>
          <input
            className="mono narrow"
            value={validator.flags}
            placeholder="i"
            onChange={(e) =>
              onChange({ ...validator, flags: e.target.value.replace(/[^dgimsuvy]/g, "") })
            }
          />
        </Field>
      </div>
      <Field label={t("regexTest")} hint={t("regexTestHint")}>
        <input value={sample} onChange={(e) => setSample(e.target.value)} />
      </Field>
      {result === null ? null : (
        <div className={`test-result ${result ? "ok" : "bad"}`}>
          {result ? t("regexMatches") : t("regexNoMatch")}
        </div>
      )}
    </>
  );
}
