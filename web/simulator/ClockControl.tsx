// The simulated clock: a date-time to try time-of-day conditions, and jumps for expiry and the 48-hour window.
import { useTranslation } from "react-i18next";
import { type SimulatorStore, useSim } from "./useSimulator";

const HOUR = 3_600_000;

function toLocalInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function ClockControl({ store }: { store: SimulatorStore }) {
  const { t } = useTranslation("simulator");
  const now = useSim(store, (s) => s.sim.now);
  const { setClock, advanceClock } = store.getState();
  return (
    <div className="sim-clock">
      <span className="sim-label">{t("clock.label")}</span>
      <input
        type="datetime-local"
        className="sim-clock-input"
        data-testid="sim-clock"
        value={toLocalInput(now)}
        onChange={(e) => {
          const at = new Date(e.target.value).getTime();
          if (Number.isFinite(at)) setClock(at);
        }}
      />
      <div className="btn-group sim-clock-jumps">
        <button type="button" className="btn btn-small" onClick={() => advanceClock(HOUR)}>
          {t("clock.plusHour")}
        </button>
        <button type="button" className="btn btn-small" onClick={() => advanceClock(24 * HOUR)}>
          {t("clock.plusDay")}
        </button>
        <button type="button" className="btn btn-small" onClick={() => advanceClock(49 * HOUR)}>
          {t("clock.plus49")}
        </button>
      </div>
    </div>
  );
}
