// Saving the open flow: explicit saves, autosave ~2 s after the last change, and the 409 conflict
// state (the machinery is useDraftSaver's, shared with the menu page).
import { useCallback } from "react";
import { parseFlow } from "../../shared/schema";
import { ApiError } from "../api/ApiError";
import { api } from "../api/client";
import type { FlowLoadErrorItem } from "../api/types";
import type { EditorStore } from "../store";
import { type DraftSaver, type SaveAttempt, useDraftSaver } from "./useDraftSaver";

export { AUTOSAVE_DELAY_MS, type SaveStatus } from "./useDraftSaver";

/** `invalid`: why the document cannot be saved (schema errors), or the server's refusal. */
export type FlowSaver = DraftSaver<FlowLoadErrorItem[]>;

const NOTHING_WRONG: FlowLoadErrorItem[] = [];

export function useFlowSaver(store: EditorStore, enabled: boolean): FlowSaver {
  const attempt = useCallback(
    async (saving: () => void): Promise<SaveAttempt<FlowLoadErrorItem[]>> => {
      const before = store.getState();
      const flow = before.toFlow();
      const parsed = parseFlow(flow);
      if (!parsed.ok) return { outcome: "invalid", invalid: parsed.errors };
      const startedAt = before.docVersion;
      saving();
      try {
        const { revision } = await api.saveFlow(flow, before.revision ?? "");
        const now = store.getState();
        if (now.docVersion === startedAt) {
          now.markSaved(revision);
          return { outcome: "saved", overtaken: false };
        }
        // Edited while saving: the server has the older text; base the next save on it.
        store.setState({ revision });
        return { outcome: "saved", overtaken: true };
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) return { outcome: "conflict" };
        if (e instanceof ApiError && e.status === 400)
          return { outcome: "invalid", invalid: e.flowErrors };
        return { outcome: "failed" };
      }
    },
    [store],
  );
  return useDraftSaver(store, enabled, attempt, NOTHING_WRONG);
}
