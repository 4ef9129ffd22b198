// The data view's panel (数据): period, version and node filter, the runs counted, the worst nodes, the
// selected node.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../api/ApiError";
import type { FlowFunnel, PublishedInfo } from "../api/types";
import { useEditorStore, useEditorStoreApi } from "../store";
import { FunnelAbCompare } from "./FunnelAbCompare";
import { FunnelNodeDetail } from "./FunnelNodeDetail";
import { FunnelWorstList } from "./FunnelWorstList";
import { countedSince, formatCount, hiddenData, worstNodes } from "./funnelCounts";
import { versionLabel } from "./funnelText";
import { useNodeTitles } from "./nodeTitles";
import { useFunnel } from "./useFunnel";
import "./funnel.css";

const PERIODS = [1, 7, 30, 90] as const;

interface FunnelPanelProps {
  flowId: string;
  /** The live version; null when never published, undefined while not known yet. */
  published: PublishedInfo | null | undefined;
}

export function FunnelPanel({ flowId, published }: FunnelPanelProps) {
  const { t, i18n } = useTranslation("funnel");
  const store = useEditorStoreApi();
  const [days, setDays] = useState<number>(7);
  const [version, setVersion] = useState<number | null>(null);
  // Only the runs through one node (to compare A/B variants). It belongs to its flow, survives
  // selecting other nodes, and goes with the panel when the data view closes.
  const [filter, setFilter] = useState<{ flowId: string; node: string } | null>(null);
  const through = filter?.flowId === flowId ? filter.node : null;
  const setThrough = (node: string | null) => setFilter(node === null ? null : { flowId, node });
  const { load, refresh: refreshFunnel } = useFunnel(flowId, { days, version, through });
  const data = load.data;
  // ↻ refreshes the A/B comparison's reports too.
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => {
    refreshFunnel();
    setRefreshKey((n) => n + 1);
  };

  // The chosen version stays a choice even in a period where it had no runs.
  const versions = data?.versions ?? [];
  const choices =
    version !== null && !versions.some((v) => v.version === version)
      ? [...versions, { version, runs: 0 }].sort((a, b) => b.version - a.version)
      : versions;

  return (
    <div className="funnel-panel" data-testid="funnel-panel" aria-busy={load.status === "loading"}>
      <div className="funnel-head">
        <h2 className="funnel-title">{t("title")}</h2>
        <button
          type="button"
          className="icon-btn"
          title={t("refresh")}
          aria-label={t("refresh")}
          data-testid="funnel-refresh"
          disabled={load.status === "loading"}
          onClick={refresh}
        >
          ↻
        </button>
        <button
          type="button"
          className="icon-btn"
          title={t("close")}
          aria-label={t("close")}
          onClick={() => store.getState().setFunnelOpen(false)}
        >
          ×
        </button>
      </div>
      <div className="funnel-controls">
        <label className="funnel-control">
          <span>{t("period")}</span>
          <select
            value={days}
            data-testid="funnel-period"
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                {t(`periods.d${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="funnel-control">
          <span>{t("version")}</span>
          <select
            value={version ?? ""}
            data-testid="funnel-version"
            onChange={(e) => setVersion(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t("allVersions")}</option>
            {choices.map((v) => (
              <option key={v.version} value={v.version}>
                {versionLabel(v, t, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {through !== null ? (
        <FunnelThroughChip nodeId={through} onClear={() => setThrough(null)} />
      ) : null}
      {load.status === "failed" ? (
        <div className="funnel-state funnel-error" role="alert" data-testid="funnel-error">
          <div className="funnel-state-title">{t("failed")}</div>
          <p>{errorText(load.error, i18n.language)}</p>
          <button type="button" className="btn btn-small" onClick={refresh}>
            {t("retry")}
          </button>
        </div>
      ) : data === null ? (
        <div className="funnel-state" data-testid="funnel-loading">
          {t("loading")}
        </div>
      ) : (
        <FunnelBody
          data={data}
          published={published}
          through={through}
          setThrough={setThrough}
          query={{ flowId, days, version, refreshKey }}
        />
      )}
      {load.status === "loading" && data !== null ? (
        <div className="funnel-updating">{t("updating")}</div>
      ) : null}
    </div>
  );
}

/** The filter in force: 仅经过「节点」的会话, with × to see all runs again; a deleted node by its id. */
function FunnelThroughChip({ nodeId, onClear }: { nodeId: string; onClear: () => void }) {
  const { t } = useTranslation("funnel");
  const { t: tc } = useTranslation("canvas");
  const [title = null] = useNodeTitles([nodeId], tc);
  return (
    <div className="funnel-through" data-testid="funnel-through">
      <span className="funnel-through-text">
        {title === null ? t("throughDeleted", { id: nodeId }) : t("throughChip", { title })}
      </span>
      <button
        type="button"
        className="funnel-through-clear"
        title={t("throughClear")}
        aria-label={t("throughClear")}
        data-testid="funnel-through-clear"
        onClick={onClear}
      >
        ×
      </button>
    </div>
  );
}

/** What the last answer says; while a new choice loads, it still describes its own period. */
function FunnelBody({
  data,
  published,
  through,
  setThrough,
  query,
}: {
  data: FlowFunnel;
  published: PublishedInfo | null | undefined;
  /** The filter chosen (the answer's own may be an older one while a new one loads). */
  through: string | null;
  setThrough: (node: string | null) => void;
  /** The panel's choices, for the A/B comparison's own reports. */
  query: { flowId: string; days: number; version: number | null; refreshKey: number };
}) {
  const { t, i18n } = useTranslation("funnel");
  const { t: tc } = useTranslation("canvas");
  const lang = i18n.language;
  const ids = Object.keys(data.nodes).sort();
  const titles = useNodeTitles(ids, tc);
  const titleById = new Map(ids.map((id, i) => [id, titles[i] ?? null]));
  const inDraft = (id: string) => (titleById.get(id) ?? null) !== null;
  const selectedId = useEditorStore((s) =>
    s.selectedNodeIds.length === 1 ? (s.selectedNodeIds[0] ?? null) : null,
  );
  const [selectedTitle = null] = useNodeTitles(selectedId ? [selectedId] : [], tc);
  const abId = useAbCardNode(selectedId);

  if (data.runs === 0 && (data.through ?? null) !== null) {
    return (
      <div className="funnel-state" data-testid="funnel-empty">
        {t("throughEmpty", { period: t(`periods.d${data.days}`) })}
      </div>
    );
  }
  if (data.runs === 0) {
    const neverPublished = published === null && data.versions.length === 0;
    return (
      <div className="funnel-state" data-testid="funnel-empty">
        {neverPublished
          ? t("unpublished")
          : published
            ? t("emptyPeriod", { period: t(`periods.d${data.days}`) })
            : t("empty")}
      </div>
    );
  }

  const since = countedSince(data.from, data.since);
  const hidden = hiddenData(data.nodes, inDraft);
  return (
    <>
      <section className="funnel-summary" data-testid="funnel-summary">
        <div>
          <span className="funnel-runs" data-testid="funnel-runs">
            {formatCount(data.runs, lang)}
          </span>{" "}
          <span className="funnel-runs-unit">{t("runsUnit", { count: data.runs })}</span>
        </div>
        <div className="funnel-range">
          {t(`periods.d${data.days}`, { defaultValue: "" })} ·{" "}
          {data.from === data.to ? data.to : t("range", { from: data.from, to: data.to })}
        </div>
        {since ? (
          <div className="funnel-since" data-testid="funnel-since">
            {t("since", { date: since })}
          </div>
        ) : null}
      </section>
      <FunnelWorstList
        worst={worstNodes(data.nodes, inDraft)}
        titleOf={(id) => titleById.get(id) ?? id}
      />
      {hidden.nodes > 0 ? (
        <p className="funnel-note funnel-hidden" data-testid="funnel-hidden">
          {hidden.runs > 0
            ? t("hiddenRuns", { count: hidden.runs, runs: formatCount(hidden.runs, lang) })
            : t("hiddenNodes", { count: hidden.nodes, n: formatCount(hidden.nodes, lang) })}
        </p>
      ) : null}
      <p className="funnel-note">{t("droppedMeans")}</p>
      {/* Above the node's own numbers: for an A/B node, the comparison is what the marketer came for. */}
      {abId.id !== null ? (
        <FunnelAbCompare
          {...query}
          abId={abId.id}
          selectedId={selectedId}
          narrowed={through !== null}
          onPick={abId.pick}
        />
      ) : null}
      <FunnelNodeDetail
        title={selectedTitle}
        counts={selectedId ? (data.nodes[selectedId] ?? null) : null}
        filtered={selectedId !== null && selectedId === through}
        narrowed={(data.through ?? null) !== null}
        onFilter={(on) => setThrough(on && selectedId !== null ? selectedId : null)}
      />
    </>
  );
}

/**
 * The A/B node whose comparison the panel shows: the selected node when it is one, and still that
 * node after a click on one of its branches selected the branch's first node.
 */
function useAbCardNode(selectedId: string | null): {
  id: string | null;
  pick: (nodeId: string) => void;
} {
  const store = useEditorStoreApi();
  const [pinned, setPinned] = useState<string | null>(null);
  const id = useEditorStore((s) => {
    if (selectedId === null) return null;
    if (s.nodes.some((n) => n.id === selectedId && n.data.kind === "ab")) return selectedId;
    const pinnedAb =
      pinned !== null && s.nodes.some((n) => n.id === pinned && n.data.kind === "ab");
    return pinnedAb && s.edges.some((e) => e.source === pinned && e.target === selectedId)
      ? pinned
      : null;
  });
  const pick = (nodeId: string) => {
    setPinned(id);
    store.getState().selectNode(nodeId);
  };
  return { id, pick };
}
