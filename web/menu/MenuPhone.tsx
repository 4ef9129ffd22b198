// The menu as a follower sees it: a WeChat chat with the menu bar at its foot and the open sub-menu above.
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import { MENU_LIMITS, type MenuDocument, type MenuProblem } from "../../shared/menu";
import { findButton, type MenuEditorStore } from "./menuStore";
import "../simulator/simulator.css";

/** The page's phone: the draft, editable. */
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
  const erring = new Set(problems.filter((p) => p.severity === "error").map((p) => p.buttonId));
  return (
    <MenuPhoneView
      menu={menu}
      selectedId={selectedId}
      erring={erring}
      hint={t("phoneHint")}
      onSelect={(id) => store.getState().select(id)}
      onAddButton={() => store.getState().addButton(t("newButtonName"))}
      onAddChild={(parentId) => store.getState().addChild(parentId, t("newChildName"))}
    />
  );
}

interface MenuPhoneViewProps {
  menu: MenuDocument;
  selectedId: string | null;
  hint: string;
  onSelect: (id: string) => void;
  erring?: ReadonlySet<string | undefined>;
  /** Without these the phone is read-only: no + to add buttons. */
  onAddButton?: () => void;
  onAddChild?: (parentId: string) => void;
  /** A shorter phone, for a dialog. */
  compact?: boolean;
}

/** Any menu on the phone; the sub-menu of the selected button (or of its parent) is open. */
export function MenuPhoneView(props: MenuPhoneViewProps) {
  const { menu, selectedId, hint, onSelect, erring, onAddButton, onAddChild, compact } = props;
  const { t } = useTranslation("menu");
  const at = selectedId ? findButton(menu, selectedId) : null;
  const openIndex = at?.top ?? null;
  // Read-only, the selection only opens a sub-menu, as a follower's tap does: no editing outline.
  const outlined = onAddButton ? selectedId : null;
  const marks = (id: string) =>
    `${id === outlined ? " is-selected" : ""}${erring?.has(id) ? " has-error" : ""}`;

  return (
    <div className={`wx-phone menu-phone${compact ? " is-compact" : ""}`} data-testid="menu-phone">
      <div className="wx-titlebar">
        <span className="wx-back">‹</span>
        <span className="wx-title">{t("phoneTitle")}</span>
        <span className="wx-more">⋯</span>
      </div>
      <div className="wx-chat menu-phone-chat">
        <div className="wx-system">
          <span>{hint}</span>
        </div>
      </div>
      <div className="wx-menubar menu-phone-bar" data-testid="menu-bar">
        <span className="wx-menubar-kbd">⌨</span>
        {menu.buttons.map((button, index) => (
          <div key={button.id} className="menu-phone-slot">
            {openIndex === index && (button.children.length > 0 || onAddChild) ? (
              <div className="menu-sub" data-testid="menu-sub">
                {button.children.map((child) => (
                  <button
                    key={child.id}
                    type="button"
                    data-testid="menu-sub-button"
                    className={`menu-sub-btn${marks(child.id)}`}
                    onClick={() => onSelect(child.id)}
                  >
                    {child.name || t("unnamed")}
                  </button>
                ))}
                {onAddChild && button.children.length < MENU_LIMITS.subButtons ? (
                  <button
                    type="button"
                    className="menu-sub-btn menu-add"
                    data-testid="menu-add-child"
                    aria-label={t("addChild")}
                    title={t("addChild")}
                    onClick={() => onAddChild(button.id)}
                  >
                    +
                  </button>
                ) : null}
              </div>
            ) : null}
            <button
              type="button"
              data-testid="menu-top-button"
              className={`wx-menubar-btn menu-top-btn${marks(button.id)}`}
              onClick={() => onSelect(button.id)}
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
        {onAddButton && menu.buttons.length < MENU_LIMITS.topButtons ? (
          <button
            type="button"
            className="wx-menubar-btn menu-add"
            data-testid="menu-add-button"
            aria-label={t("addButton")}
            title={t("addButton")}
            onClick={onAddButton}
          >
            +
          </button>
        ) : null}
      </div>
    </div>
  );
}
