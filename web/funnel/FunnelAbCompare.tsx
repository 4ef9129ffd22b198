// 「A/B 对比」: an A/B node's branches side by side, each counted by the funnel report through its
// first node, with an optional conversion goal; clicking a branch selects its first node.
import { useTranslation } from "react-i18next";
import { useShallow } from "zustand/react/shallow";
import { errorText } from "../api/ApiError";
import { useEditorStore } from "../store";
import {
  type BranchNumbers,
  type BranchPlan,
  branchNumbers,
  MIN_RUNS_PER_BRANCH,
  planBranches,
  type RateColumn,
  verdict,
} from "./abCompare";
import { formatCount, formatRate } from "./funnelCounts";
import { useNodeTitles } from "./nodeTitles";
import { useAbGoal } from "./useAbGoal";
import { useAbReports } from "./useAbReports";

interface FunnelAbCompareProps {
  flowId: string;
  abId: string;
  days: number;
  version: number | null;
  refreshKey: number;
  /** The node selected on the canvas, to mark its branch. */
  selectedId: string | null;
  /** The panel shows only the runs through some node; the comparison does not. */
  narrowed: boolean;
  onPick: (nodeId: string) => void;
}

export function FunnelAbCompare(props: FunnelAbCompareProps) {
  const { flowId, abId, days, version, refreshKey } = props;
  const { t, i18n } = useTranslation("funnel");
  const { t: tc } = useTranslation("canvas");
  const lang = i18n.language;
  const ab = useEditorStore((s) => s.nodes.find((n) => n.id === abId)?.data);
  // The edges out of the A/B node and every edge into the nodes they lead to (stable objects).
  const edges = useEditorStore(
    useShallow((s) => {
      const targets = new Set(s.edges.filter((e) => e.source === abId).map((e) => e.target));
      return s.edges.filter((e) => e.source === abId || targets.has(e.target));
    }),
  );
  const entries = useEditorStore(
    useShallow((s) => [
      s.meta.startNodeId,
      ...s.meta.triggers.flatMap((tr) => (tr.nodeId ? [tr.nodeId] : [])),
    ]),
  );
  const allIds = useEditorStore(useShallow((s) => s.nodes.map((n) => n.id)));
  const allTitles = useNodeTitles(allIds, tc);
  const [abTitle = null] = useNodeTitles([abId], tc);
  const [storedGoal, setGoal] = useAbGoal(flowId);
  const goal = storedGoal !== null && allIds.includes(storedGoal) ? storedGoal : null;

  const plans = ab?.kind === "ab" ? planBranches(abId, ab.branches, edges, entries) : [];
  const firstNodes = plans.flatMap((p) => (p.state === "ok" ? [p.firstNode] : []));
  const { load, retry } = useAbReports(flowId, { days, version }, firstNodes, refreshKey);
  const titleOf = (id: string) => allTitles[allIds.indexOf(id)] ?? id;

  const rows = plans.map((plan) => {
    const report = plan.state === "ok" ? load.reports?.[plan.firstNode] : undefined;
    return { plan, numbers: report ? branchNumbers(report, goal) : null };
  });
  const judged =
    load.status === "ready"
      ? verdict(rows.map((r) => ({ id: r.plan.id, numbers: r.numbers })))
      : null;
  const best = judged?.state === "ok" ? judged.best : {};

  return (
    <section
      className="funnel-section funnel-ab"
      data-testid="funnel-ab"
      aria-busy={load.status === "loading"}
    >
      <h3 className="funnel-heading">
        {t("ab.title")} · <span className="funnel-detail-title">{abTitle}</span>
      </h3>
      <label className="funnel-control">
        <span>{t("ab.goal")}</span>
        <select
          value={goal ?? ""}
          data-testid="ab-goal"
          onChange={(e) => setGoal(e.target.value || null)}
        >
          <option value="">{t("ab.noGoal")}</option>
          {allIds.map((id, i) =>
            id === abId ? null : (
              <option key={id} value={id}>
                {allTitles[i] ?? id}
              </option>
            ),
          )}
        </select>
      </label>
      {storedGoal !== null && goal === null ? (
        <p className="funnel-note funnel-hidden">{t("ab.goalGone")}</p>
      ) : goal === null ? (
        <p className="funnel-note">{t("ab.goalHint")}</p>
      ) : null}
      {load.status === "failed" ? (
        <div className="funnel-state funnel-error" role="alert" data-testid="ab-error">
          <div className="funnel-state-title">{t("ab.failed")}</div>
          <p>{errorText(load.error, lang)}</p>
          <button type="button" className="btn btn-small" onClick={retry}>
            {t("retry")}
          </button>
        </div>
      ) : load.reports === null ? (
        <div className="funnel-state" data-testid="ab-loading">
          {t("ab.loading")}
        </div>
      ) : (
        <ol className="funnel-ab-rows">
          {rows.map(({ plan, numbers }, i) => (
            <li key={plan.id} data-testid="ab-row" data-branch={plan.id}>
              <BranchRow
                plan={plan}
                label={plan.label.trim() || t("ab.unnamed", { n: i + 1 })}
                numbers={numbers}
                best={best}
                hasGoal={goal !== null}
                selected={plan.state === "ok" && plan.firstNode === props.selectedId}
                titleOf={titleOf}
                labelOf={(id) =>
                  plans.find((p) => p.id === id)?.label.trim() ||
                  t("ab.unnamed", { n: plans.findIndex((p) => p.id === id) + 1 })
                }
                onPick={props.onPick}
              />
            </li>
          ))}
        </ol>
      )}
      {judged === null ? null : (
        <p
          className={`funnel-note${judged.state === "ok" ? "" : " funnel-hidden"}`}
          data-testid="ab-verdict"
        >
          {judged.state === "ok"
            ? t("ab.rule", { min: MIN_RUNS_PER_BRANCH })
            : judged.state === "tooFew"
              ? t("ab.tooFew", {
                  fewest: formatCount(judged.fewest, lang),
                  min: MIN_RUNS_PER_BRANCH,
                })
              : t("ab.notComparable")}
        </p>
      )}
      <p className="funnel-note" data-testid="ab-means">
        {t("ab.means")}
      </p>
      {props.narrowed ? <p className="funnel-note">{t("ab.throughIgnored")}</p> : null}
    </section>
  );
}

