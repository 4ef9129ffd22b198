// The side panel's form for the selected menu button: name with its byte count, action, key or page.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import {
  keyedMenuButtonTypes,
  MENU_LIMITS,
  type MenuAction,
  type MenuButtonType,
  type MenuProblem,
  menuButtonTypes,
} from "../../shared/menu";
import { utf8Length } from "../../shared/wechat";
import type { MenuState } from "../api/types";
import { askConfirm } from "../app/confirm";
import { Field } from "../inspector/fields";
import { findButton, type MenuButtonPatch, type MenuEditorStore } from "./menuStore";

type ClickKey = MenuState["clickKeys"][number];

const CUSTOM = "__custom__";

export function ButtonForm({
  store,
  problems,
  clickKeys,
}: {
  store: MenuEditorStore;
  problems: MenuProblem[];
  clickKeys: ClickKey[];
}) {
  const { t, i18n } = useTranslation("menu");
  const menu = useStore(store, (s) => s.menu);
  const selectedId = useStore(store, (s) => s.selectedId);
  const at = selectedId ? findButton(menu, selectedId) : null;
  if (!at || !selectedId) {
    return (
      <p className="menu-form-empty" data-testid="menu-no-selection">
        {menu.buttons.length === 0 ? `${t("emptyMenu")} ` : ""}
        {t("noSelection")}
      </p>
    );
  }
  const id = selectedId;
  const { button } = at;
  const parent = menu.buttons[at.top]!;
  const isTop = at.child === null;
  const children = isTop ? parent.children : [];
  const siblings = isTop ? menu.buttons.length : parent.children.length;
  const index = isTop ? at.top : at.child!;
  const limit = isTop ? MENU_LIMITS.topNameBytes : MENU_LIMITS.subNameBytes;
  const bytes = utf8Length(button.name);
  const en = i18n.language === "en";
  const fieldError = (field: string) =>
    problems
      .filter((p) => p.buttonId === id && p.field === field)
      .map((p) => (en ? p.message.en : p.message.zh))
      .join(" ") || undefined;
  const update = (patch: MenuButtonPatch, typing?: string) =>
    store.getState().update(id, patch, typing);
  const endTyping = () => store.getState().endTyping();
  const typed = (field: keyof MenuButtonPatch) => ({
    value: (button[field] as string | undefined) ?? "",
    "data-field": field,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      update({ [field]: e.target.value }, field),
    onBlur: endTyping,
  });

  async function remove() {
    if (children.length > 0) {
      const ok = await askConfirm({
        title: t("removeParentTitle", {
          name: button.name || t("unnamed"),
          count: children.length,
        }),
        body: t("removeParentBody"),
        confirmLabel: t("remove"),
        danger: true,
      });
      if (!ok) return;
    }
    store.getState().remove(id);
  }

  return (
    <div className="menu-form" data-testid="menu-form">
      <div className="menu-form-head">
        <h3>{isTop ? t("topButton") : t("subButton", { parent: parent.name || t("unnamed") })}</h3>
      </div>
      <Field
        label={
          <span className="menu-name-label">
            {t("name")}
            <span
              className={`byte-counter${bytes > limit ? " over" : ""}`}
              data-testid="menu-name-bytes"
            >
              {t("bytes", { used: bytes, max: limit })}
            </span>
          </span>
        }
        hint={isTop ? t("nameHintTop") : t("nameHintSub")}
        error={fieldError("name")}
      >
        <input data-testid="menu-name" aria-invalid={bytes > limit} {...typed("name")} />
      </Field>

      {children.length > 0 ? (
        <div className="menu-parent-note" data-testid="menu-parent-note">
          <p>{t("parentNote")}</p>
          {hasOwnAction(button) ? (
            <p className="muted" data-testid="menu-kept-action">
              {t("parentKeptAction", { type: t(`types.${button.type}`) })}
            </p>
          ) : null}
        </div>
      ) : (
        <ActionFields
          key={id}
          button={button}
          clickKeys={clickKeys}
          fieldError={fieldError}
          update={update}
          typed={typed}
        />
      )}

      <div className="menu-form-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={index === 0}
          onClick={() => store.getState().move(id, -1)}
        >
          {isTop ? `← ${t("moveLeft")}` : `↑ ${t("moveUp")}`}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={index === siblings - 1}
          onClick={() => store.getState().move(id, 1)}
        >
          {isTop ? `${t("moveRight")} →` : `${t("moveDown")} ↓`}
        </button>
        {isTop && children.length < MENU_LIMITS.subButtons ? (
          <button
            type="button"
            className="btn btn-small"
            data-testid="menu-form-add-child"
            onClick={() => store.getState().addChild(id, t("newChildName"))}
          >
            + {t("addChild")}
          </button>
        ) : null}
        <div className="grow" />
        <button
          type="button"
          className="btn btn-small btn-ghost btn-danger-text"
          data-testid="menu-remove"
          onClick={() => void remove()}
        >
          {t("remove")}
        </button>
      </div>
    </div>
  );
}

