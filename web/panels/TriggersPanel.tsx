// The flow's triggers: keywords, WeChat events (follow, scan, menu click) and the fallback flag.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import {
  type EventTrigger,
  type FlowEvent,
  flowEvents,
  type KeywordMatchMode,
  type KeywordTrigger,
  keywordMatchModes,
  type Trigger,
} from "../../shared/schema";
import { nodeName } from "../../shared/validate/nodeName";
import { useSavedMenuState } from "../api/useSavedMenuState";
import { Field, NumberInput } from "../inspector/fields";
import { useCoalescedEdits } from "../inspector/useCoalescedEdits";
import { useEditorStore, useEditorStoreApi } from "../store";
import { collectIds, newId } from "../store/ids";
import { ClickKeyField, type MenuKeys, OpenMenuLink } from "./ClickKeyField";
import { menuKeyChoices } from "./menuKeys";

export function TriggersPanel() {
  const { t } = useTranslation("triggers");
  const store = useEditorStoreApi();
  const triggers = useEditorStore((s) => s.meta.triggers);
  const keywords = triggers.filter((tr): tr is KeywordTrigger => tr.type === "keyword");
  const events = triggers.filter((tr): tr is EventTrigger => tr.type === "event");
  const fallback = triggers.find((tr) => tr.type === "fallback");
  // The saved custom menu, read quietly: when it cannot be read, click keys are simply typed.
  const savedMenu = useSavedMenuState();
  const menuKeys = useMemo<MenuKeys | null>(
    () =>
      savedMenu.status === "loaded"
        ? { hasMenu: savedMenu.menu.buttons.length > 0, choices: menuKeyChoices(savedMenu.menu) }
        : null,
    [savedMenu],
  );

  const coalesce = useCoalescedEdits();
  function setTriggers(next: Trigger[], key = "meta:triggers") {
    coalesce(key, () => store.getState().setMeta({ triggers: next }));
  }
  function makeId(): string {
    const { nodes, edges, meta } = store.getState();
    const taken = collectIds(nodes, edges);
    for (const tr of meta.triggers) taken.add(tr.id);
    return newId("trg", (id) => taken.has(id));
  }
  function update(id: string, patch: Partial<Trigger>) {
    setTriggers(
      triggers.map((tr) => (tr.id === id ? ({ ...tr, ...patch } as Trigger) : tr)),
      `trigger:${id}:${Object.keys(patch).join(",")}`,
    );
  }
  function remove(id: string) {
    setTriggers(triggers.filter((tr) => tr.id !== id));
  }

  return (
    <div className="panel" data-testid="triggers-panel">
      <p className="panel-lead">{t("lead")}</p>

      <div className="panel-section-head">
        <h3>{t("keywords")}</h3>
        <button
          className="btn btn-small"
          onClick={() =>
            setTriggers([
              ...triggers,
              {
                id: makeId(),
                type: "keyword",
                match: "contains",
                pattern: t("newKeyword"),
                priority: 0,
                global: false,
                action: "start",
              },
            ])
          }
        >
          {t("addKeyword")}
        </button>
      </div>
      {keywords.length === 0 ? <p className="section-hint">{t("noKeywords")}</p> : null}
      {keywords.map((tr) => (
        <div className="item-card" key={tr.id} data-testid="keyword-trigger">
          <div className="item-card-head">
            <input
              className="grow"
              value={tr.pattern}
              aria-label={t("pattern")}
              placeholder={tr.match === "regex" ? "^(价格|多少钱)$" : t("patternPlaceholder")}
              onChange={(e) => update(tr.id, { pattern: e.target.value })}
            />
            <button
              className="icon-btn icon-btn-danger"
              aria-label={t("remove")}
              onClick={() => remove(tr.id)}
            >
              ×
            </button>
          </div>
          <div className="field-row">
            <Field label={t("match")}>
              <select
                value={tr.match}
                onChange={(e) => update(tr.id, { match: e.target.value as KeywordMatchMode })}
              >
                {keywordMatchModes.map((m) => (
                  <option key={m} value={m}>
                    {t(`matchMode.${m}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("priority")}>
              <NumberInput
                value={tr.priority}
                onChange={(v) => update(tr.id, { priority: Math.round(v ?? 0) })}
              />
            </Field>
          </div>
          <div className="field-row">
            <Field label={t("action")}>
              <select
                value={tr.action}
                onChange={(e) => update(tr.id, { action: e.target.value as "start" | "restart" })}
              >
                <option value="start">{t("actionStart")}</option>
                <option value="restart">{t("actionRestart")}</option>
              </select>
            </Field>
            <StartNodeSelect value={tr.nodeId} onChange={(nodeId) => update(tr.id, { nodeId })} />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={tr.global}
              onChange={(e) => update(tr.id, { global: e.target.checked })}
            />
            {t("global")}
          </label>
          <span className="field-hint">{t(`matchHint.${tr.match}`)}</span>
        </div>
      ))}

      <div className="panel-section-head">
        <h3>{t("events")}</h3>
        <select
          className="add-select"
          value=""
          aria-label={t("addEvent")}
          onChange={(e) => {
            const event = e.target.value as FlowEvent;
            if (!event) return;
            setTriggers([...triggers, { id: makeId(), type: "event", event }]);
          }}
        >
          <option value="">{t("addEvent")}</option>
          {flowEvents.map((ev) => (
            <option key={ev} value={ev}>
              {t(`event.${ev}`)}
            </option>
          ))}
        </select>
      </div>
      {events.length === 0 ? <p className="section-hint">{t("noEvents")}</p> : null}
      {menuKeys && !menuKeys.hasMenu && events.some((tr) => tr.event === "click") ? (
        <div className="no-menu-note" data-testid="no-menu-note">
          <span>{t("noMenu")}</span>
          <OpenMenuLink />
        </div>
      ) : null}
      {events.map((tr) => (
        <div className="item-card" key={tr.id} data-testid="event-trigger" data-event={tr.event}>
          <div className="item-card-head">
            <span className="badge badge-blue">{t(`event.${tr.event}`)}</span>
            <div className="grow" />
            <button
              className="icon-btn icon-btn-danger"
              aria-label={t("remove")}
              onClick={() => remove(tr.id)}
            >
              ×
            </button>
          </div>
          {tr.event === "click" ? (
            <ClickKeyField
              value={tr.key ?? ""}
              onChange={(key) => update(tr.id, { key })}
              menuKeys={menuKeys}
            />
          ) : (
            <Field
              label={t("scene")}
              hint={tr.event === "subscribe" ? t("sceneSubscribeHint") : t("sceneScanHint")}
            >
              <input
                className="mono"
                value={tr.scene ?? ""}
                placeholder={t("scenePlaceholder")}
                onChange={(e) => update(tr.id, { scene: e.target.value || undefined })}
              />
            </Field>
          )}
          <StartNodeSelect value={tr.nodeId} onChange={(nodeId) => update(tr.id, { nodeId })} />
        </div>
      ))}

      <div className="panel-section-head">
        <h3>{t("fallbackTitle")}</h3>
      </div>
      <label className="checkbox checkbox-card">
        <input
          type="checkbox"
          checked={Boolean(fallback)}
          data-testid="fallback-toggle"
          onChange={(e) =>
            setTriggers(
              e.target.checked
                ? [...triggers, { id: makeId(), type: "fallback" }]
                : triggers.filter((tr) => tr.type !== "fallback"),
            )
          }
        />
        <span>
          <span className="strong">{t("fallback")}</span>
          <span className="field-hint">{t("fallbackHint")}</span>
        </span>
      </label>
    </div>
  );
}

function StartNodeSelect({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (nodeId: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation("triggers");
  const nodes = useEditorStore((s) => s.nodes);
  return (
    <Field label={t("startAt")}>
      <select value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t("flowStart")}</option>
        {nodes.map(({ data }) => {
          const name = nodeName(data);
          return (
            <option key={data.id} value={data.id}>
              {i18n.language === "en" ? name.en : name.zh}
            </option>
          );
        })}
        {value && !nodes.some((n) => n.id === value) ? (
          <option value={value}>{t("missingNode", { id: value })}</option>
        ) : null}
      </select>
    </Field>
  );
}
