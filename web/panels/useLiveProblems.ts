// Validates the open document ~300 ms after each change and pushes the result into the store.
import { useEffect } from "react";
import type { Flow } from "../../shared/schema";
import { validateFlow } from "../../shared/validate";
import type { EditorStore } from "../store";

export const VALIDATE_DELAY_MS = 300;

export function useLiveProblems(store: EditorStore, otherFlows: Flow[] | null): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      const state = store.getState();
      try {
        const problems = validateFlow(state.toFlow(), otherFlows ? { otherFlows } : {});
        state.setProblems(problems);
      } catch {
        // A half-edited document the schema would refuse; the next change validates again.
      }
    };
    run();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.docVersion === previous.docVersion) return;
      clearTimeout(timer);
      timer = setTimeout(run, VALIDATE_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, otherFlows]);
}
