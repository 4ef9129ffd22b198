// 中文 / English switch shown on every page.
import { useTranslation } from "react-i18next";
import { type Language, setLanguage } from "../i18n";

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const current: Language = i18n.language === "en" ? "en" : "zh";
  return (
    <fieldset className="lang-switch" aria-label="Language">
      <button
        className={current === "zh" ? "active" : ""}
        aria-pressed={current === "zh"}
        onClick={() => setLanguage("zh")}
      >
        中文
      </button>
      <button
        className={current === "en" ? "active" : ""}
        aria-pressed={current === "en"}
        onClick={() => setLanguage("en")}
      >
        English
      </button>
    </fieldset>
  );
}
