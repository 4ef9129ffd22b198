// One simulator store per open editor (it survives switching tabs), fed the draft and the other flows.
import { useState } from "react";
import { useStore } from "zustand";
import type { StoreApi } from "zustand/vanilla";
import type { FlowCatalog } from "../../shared/engine";
import type { Flow } from "../../shared/schema";
import type { EditorStore } from "../store";
import { simulatorApi } from "./simulatorApi";
import { createSimulatorStore, type SimulatorState } from "./simulatorStore";

export type SimulatorStore = StoreApi<SimulatorState>;

interface Entry {
  store: SimulatorStore;
  /** The latest saved versions of the other flows; replaced when the pane re-renders with new ones. */
  source: { others: Flow[] };
}

const stores = new WeakMap<EditorStore, Entry>();

export function catalogOf(draft: Flow, others: Flow[]): FlowCatalog {
  const flows: FlowCatalog["flows"] = {};
  for (const flow of others) flows[flow.id] = { flow, version: 0 };
  flows[draft.id] = { flow: draft, version: 0 };
  return { flows };
}

function randomId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function useSimulatorStore(
  editor: EditorStore,
  flowId: string,
  others: Flow[],
): SimulatorStore {
  const [entry] = useState<Entry>(() => {
    const existing = stores.get(editor);
    if (existing) return existing;
    const source = { others };
    const store = createSimulatorStore({
      flowId,
      getCatalog: () => catalogOf(editor.getState().toFlow(), source.others),
      now: () => Date.now(),
      randomId,
      sandboxSend: (openid, input) => simulatorApi.sandboxSend(flowId, openid, input),
    });
    const created = { store, source };
    stores.set(editor, created);
    return created;
  });
  entry.source.others = others.filter((f) => f.id !== flowId);
  return entry.store;
}

export function useSim<T>(store: SimulatorStore, selector: (s: SimulatorState) => T): T {
  return useStore(store, selector);
}
