// Saving the menu draft: explicit saves, autosave after a pause, the 409 conflict, and refusals
// (the machinery is useDraftSaver's, shared with the flow editor).
import { useCallback, useRef } from "react";
import { ApiError } from "../api/ApiError";
import { api } from "../api/client";
import type { Bilingual, MenuState } from "../api/types";
import { type DraftSaver, type SaveAttempt, useDraftSaver } from "../app/useDraftSaver";
import type { MenuEditorStore } from "./menuStore";

/** `invalid`: the server's refusal of the draft's shape (400), in both languages. */
export type MenuSaver = DraftSaver<Bilingual | null>;

export function useMenuSaver(
  store: MenuEditorStore,
  enabled: boolean,
  onSaved: (state: MenuState) => void,
): MenuSaver {
  const saved = useRef(onSaved);
  saved.current = onSaved;
  const attempt = useCallback(
    async (saving: () => void): Promise<SaveAttempt<Bilingual | null> | null> => {
      const before = store.getState();
      if (!before.dirty && before.revision !== null) return null;
      const { menu, docVersion } = before;
      saving();
      try {
        const answer = await api.saveMenu(menu, before.revision);
        store.getState().markSaved(answer.revision, menu);
        saved.current(answer);
        return { outcome: "saved", overtaken: store.getState().docVersion !== docVersion };
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) return { outcome: "conflict" };
        if (e instanceof ApiError && e.status === 400)
          return { outcome: "invalid", invalid: e.text ?? null };
        return { outcome: "failed" };
      }
    },
    [store],
  );
  return useDraftSaver(store, enabled, attempt, null);
}
