// handoff node: why, how urgent, and optionally which WeChat customer-service account.
import { useTranslation } from "react-i18next";
import { type HandoffPriority, handoffPriorities } from "../../../shared/schema";
import { Field } from "../fields";
import { TemplateText } from "../TemplateText";
import type { FormProps } from "./formProps";

export function HandoffForm({ node, change }: FormProps<"handoff">) {
  const { t } = useTranslation("inspector");
  return (
    <>
      <Field label={t("handoffReason")} hint={t("handoffReasonHint")}>
        <TemplateText value={node.reason} rows={2} onChange={(reason) => change({ reason })} />
      </Field>
      <Field label={t("priority")}>
        <select
          value={node.priority}
          onChange={(e) => change({ priority: e.target.value as HandoffPriority })}
        >
          {handoffPriorities.map((p) => (
            <option key={p} value={p}>
              {t(`priorityLevel.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("kfAccount")} hint={t("kfAccountHint")}>
        <input
          className="mono"
          value={node.kfAccount ?? ""}
          placeholder="kf2001@gh_xxxx"
          onChange={(e) => change({ kfAccount: e.target.value || undefined })}
        />
      </Field>
    </>
  );
}
