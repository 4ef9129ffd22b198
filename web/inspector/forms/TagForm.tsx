// tag node: follower tags to add and to remove.
import { useTranslation } from "react-i18next";
import { Field, TagInput } from "../fields";
import type { FormProps } from "./formProps";

export function TagForm({ node, change }: FormProps<"tag">) {
  const { t } = useTranslation("inspector");
  return (
    <>
      <Field label={t("tagsAdd")} hint={t("tagsHint")}>
        <TagInput
          values={node.add}
          placeholder={t("tagPlaceholder")}
          onChange={(add) => change({ add })}
        />
      </Field>
      <Field label={t("tagsRemove")}>
        <TagInput
          values={node.remove}
          placeholder={t("tagPlaceholder")}
          onChange={(remove) => change({ remove })}
        />
      </Field>
    </>
  );
}
