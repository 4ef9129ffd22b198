// What stands between the draft and WeChat: errors block publishing, warnings do not; each opens its button.
import { useTranslation } from "react-i18next";
import { type MenuProblem, menuProblemCatalog } from "../../shared/menu";

export function MenuProblems({
  problems,
  onOpen,
}: {
  problems: MenuProblem[];
  onOpen: (problem: MenuProblem) => void;
}) {
  const { t, i18n } = useTranslation("menu");
  const en = i18n.language === "en";
  if (problems.length === 0) {
    return (
      <p className="menu-problems-none" data-testid="menu-problems-none">
        ✓ {t("problemsNone")}
      </p>
    );
  }
  const sorted = [
    ...problems.filter((p) => p.severity === "error"),
    ...problems.filter((p) => p.severity === "warning"),
  ];
  return (
    <ul className="problem-list" data-testid="menu-problems">
      {sorted.map((p, index) => {
        const title = menuProblemCatalog[p.code].title;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id; the list is rebuilt whole
          <li key={index}>
            <button
              type="button"
              className={`problem problem-${p.severity}`}
              data-testid="menu-problem"
              data-code={p.code}
              disabled={!p.buttonId}
              onClick={() => onOpen(p)}
            >
              <span className={`sev sev-${p.severity}`}>
                {p.severity === "error" ? t("error") : t("warning")}
              </span>
              <span className="problem-body">
                <span className="problem-title">{en ? title.en : title.zh}</span>
                <span className="problem-text">{en ? p.message.en : p.message.zh}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
