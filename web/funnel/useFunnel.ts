// Loads the flow's funnel for the chosen period, version and node filter, and puts the per-node counts on the canvas.
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client";
import type { FlowFunnel, FunnelQuery } from "../api/types";
import { useEditorStoreApi } from "../store";

/** The last answer stays while a new one loads, so the panel does not flash empty on every change. */
export type FunnelLoad =
  | { status: "loading"; data: FlowFunnel | null }
  | { status: "ready"; data: FlowFunnel }
  | { status: "failed"; error: unknown; data: null };

export function useFunnel(
  flowId: string,
  { days, version, through = null }: FunnelQuery,
): { load: FunnelLoad; refresh: () => void } {
  const editor = useEditorStoreApi();
  const [load, setLoad] = useState<FunnelLoad>({ status: "loading", data: null });
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    void asked;
    // An answer to an older choice (the marketer changed the period meanwhile) is dropped.
    let current = true;
    setLoad((previous) => ({ status: "loading", data: previous.data }));
    api.funnel(flowId, { days, version, through }).then(
      (data) => {
        if (!current) return;
        setLoad({ status: "ready", data });
        // No runs at all: the panel says why, and the canvas stays as it is rather than all zeros.
        editor.getState().setFunnel(data.runs > 0 ? data.nodes : null, data.through ?? null);
      },
      (error: unknown) => {
        if (!current) return;
        setLoad({ status: "failed", error, data: null });
        editor.getState().setFunnel(null);
      },
    );
    return () => {
      current = false;
    };
  }, [flowId, days, version, through, asked, editor]);

  // Closing the view takes the badges off the nodes.
  useEffect(() => () => editor.getState().setFunnel(null), [editor]);

  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return { load, refresh };
}
