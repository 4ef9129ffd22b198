// The data view's badge under a node's title: runs that reached it and, coloured by rate, those lost here.
import i18n from "i18next";
import { dropRate, rateBucket } from "../../funnel/funnelCounts";
import { badgeText, breakdownLines } from "../../funnel/funnelText";
import { type NodeFunnel, useEditorStore } from "../../store";
import { useCanvasText } from "../canvasText";

/** What a node no run reached shows: a muted 0, so "nobody came here" reads differently from "off". */
const NO_RUNS: NodeFunnel = {
  reached: 0,
  inProgress: 0,
  completed: 0,
  dropped: 0,
  handedOff: 0,
  errors: 0,
};

export function FunnelBadge({ id }: { id: string }) {
  const t = useCanvasText();
  const counts = useEditorStore((s) => (s.funnel ? (s.funnel[id] ?? NO_RUNS) : null));
  // The node the numbers are narrowed to: the canvas itself says so, not only the panel's chip.
  const through = useEditorStore((s) => s.funnelThrough === id);
  if (!counts) return null;
  const lang = i18n.language;
  const text = badgeText(counts, t, lang);
  const bucket = counts.reached === 0 ? "empty" : rateBucket(dropRate(counts));
  return (
    <div
      className={`hs-funnel hs-funnel-${bucket}${through ? " hs-funnel-through" : ""}`}
      title={counts.reached > 0 ? breakdownLines(counts, t, lang).join("\n") : undefined}
      data-testid="funnel-badge"
      data-reached={counts.reached}
      data-dropped={counts.dropped}
      data-through={through || undefined}
    >
      {through ? (
        <span className="hs-funnel-through-mark" title={t("funnel.throughTitle")}>
          {t("funnel.throughMark")}
        </span>
      ) : null}
      <span className="hs-funnel-reached">{text.reached}</span>
      {text.dropped ? <span className="hs-funnel-dropped">{text.dropped}</span> : null}
    </div>
  );
}
