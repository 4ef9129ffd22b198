// Loads, in parallel, the funnel report through each A/B branch's first node, for the panel's period and version.
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client";
import type { FlowFunnel } from "../api/types";

/** The last answer stays while a new one loads; a failure of any report fails the comparison. */
export type AbReportsLoad =
  | { status: "loading"; reports: Record<string, FlowFunnel> | null }
  | { status: "ready"; reports: Record<string, FlowFunnel> }
  | { status: "failed"; error: unknown; reports: null };

export function useAbReports(
  flowId: string,
  { days, version }: { days: number; version: number | null },
  firstNodes: readonly string[],
  /** Changes when the panel's ↻ asks for fresh numbers. */
  refreshKey: number,
): { load: AbReportsLoad; retry: () => void } {
  const [load, setLoad] = useState<AbReportsLoad>({ status: "loading", reports: null });
  const [asked, setAsked] = useState(0);
  // One string, so a new array with the same nodes does not ask again.
  const key = firstNodes.join("\n");

  useEffect(() => {
    void asked;
    void refreshKey;
    let current = true;
    const nodes = key === "" ? [] : key.split("\n");
    setLoad((previous) => ({ status: "loading", reports: previous.reports }));
    Promise.all(nodes.map((through) => api.funnel(flowId, { days, version, through }))).then(
      (answers) => {
        if (current) {
          setLoad({
            status: "ready",
            reports: Object.fromEntries(nodes.map((node, i) => [node, answers[i] as FlowFunnel])),
          });
        }
      },
      (error: unknown) => {
        if (current) setLoad({ status: "failed", error, reports: null });
      },
    );
    return () => {
      current = false;
    };
  }, [flowId, days, version, key, asked, refreshKey]);

  const retry = useCallback(() => setAsked((n) => n + 1), []);
  return { load, retry };
}