function BranchRow({
  plan,
  label,
  numbers,
  best,
  hasGoal,
  selected,
  titleOf,
  labelOf,
  onPick,
}: {
  plan: BranchPlan;
  label: string;
  numbers: BranchNumbers | null;
  best: Partial<Record<RateColumn, string>>;
  hasGoal: boolean;
  selected: boolean;
  titleOf: (id: string) => string;
  labelOf: (branchId: string) => string;
  onPick: (nodeId: string) => void;
}) {
  const { t, i18n } = useTranslation("funnel");
  const lang = i18n.language;
  const head = (
    <span className="funnel-ab-head">
      <span className="funnel-ab-label">{label}</span>
      <span className="funnel-ab-weight">{t("ab.weight", { weight: plan.weight })}</span>
      {numbers ? (
        <span className="funnel-ab-runs" data-metric="runs">
          {t("ab.runs", { n: formatCount(numbers.runs, lang) })}
        </span>
      ) : null}
    </span>
  );
  if (plan.state !== "ok") {
    return (
      <div className="funnel-ab-row is-off">
        {head}
        <span className="funnel-ab-problem" data-testid="ab-problem">
          {plan.state === "unconnected"
            ? t("ab.unconnected")
            : t("ab.shared", {
                title: titleOf(plan.firstNode),
                others: plan.sharedWith.map(labelOf).join("、"),
              })}
        </span>
      </div>
    );
  }
  const rate = (r: number | null) => (r === null ? t("ab.noRate") : formatRate(r, lang));
  const cell = (
    column: RateColumn | "handedOff",
    value: string,
    sub: string | null,
    subMetric?: string,
  ) => {
    const isBest = column !== "handedOff" && best[column] === plan.id;
    return (
      <span className={`funnel-ab-cell${isBest ? " is-best" : ""}`} data-best={isBest || undefined}>
        <span className="funnel-ab-cell-label" title={t(`ab.metricTitle.${column}`)}>
          {t(`ab.metric.${column}`)}
        </span>
        <span className="funnel-ab-cell-value" data-metric={column}>
          {value}
          {isBest ? (
            <span className="funnel-ab-best" title={t("ab.bestTitle")}>
              {t("ab.best")}
            </span>
          ) : null}
        </span>
        {sub !== null ? (
          <span className="funnel-ab-cell-sub" data-metric={subMetric}>
            {sub}
          </span>
        ) : null}
      </span>
    );
  };
  return (
    <button
      type="button"
      className={`funnel-ab-row${selected ? " is-selected" : ""}`}
      title={t("ab.pick", { title: titleOf(plan.firstNode) })}
      aria-current={selected || undefined}
      onClick={() => onPick(plan.firstNode)}
    >
      {head}
      {numbers ? (
        <span className="funnel-ab-metrics">
          {cell(
            "completionRate",
            rate(numbers.completionRate),
            t("ab.completed", { n: formatCount(numbers.completed, lang) }),
            "completed",
          )}
          {cell(
            "dropRate",
            rate(numbers.dropRate),
            t("ab.dropped", { n: formatCount(numbers.dropped, lang) }),
            "dropped",
          )}
          {cell("handedOff", formatCount(numbers.handedOff, lang), null)}
          {hasGoal
            ? cell(
                "conversionRate",
                rate(numbers.conversionRate),
                t("ab.goalReached", { n: formatCount(numbers.goalReached ?? 0, lang) }),
                "goalReached",
              )
            : null}
        </span>
      ) : null}
      {plan.otherWaysIn ? (
        <span className="funnel-ab-problem">
          {t("ab.otherWaysIn", { title: titleOf(plan.firstNode) })}
        </span>
      ) : null}
    </button>
  );
}
