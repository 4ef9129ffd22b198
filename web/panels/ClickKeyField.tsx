// A menu-click trigger's key: picked from the saved custom menu's buttons or typed, and what it reaches.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../app/router";
import { Field } from "../inspector/fields";
import { buttonsWithKey, type MenuKeyChoice, menuPath } from "./menuKeys";

const CUSTOM = "\u0000custom";

/** The saved menu as this field needs it; null while it is unknown (loading, or the read failed). */
export interface MenuKeys {
  /** False for a menu without any button: the panel says so once, not under every trigger. */
  hasMenu: boolean;
  choices: MenuKeyChoice[];
}

export function ClickKeyField({
  value,
  onChange,
  menuKeys,
}: {
  value: string;
  onChange: (key: string | undefined) => void;
  menuKeys: MenuKeys | null;
}) {
  const { t } = useTranslation(["triggers", "menu"]);
  const choices = menuKeys?.choices ?? [];
  const known = buttonsWithKey(choices, value);
  // A key no button sends is typed by hand; so is a blank one the marketer chose to type.
  const [custom, setCustom] = useState(false);
  const typing = choices.length === 0 || custom || (value !== "" && known.length === 0);

  const keyInput = (
    <input
      className="mono"
      data-testid="click-key"
      value={value}
      placeholder="MENU_PRICE"
      onChange={(e) => {
        // Still typing once the key matches a button: the field must not vanish under the cursor.
        setCustom(true);
        onChange(e.target.value || undefined);
      }}
    />
  );

  return (
    <>
      {choices.length > 0 ? (
        <Field label={t("clickKeyButton")}>
          <select
            data-testid="click-key-choice"
            value={typing ? CUSTOM : value}
            onChange={(e) => {
              const next = e.target.value;
              setCustom(next === CUSTOM);
              if (next !== CUSTOM) onChange(next || undefined);
            }}
          >
            {!typing && value === "" ? <option value="">{t("clickKeyChoose")}</option> : null}
            {choices.map((c) => (
              <option key={c.buttonId} value={c.key}>
                {c.type === "click"
                  ? t("clickKeyOption", { path: menuPath(c), key: c.key })
                  : t("clickKeyOptionTyped", {
                      path: menuPath(c),
                      key: c.key,
                      type: t(`menu:types.${c.type}`),
                    })}
              </option>
            ))}
            <option value={CUSTOM}>{t("clickKeyCustom")}</option>
          </select>
        </Field>
      ) : null}
      {typing ? (
        <Field
          label={t("clickKey")}
          hint={value === "" || !menuKeys?.hasMenu ? t("clickKeyHint") : undefined}
        >
          {keyInput}
        </Field>
      ) : null}
      {menuKeys?.hasMenu && value !== "" ? <ClickKeyReach keyValue={value} known={known} /> : null}
    </>
  );
}

function ClickKeyReach({ keyValue, known }: { keyValue: string; known: MenuKeyChoice[] }) {
  const { t } = useTranslation("triggers");
  if (known.length > 0) {
    const buttons = known
      .map((c) => t("menuButtonQuoted", { path: menuPath(c) }))
      .join(t("menuButtonSeparator"));
    return (
      <p className="field-hint click-key-reach" data-testid="click-key-reach">
        {t("clickKeyFrom", { buttons })}
      </p>
    );
  }
  return (
    <div className="inline-warning" data-testid="click-key-missing">
      <span>{t("clickKeyMissing", { key: keyValue })}</span>
      <OpenMenuLink />
    </div>
  );
}

/** To the menu page through the router, so the editor's leave guard asks about unsaved changes. */
export function OpenMenuLink() {
  const { t } = useTranslation("triggers");
  return (
    <button
      type="button"
      className="link-btn"
      data-testid="open-menu-from-trigger"
      onClick={() => void navigate({ page: "menu" })}
    >
      {t("openMenu")} →
    </button>
  );
}
