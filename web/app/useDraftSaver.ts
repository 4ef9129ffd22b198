// Saving an edited draft to the server, for the flow editor and the menu page alike: one save at a
// time (another right after it when edits arrived meanwhile), autosave ~2 s after the last change,
// and a 409 conflict that pauses saving until the person has chosen what to keep.
import { useCallback, useEffect, useRef, useState } from "react";

export const AUTOSAVE_DELAY_MS = 2000;

export type SaveStatus = "saved" | "dirty" | "saving" | "autosaved" | "failed" | "invalid";

/** What one attempt to save the current draft came to; null when there was nothing to save. */
export type SaveAttempt<Invalid> =
  /** `overtaken`: edits arrived while saving, so the draft is still unsaved and saves again. */
  | { outcome: "saved"; overtaken: boolean }
  | { outcome: "conflict" }
  | { outcome: "invalid"; invalid: Invalid }
  | { outcome: "failed" };

/** The part of an editor's store the saver watches: each change bumps `docVersion`. */
export interface DraftStore {
  getState(): { dirty: boolean; docVersion: number };
  subscribe(
    listener: (
      now: { dirty: boolean; docVersion: number },
      previous: { docVersion: number },
    ) => void,
  ): () => void;
}

export interface DraftSaveState<Invalid> {
  status: SaveStatus;
  /** Why the draft cannot be saved (its shape, or the server's refusal); `valid` otherwise. */
  invalid: Invalid;
  /** The server has a newer revision than the one the draft is based on: saving is paused. */
  conflict: boolean;
}

export interface DraftSaver<Invalid> extends DraftSaveState<Invalid> {
  save: (mode?: "manual" | "auto") => Promise<boolean>;
  /** Forget the conflict (after reloading, overwriting or copying). */
  clearConflict: () => void;
  /** Another answer (a publish) found the saved draft changed elsewhere: pause saving, ask. */
  markConflict: () => void;
}

/**
 * `attempt` saves the store's current draft once and says how it went; it calls `saving()` once it
 * is about to ask the server. `valid` is the `invalid` value of a draft with nothing wrong.
 */
export function useDraftSaver<Invalid>(
  store: DraftStore,
  enabled: boolean,
  attempt: (saving: () => void) => Promise<SaveAttempt<Invalid> | null>,
  valid: Invalid,
): DraftSaver<Invalid> {
  const [state, setState] = useState<DraftSaveState<Invalid>>({
    status: "saved",
    invalid: valid,
    conflict: false,
  });
  const saving = useRef<Promise<boolean> | null>(null);
  const again = useRef(false);
  const conflict = useRef(false);
  // The person pressed save while an autosave was on its way: that save is theirs, and says "saved".
  const manualJoined = useRef(false);
  const latest = useRef({ attempt, valid });
  latest.current = { attempt, valid };

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
        const result = await latest.current.attempt(() =>
          setState((s) => ({ ...s, status: "saving" })),
        );
        if (result === null) return true;
        switch (result.outcome) {
          case "saved": {
            if (result.overtaken) again.current = true;
            const asked = mode === "manual" || manualJoined.current;
            manualJoined.current = false;
            setState({
              status: result.overtaken ? "dirty" : asked ? "saved" : "autosaved",
              invalid: latest.current.valid,
              conflict: false,
            });
            return true;
          }
          case "conflict":
            conflict.current = true;
            setState((s) => ({ ...s, status: "dirty", conflict: true }));
            return false;
          case "invalid":
            setState((s) => ({ ...s, status: "invalid", invalid: result.invalid }));
            return false;
          case "failed":
            setState((s) => ({ ...s, status: "failed" }));
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
    setState((s) => ({
      ...s,
      conflict: false,
      status: store.getState().dirty ? "dirty" : "saved",
    }));
  }, [store]);

  const markConflict = useCallback(() => {
    conflict.current = true;
    setState((s) => ({ ...s, conflict: true }));
  }, []);

  return { ...state, save, clearConflict, markConflict };
}
