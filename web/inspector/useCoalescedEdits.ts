// Typing in a form field makes one undo step per burst, not one per keystroke: an edit to the same
// field within a second of the last one, with nothing else in between, folds into the step the burst began with.
import { useCallback, useRef } from "react";
import { useEditorStoreApi } from "../store";

export const COALESCE_MS = 1000;

export function useCoalescedEdits(): (key: string, edit: () => void) => void {
  const store = useEditorStoreApi();
  const last = useRef<{ key: string; at: number; depth: number } | null>(null);
  return useCallback(
    (key: string, edit: () => void) => {
      const now = Date.now();
      const previous = last.current;
      const history = store.temporal;
      const depth = history.getState().pastStates.length;
      edit();
      const after = history.getState().pastStates;
      const added = after.length === depth + 1;
      // An undo, a redo or another edit since the last keystroke changes the depth: start a new step.
      const sameBurst =
        previous !== null &&
        previous.key === key &&
        previous.depth === depth &&
        now - previous.at <= COALESCE_MS;
      if (added && sameBurst) {
        history.setState({ pastStates: after.slice(0, -1) });
        last.current = { key, at: now, depth };
      } else {
        last.current = { key, at: now, depth: history.getState().pastStates.length };
      }
    },
    [store],
  );
}
