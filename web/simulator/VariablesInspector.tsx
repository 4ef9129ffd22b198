// Session variables, follower attributes, A/B assignments and status; editable to try conditions.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { VariableValue } from "../../shared/schema";
import { type SimulatorStore, useSim } from "./useSimulator";

function parseLike(text: string, previous: VariableValue): VariableValue {
  if (typeof previous === "number") {
    const n = Number(text.trim());
    return text.trim() === "" || !Number.isFinite(n) ? null : n;
  }
  if (typeof previous === "boolean") return text === "true";
  return text;
}

function VariableRow({
  store,
  name,
  value,
}: {
  store: SimulatorStore;
  name: string;
  value: VariableValue;
}) {
  const { t } = useTranslation("simulator");
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (value === null ? "" : String(value));
  const commit = () => {
    if (draft === null) return;
    store.getState().setVariable(name, parseLike(draft, value));
    setDraft(null);
  };
  return (
    <tr>
      <th>{name}</th>
      <td>
        {typeof value === "boolean" ? (
          <input
            type="checkbox"
            checked={value}
            data-testid={`sim-var-${name}`}
            onChange={(e) => store.getState().setVariable(name, e.target.checked)}
          />
        ) : (
          <input
            className="sim-var-input"
            data-testid={`sim-var-${name}`}
            value={shown}
            placeholder={t("vars.empty")}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === "Enter" && commit()}
          />
        )}
      </td>
    </tr>
  );
}

export function VariablesInspector({ store }: { store: SimulatorStore }) {
  const { t } = useTranslation("simulator");
  const session = useSim(store, (s) => s.sim.session);
  const follower = useSim(store, (s) => s.sim.follower);
  const [newTag, setNewTag] = useState("");
  const { setFollower, toggleTag } = store.getState();

  return (
    <div className="sim-vars" data-testid="sim-vars">
      <div className="sim-kv">
        <span>{t("vars.status")}</span>
        <b data-testid="sim-status">
          {session
            ? `${t(`status.${session.status}`)} · ${session.flowId} / ${session.nodeId ?? "-"}`
            : t("vars.noSession")}
        </b>
      </div>
      {session && Object.keys(session.variables).length > 0 ? (
        <table className="sim-table">
          <tbody>
            {Object.entries(session.variables).map(([name, value]) => (
              <VariableRow key={name} store={store} name={name} value={value} />
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="sim-subhead">{t("vars.follower")}</div>
      <table className="sim-table">
        <tbody>
          <tr>
            <th>{t("vars.subscribed")}</th>
            <td>
              <input
                type="checkbox"
                checked={follower.subscribed}
                onChange={(e) => setFollower({ subscribed: e.target.checked })}
              />
            </td>
          </tr>
          <tr>
            <th>{t("vars.scene")}</th>
            <td>
              <input
                className="sim-var-input"
                value={follower.scene ?? ""}
                placeholder={t("vars.none")}
                onChange={(e) => setFollower({ scene: e.target.value || null })}
              />
            </td>
          </tr>
          <tr>
            <th>{t("vars.isNew")}</th>
            <td>
              <input
                type="checkbox"
                checked={follower.isNew}
                onChange={(e) => setFollower({ isNew: e.target.checked })}
              />
            </td>
          </tr>
          {(["interactions", "silentDays"] as const).map((field) => (
            <tr key={field}>
              <th>{t(`vars.${field}`)}</th>
              <td>
                <input
                  className="sim-var-input"
                  type="number"
                  min={0}
                  value={follower[field]}
                  onChange={(e) =>
                    setFollower({ [field]: Math.max(0, Math.floor(Number(e.target.value)) || 0) })
                  }
                />
              </td>
            </tr>
          ))}
          <tr>
            <th>{t("vars.tags")}</th>
            <td>
              <div className="sim-tags">
                {follower.tags.map((tag) => (
                  <button
                    key={tag}
                    type="button"
                    className="sim-tag"
                    title={t("vars.removeTag")}
                    onClick={() => toggleTag(tag)}
                  >
                    {tag} ×
                  </button>
                ))}
                <input
                  className="sim-tag-input"
                  data-testid="sim-tag-input"
                  value={newTag}
                  placeholder={t("vars.addTag")}
                  onChange={(e) => setNewTag(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && newTag.trim()) {
                      if (!follower.tags.includes(newTag.trim())) toggleTag(newTag.trim());
                      setNewTag("");
                    }
                  }}
                />
              </div>
            </td>
          </tr>
          {Object.entries(follower.ab).map(([key, branch]) => (
            <tr key={key}>
              <th>A/B {key}</th>
              <td>{branch}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
