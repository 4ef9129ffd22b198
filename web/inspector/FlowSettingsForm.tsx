// Flow settings, shown when no node is selected: name, description, start node, timeout, time zone.
import { useTranslation } from "react-i18next";
import { nodeName } from "../../shared/validate/nodeName";
import { selectMeta, useEditorStore, useEditorStoreApi } from "../store";
import { Field, NumberInput } from "./fields";
import { useInspector } from "./InspectorContext";
import { useCoalescedEdits } from "./useCoalescedEdits";

export function FlowSettingsForm() {
  const { t, i18n } = useTranslation("inspector");
  const store = useEditorStoreApi();
  const meta = useEditorStore(selectMeta);
  const { nodes } = useInspector();
  const coalesce = useCoalescedEdits();
  const settings = meta.settings;
  return (
    <>
      <div className="insp-head">
        <span className="kind-badge kind-flow">{t("flowSettings")}</span>
      </div>
      <p className="insp-kind-hint">{t("flowSettingsHint")}</p>
      <Field label={t("flowName")}>
        <input
          value={meta.name}
          onChange={(e) =>
            coalesce("meta:name", () => store.getState().setMeta({ name: e.target.value }))
          }
        />
      </Field>
      <Field label={t("flowDescription")} hint={t("flowDescriptionHint")}>
        <textarea
          rows={3}
          value={meta.description}
          onChange={(e) =>
            coalesce("meta:description", () =>
              store.getState().setMeta({ description: e.target.value }),
            )
          }
        />
      </Field>
      <Field label={t("startNodeLabel")} hint={t("startNodeHint")}>
        <select
          value={meta.startNodeId}
          onChange={(e) => store.getState().setStartNode(e.target.value)}
        >
          {nodes.some((n) => n.id === meta.startNodeId) ? null : (
            <option value={meta.startNodeId}>{t("missingNode", { id: meta.startNodeId })}</option>
          )}
          {nodes.map((n) => {
            const name = nodeName(n);
            return (
              <option key={n.id} value={n.id}>
                {`${i18n.language === "en" ? name.en : name.zh} · ${t(`kind.${n.kind}`)}`}
              </option>
            );
          })}
        </select>
      </Field>
      <div className="field-row">
        <Field label={t("sessionTimeout")} hint={t("sessionTimeoutHint")}>
          <NumberInput
            value={settings.sessionTimeoutMinutes}
            min={1}
            max={10080}
            onChange={(v) =>
              store.getState().setMeta({
                settings: {
                  ...settings,
                  sessionTimeoutMinutes: Math.min(10080, Math.max(1, Math.round(v ?? 30))),
                },
              })
            }
          />
        </Field>
        <Field label={t("timezone")} hint={t("timezoneHint")}>
          <select
            value={settings.utcOffsetMinutes}
            onChange={(e) =>
              store.getState().setMeta({
                settings: { ...settings, utcOffsetMinutes: Number(e.target.value) },
              })
            }
          >
            {timezoneOptions(settings.utcOffsetMinutes).map((offset) => (
              <option key={offset} value={offset}>
                {formatOffset(offset, t("beijing"))}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p className="note">{t("selectNodeNote")}</p>
    </>
  );
}

function timezoneOptions(current: number): number[] {
  const hours = Array.from({ length: 27 }, (_, i) => (i - 12) * 60);
  return hours.includes(current) ? hours : [...hours, current].sort((a, b) => a - b);
}

function formatOffset(minutes: number, beijing: string): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${sign}${hh}:${mm}${minutes === 480 ? ` ${beijing}` : ""}`;
}
