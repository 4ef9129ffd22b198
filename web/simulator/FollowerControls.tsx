// Follow (optionally through a QR scene), scan a scene as an existing follower, and unfollow; while
// the follower is with people, the agent's closing of the session.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type SimulatorStore, useSim } from "./useSimulator";

export function FollowerControls({ store }: { store: SimulatorStore }) {
  const { t } = useTranslation("simulator");
  const [scene, setScene] = useState("");
  const handedOff = useSim(store, (s) => s.handedOff);
  const send = store.getState().send;
  const trimmed = scene.trim();
  return (
    <div className="sim-events">
      <input
        className="sim-scene"
        data-testid="sim-scene"
        value={scene}
        placeholder={t("follow.scenePlaceholder")}
        onChange={(e) => setScene(e.target.value)}
      />
      <button
        type="button"
        className="btn btn-small"
        data-testid="sim-follow"
        onClick={() =>
          void send(
            trimmed
              ? { type: "event", event: "subscribe", scene: trimmed }
              : { type: "event", event: "subscribe" },
          )
        }
      >
        {t("follow.follow")}
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="sim-scan"
        disabled={!trimmed}
        title={trimmed ? undefined : t("follow.scanNeedsScene")}
        onClick={() => void send({ type: "event", event: "scan", scene: trimmed })}
      >
        {t("follow.scan")}
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="sim-unfollow"
        onClick={() => void send({ type: "event", event: "unsubscribe" })}
      >
        {t("follow.unfollow")}
      </button>
      {handedOff ? (
        <button
          type="button"
          className="btn btn-small"
          data-testid="sim-kf-close"
          title={t("follow.kfCloseHint")}
          onClick={() => void send({ type: "event", event: "handoffClosed" })}
        >
          {t("follow.kfClose")}
        </button>
      ) : null}
    </div>
  );
}
