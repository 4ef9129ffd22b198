// One line naming a menu's buttons, for the list of published versions: 「课程咨询」「更多（3 个子菜单）」.
import type { TFunction } from "i18next";
import type { MenuDocument } from "../../shared/menu";

export function menuSummary(menu: MenuDocument, t: TFunction<"menu">): string {
  if (menu.buttons.length === 0) return t("summaryEmpty");
  return menu.buttons
    .map((button) => {
      const name = button.name || t("unnamed");
      return button.children.length > 0
        ? t("summaryParent", { name, count: button.children.length })
        : t("summaryButton", { name });
    })
    .join(t("summarySeparator"));
}