/** Whether a parent still carries an action someone set up (not just a new button's blank default). */
function hasOwnAction(button: MenuAction): boolean {
  return Boolean(button.type && (button.key || button.url || button.appid || button.pagepath));
}

type Typed = (field: keyof MenuButtonPatch) => {
  value: string;
  "data-field": string;
  onChange: (e: React.ChangeEvent<HTMLInputElement>) => void;
  onBlur: () => void;
};

function ActionFields({
  button,
  clickKeys,
  fieldError,
  update,
  typed,
}: {
  button: { type?: MenuButtonType; key?: string };
  clickKeys: ClickKey[];
  fieldError: (field: string) => string | undefined;
  update: (patch: MenuButtonPatch, typing?: string) => void;
  typed: Typed;
}) {
  const { t } = useTranslation("menu");
  const key = button.key ?? "";
  const known = clickKeys.find((k) => k.key === key);
  // A key no published flow claims is edited by hand; so is a blank one the marketer chose to type.
  const [custom, setCustom] = useState(key !== "" && !known);
  const type = button.type;

  return (
    <>
      <Field
        label={t("action")}
        hint={type ? t(`typeHints.${type}`) : undefined}
        error={fieldError("type")}
      >
        <select
          data-testid="menu-type"
          data-field="type"
          value={type ?? ""}
          onChange={(e) => update({ type: (e.target.value || undefined) as MenuButtonType })}
        >
          {type ? null : <option value="">{t("chooseAction")}</option>}
          {menuButtonTypes.map((value) => (
            <option key={value} value={value}>
              {t(`types.${value}`)}
            </option>
          ))}
        </select>
      </Field>

      {type === "click" ? (
        <Field
          label={t("flowKey")}
          hint={clickKeys.length === 0 ? t("noClickKeys") : undefined}
          error={custom ? undefined : fieldError("key")}
        >
          <select
            data-testid="menu-click-key"
            data-field={custom ? undefined : "key"}
            value={custom ? CUSTOM : known ? key : ""}
            onChange={(e) => {
              if (e.target.value === CUSTOM) {
                setCustom(true);
                return;
              }
              setCustom(false);
              update({ key: e.target.value });
            }}
          >
            {!custom && !known ? <option value="">{t("chooseAction")}</option> : null}
            {clickKeys.map((k) => (
              <option key={`${k.flowId}:${k.key}`} value={k.key}>
                {t("flowKeyOption", { flow: k.flowName, key: k.key })}
              </option>
            ))}
            <option value={CUSTOM}>{t("customKey")}</option>
          </select>
        </Field>
      ) : null}

      {type && keyedMenuButtonTypes.has(type) && (type !== "click" || custom) ? (
        <Field
          label={t("key")}
          hint={known ? t("keyAnsweredBy", { flow: known.flowName }) : t("keyHint")}
          error={fieldError("key")}
        >
          <input data-testid="menu-key" placeholder={t("keyPlaceholder")} {...typed("key")} />
        </Field>
      ) : null}

      {type === "view" ? (
        <Field label={t("url")} error={fieldError("url")}>
          <input data-testid="menu-url" placeholder={t("urlPlaceholder")} {...typed("url")} />
        </Field>
      ) : null}

      {type === "miniprogram" ? (
        <>
          <Field label={t("appid")} error={fieldError("appid")}>
            <input data-testid="menu-appid" placeholder="wx…" {...typed("appid")} />
          </Field>
          <Field label={t("pagepath")} error={fieldError("pagepath")}>
            <input
              data-testid="menu-pagepath"
              placeholder={t("pagepathPlaceholder")}
              {...typed("pagepath")}
            />
          </Field>
          <Field label={t("fallbackUrl")} hint={t("fallbackUrlHint")} error={fieldError("url")}>
            <input data-testid="menu-url" placeholder={t("urlPlaceholder")} {...typed("url")} />
          </Field>
        </>
      ) : null}
    </>
  );
}
