// Saving the open flow: explicit saves, autosave ~2 s after the last change, and the 409 conflict state.
import { useCallback, useEffect, useRef, useState } from "react";
import { parseFlow } from "../../shared/schema";
import { ApiError } from "../api/ApiError";
import { api } from "../api/client";
import type { FlowLoadErrorItem } from "../api/types";
import type { EditorStore } from "../store";

export const AUTOSAVE_DELAY_MS = 2000;

export type SaveStatus = "saved" | "dirty" | "saving" | "autosaved" | "failed" | "invalid";

export interface SaveState {
  status: SaveStatus;
  /** When the last save finished (Unix ms). */
  savedAt: number | null;
  /** Why the document cannot be saved (schema errors), or the server's refusal. */
  invalid: FlowLoadErrorItem[];
  /** The server has a newer revision than the one this document is based on. */
  conflict: boolean;
}

export interface FlowSaver extends SaveState {
  save: (mode?: "manual" | "auto") => Promise<boolean>;
  /** Forget the conflict (after reload or copy). */
  clearConflict: () => void;
}

export function useFlowSaver(store: EditorStore, enabled: boolean): FlowSaver {
  const [state, setState] = useState<SaveState>({
    status: "saved",
    savedAt: null,
    invalid: [],
    conflict: false,
  });
  const saving = useRef<Promise<boolean> | null>(null);
  const again = useRef(false);
  const conflict = useRef(false);
  // The person pressed save while an autosave was on its way: that save is theirs, and says "saved".
  const manualJoined = useRef(false);

  const save = useCallback(
    async (mode: "manual" | "auto" = "manual"): Promise<boolean> => {
      if (conflict.current) return false;
      if (saving.current) {
        // A change arrived while saving: save once more when this one is done.
        again.current = true;
        if (mode === "manual") manualJoined.current = true;
        return saving.current;
      }
      const run = async (): Promise<boolean> => {
        const before = store.getState();
        const flow = before.toFlow();
        const parsed = parseFlow(flow);
        if (!parsed.ok) {
          setState((s) => ({ ...s, status: "invalid", invalid: parsed.errors }));
          return false;
        }
        const startedAt = before.docVersion;
        setState((s) => ({ ...s, status: "saving" }));
        try {
          const { revision } = await api.saveFlow(flow, before.revision ?? "");
          const now = store.getState();
          if (now.docVersion === startedAt) {
            now.markSaved(revision);
          } else {
            // Edited while saving: the server has the older text; base the next save on it.
            store.setState({ revision });
            again.current = true;
          }
          const asked = mode === "manual" || manualJoined.current;
          manualJoined.current = false;
          setState({
            status: now.docVersion === startedAt ? (asked ? "saved" : "autosaved") : "dirty",
            savedAt: Date.now(),
            invalid: [],
            conflict: false,
          });
          return true;
        } catch (e) {
          if (e instanceof ApiError && e.status === 409) {
            conflict.current = true;
            setState((s) => ({ ...s, status: "dirty", conflict: true }));
          } else if (e instanceof ApiError && e.status === 400) {
            setState((s) => ({ ...s, status: "invalid", invalid: e.flowErrors }));
          } else {
            setState((s) => ({ ...s, status: "failed" }));
          }
          return false;
        }
      };
      saving.current = run();
      const ok = await saving.current;
      saving.current = null;
      manualJoined.current = false;
      if (again.current) {
        again.current = false;
        if (store.getState().dirty) void save("auto");
      }
      return ok;
    },
    [store],
  );

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((now, previous) => {
      if (now.docVersion === previous.docVersion) return;
      clearTimeout(timer);
      if (!now.dirty) {
        setState((s) =>
          s.status === "dirty" || s.status === "invalid" ? { ...s, status: "saved" } : s,
        );
        return;
      }
      setState((s) => (s.status === "saving" ? s : { ...s, status: "dirty" }));
      timer = setTimeout(() => void save("auto"), AUTOSAVE_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, enabled, save]);

  const clearConflict = useCallback(() => {
    conflict.current = false;
    setState((s) => ({ ...s, conflict: false }));
  }, []);

  return { ...state, save, clearConflict };
}
