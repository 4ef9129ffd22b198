// end node: nothing to set; says what happens next.
import { useTranslation } from "react-i18next";
import type { FormProps } from "./formProps";

export function EndForm(_props: FormProps<"end">) {
  const { t } = useTranslation("inspector");
  return <p className="note">{t("endNote")}</p>;
}
