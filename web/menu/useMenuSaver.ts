// Saving the menu draft: explicit saves, autosave after a pause, the 409 conflict, and refusals.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/ApiError";
import { api } from "../api/client";
import type { Bilingual, MenuState } from "../api/types";
import type { SaveStatus } from "../app/useFlowSaver";
import { AUTOSAVE_DELAY_MS } from "../app/useFlowSaver";
import type { MenuEditorStore } from "./menuStore";

export interface MenuSaveState {
  status: SaveStatus;
  /** The server's refusal of the draft's shape (400), in both languages. */
  invalid: Bilingual | null;
  /** The server has a newer menu than the one this draft is based on: saving is paused. */
  conflict: boolean;
}

export interface MenuSaver extends MenuSaveState {
  save: (mode?: "manual" | "auto") => Promise<boolean>;
  clearConflict: () => void;
  /** Another answer (publish) found the saved draft changed elsewhere: pause saving, ask. */
  markConflict: () => void;
}

export function useMenuSaver(
  store: MenuEditorStore,
  enabled: boolean,
  onSaved: (state: MenuState) => void,
): MenuSaver {
  const [state, setState] = useState<MenuSaveState>({
    status: "saved",
    invalid: null,
    conflict: false,
  });
  const saving = useRef<Promise<boolean> | null>(null);
  const again = useRef(false);
  const conflicted = useRef(false);
  const manualJoined = useRef(false);
  const saved = useRef(onSaved);
  saved.current = onSaved;

  const save = useCallback(
    async (mode: "manual" | "auto" = "manual"): Promise<boolean> => {
      if (conflicted.current) return false;
      if (saving.current) {
        again.current = true;
        if (mode === "manual") manualJoined.current = true;
        return saving.current;
      }
      const run = async (): Promise<boolean> => {
        const before = store.getState();
        if (!before.dirty && before.revision !== null) return true;
        const { menu, docVersion } = before;
        setState((s) => ({ ...s, status: "saving" }));
        try {
          const answer = await api.saveMenu(menu, before.revision);
          store.getState().markSaved(answer.revision, menu);
          const now = store.getState();
          if (now.docVersion !== docVersion) again.current = true;
          const asked = mode === "manual" || manualJoined.current;
          manualJoined.current = false;
          saved.current(answer);
          setState({
            status: now.docVersion === docVersion ? (asked ? "saved" : "autosaved") : "dirty",
            invalid: null,
            conflict: false,
          });
          return true;
        } catch (e) {
          if (e instanceof ApiError && e.status === 409) {
            conflicted.current = true;
            setState((s) => ({ ...s, status: "dirty", conflict: true }));
          } else if (e instanceof ApiError && e.status === 400) {
            setState((s) => ({ ...s, status: "invalid", invalid: e.text ?? null }));
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
    conflicted.current = false;
    setState((s) => ({
      ...s,
      conflict: false,
      status: store.getState().dirty ? "dirty" : "saved",
    }));
  }, [store]);

  const markConflict = useCallback(() => {
    conflicted.current = true;
    setState((s) => ({ ...s, conflict: true }));
  }, []);

  return { ...state, save, clearConflict, markConflict };
}
