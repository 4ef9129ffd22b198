// The selected node's full breakdown: reached, every outcome, and the runs that moved on; and the
// switch that narrows the whole view to the runs through it.
import { useTranslation } from "react-i18next";
import type { NodeFunnel } from "../store";
import { dropRate, formatCount, formatRate, movedOn } from "./funnelCounts";

type Outcome = "inProgress" | "completed" | "dropped" | "handedOff" | "errors" | "movedOn";
const OUTCOMES: Outcome[] = [
  "inProgress",
  "completed",
  "dropped",
  "handedOff",
  "errors",
  "movedOn",
];

export function FunnelNodeDetail({
  title,
  counts,
  filtered,
  narrowed,
  onFilter,
}: {
  title: string | null;
  counts: NodeFunnel | null;
  /** The view shows only the runs through this node. */
  filtered: boolean;
  /** The view shows only the runs through some node (this one or another). */
  narrowed: boolean;
  onFilter: (on: boolean) => void;
}) {
  const { t, i18n } = useTranslation("funnel");
  const { t: tc } = useTranslation("canvas");
  const lang = i18n.language;
  if (title === null) {
    return (
      <section className="funnel-section">
        <p className="funnel-note">{t("selectHint")}</p>
      </section>
    );
  }
  const value = (c: NodeFunnel, outcome: Outcome): string => {
    if (outcome === "movedOn") return formatCount(movedOn(c), lang);
    const n = formatCount(c[outcome], lang);
    return outcome === "dropped" ? `${n} · ${formatRate(dropRate(c), lang)}` : n;
  };
  return (
    <section className="funnel-section" data-testid="funnel-node-detail">
      <h3 className="funnel-heading">
        {t("selected")} · <span className="funnel-detail-title">{title}</span>
      </h3>
      {counts && counts.reached > 0 ? (
        <dl className="funnel-detail">
          <div className="funnel-detail-reached">
            <dt>{tc("funnel.label.reached")}</dt>
            <dd>{formatCount(counts.reached, lang)}</dd>
          </div>
          {OUTCOMES.map((outcome) => (
            <div key={outcome} data-outcome={outcome}>
              <dt>{tc(`funnel.label.${outcome}`)}</dt>
              <dd>{value(counts, outcome)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="funnel-note">{t(narrowed ? "noRunsHereThrough" : "noRunsHere")}</p>
      )}
      {/* Also on a node the current filter hides: from variant A's numbers straight to variant B's. */}
      {filtered || narrowed || (counts && counts.reached > 0) ? (
        <label className="funnel-through-toggle">
          <input
            type="checkbox"
            checked={filtered}
            data-testid="funnel-through-toggle"
            onChange={(e) => onFilter(e.target.checked)}
          />
          <span>
            {t("throughOnly")}
            <span className="funnel-through-hint">{t("throughHint")}</span>
          </span>
        </label>
      ) : null}
    </section>
  );
}
