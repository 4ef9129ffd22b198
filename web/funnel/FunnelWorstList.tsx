// The nodes that lost the most runs; clicking one selects and centres it on the canvas.
import { useTranslation } from "react-i18next";
import { useEditorStoreApi } from "../store";
import { formatCount, formatRate, rateBucket, type WorstNode } from "./funnelCounts";

export function FunnelWorstList({
  worst,
  titleOf,
}: {
  worst: WorstNode[];
  titleOf: (id: string) => string;
}) {
  const { t, i18n } = useTranslation("funnel");
  const store = useEditorStoreApi();
  const lang = i18n.language;
  return (
    <section className="funnel-section">
      <h3 className="funnel-heading">{t("worstTitle")}</h3>
      {worst.length === 0 ? (
        <p className="funnel-note">{t("noDrops")}</p>
      ) : (
        <ol className="funnel-worst" data-testid="funnel-worst">
          {worst.map((w) => (
            <li key={w.id}>
              <button
                type="button"
                className="funnel-worst-item"
                data-testid="funnel-worst-item"
                data-node-id={w.id}
                onClick={() => store.getState().selectNode(w.id)}
              >
                <span className={`funnel-dot funnel-dot-${rateBucket(w.rate)}`} />
                <span className="funnel-worst-title">{titleOf(w.id)}</span>
                <span className="funnel-worst-numbers">
                  {t("worstDropped", { n: formatCount(w.dropped, lang) })}
                  <span className="funnel-worst-rate">{formatRate(w.rate, lang)}</span>
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
