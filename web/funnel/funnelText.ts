// The words of the data view, from the counts: a node's badge, its full breakdown, a version's label.
import type { TFunction } from "i18next";
import type { NodeFunnel } from "../store";
import { dropRate, formatCount, formatRate, movedOn } from "./funnelCounts";

/** The badge on a node: 到达 N, and 流失 M (x%) when any run was lost here. */
export function badgeText(
  counts: NodeFunnel,
  t: TFunction<"canvas">,
  lang: string,
): { reached: string; dropped: string | null } {
  return {
    reached: t("funnel.reached", { n: formatCount(counts.reached, lang) }),
    dropped:
      counts.dropped > 0
        ? t("funnel.dropped", {
            n: formatCount(counts.dropped, lang),
            rate: formatRate(dropRate(counts), lang),
          })
        : null,
  };
}

/** Every number of a node, one per line: reached, each outcome, and the runs that moved on. */
export function breakdownLines(counts: NodeFunnel, t: TFunction<"canvas">, lang: string): string[] {
  const n = (value: number) => formatCount(value, lang);
  return [
    t("funnel.line.reached", { n: n(counts.reached) }),
    t("funnel.line.inProgress", { n: n(counts.inProgress) }),
    t("funnel.line.completed", { n: n(counts.completed) }),
    t("funnel.line.dropped", {
      n: n(counts.dropped),
      rate: formatRate(dropRate(counts), lang),
    }),
    t("funnel.line.handedOff", { n: n(counts.handedOff) }),
    t("funnel.line.errors", { n: n(counts.errors) }),
    t("funnel.line.movedOn", { n: n(movedOn(counts)) }),
  ];
}

/** A version choice: "v3（120 次会话）". */
export function versionLabel(
  version: { version: number; runs: number },
  t: TFunction<"funnel">,
  lang: string,
): string {
  return t("versionRuns", {
    version: version.version,
    runs: formatCount(version.runs, lang),
    count: version.runs,
  });
}
