// The menu as a follower sees it: a WeChat chat with the menu bar at its foot and the open sub-menu above.
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import { MENU_LIMITS, type MenuProblem } from "../../shared/menu";
import { findButton, type MenuEditorStore } from "./menuStore";
import "../simulator/simulator.css";

export function MenuPhone({
  store,
  problems,
}: {
  store: MenuEditorStore;
  problems: MenuProblem[];
}) {
  const { t } = useTranslation("menu");
  const menu = useStore(store, (s) => s.menu);
  const selectedId = useStore(store, (s) => s.selectedId);
  const at = selectedId ? findButton(menu, selectedId) : null;
  // The sub-menu of the selected top button, or of the selected sub-button's parent, stays open.
  const openIndex = at?.top ?? null;
  const erring = new Set(problems.filter((p) => p.severity === "error").map((p) => p.buttonId));
  const select = (id: string) => store.getState().select(id);

  return (
    <div className="wx-phone menu-phone" data-testid="menu-phone">
      <div className="wx-titlebar">
        <span className="wx-back">‹</span>
        <span className="wx-title">{t("phoneTitle")}</span>
        <span className="wx-more">⋯</span>
      </div>
      <div className="wx-chat menu-phone-chat">
        <div className="wx-system">
          <span>{t("phoneHint")}</span>
        </div>
      </div>
      <div className="wx-menubar menu-phone-bar" data-testid="menu-bar">
        <span className="wx-menubar-kbd">⌨</span>
        {menu.buttons.map((button, index) => (
          <div key={button.id} className="menu-phone-slot">
            {openIndex === index ? (
              <div className="menu-sub" data-testid="menu-sub">
                {button.children.map((child) => (
                  <button
                    key={child.id}
                    type="button"
                    data-testid="menu-sub-button"
                    className={`menu-sub-btn${child.id === selectedId ? " is-selected" : ""}${erring.has(child.id) ? " has-error" : ""}`}
                    onClick={() => select(child.id)}
                  >
                    {child.name || t("unnamed")}
                  </button>
                ))}
                {button.children.length < MENU_LIMITS.subButtons ? (
                  <button
                    type="button"
                    className="menu-sub-btn menu-add"
                    data-testid="menu-add-child"
                    aria-label={t("addChild")}
                    title={t("addChild")}
                    onClick={() => store.getState().addChild(button.id, t("newChildName"))}
                  >
                    +
                  </button>
                ) : null}
              </div>
            ) : null}
            <button
              type="button"
              data-testid="menu-top-button"
              className={`wx-menubar-btn menu-top-btn${button.id === selectedId ? " is-selected" : ""}${erring.has(button.id) ? " has-error" : ""}`}
              onClick={() => select(button.id)}
            >
              {button.children.length > 0 ? (
                <span className="menu-parent-mark" title={t("parentMark")}>
                  ≡
                </span>
              ) : null}
              {button.name || t("unnamed")}
            </button>
          </div>
        ))}
        {menu.buttons.length < MENU_LIMITS.topButtons ? (
          <button
            type="button"
            className="wx-menubar-btn menu-add"
            data-testid="menu-add-button"
            aria-label={t("addButton")}
            title={t("addButton")}
            onClick={() => store.getState().addButton(t("newButtonName"))}
          >
            +
          </button>
        ) : null}
      </div>
    </div>
  );
}
