// Follow (optionally through a QR scene), scan a scene as an existing follower, and unfollow.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SimulatorStore } from "./useSimulator";

export function FollowerControls({ store }: { store: SimulatorStore }) {
  const { t } = useTranslation("simulator");
  const [scene, setScene] = useState("");
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
    </div>
  );
}
