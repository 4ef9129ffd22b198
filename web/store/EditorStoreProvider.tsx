// React access to the editor store: a provider holding one store, and narrow selector hooks.
import { createContext, type ReactNode, useContext, useState } from "react";
import type { TemporalState } from "zundo";
import { useStore } from "zustand";
import { createEditorStore, type EditorStore } from "./editorStore";
import type { EditorState, HistoryDoc } from "./types";

const EditorStoreContext = createContext<EditorStore | null>(null);

/** Provides `store`, or a fresh one when none is given (one per open flow). */
export function EditorStoreProvider({
  store,
  children,
}: {
  store?: EditorStore;
  children: ReactNode;
}) {
  const [own] = useState(() => store ?? createEditorStore());
  return <EditorStoreContext.Provider value={store ?? own}>{children}</EditorStoreContext.Provider>;
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditorStore needs an <EditorStoreProvider> above it");
  return store;
}

/** Select one narrow thing; never the whole state or the whole nodes array in a node component. */
export function useEditorStore<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

export function useEditorHistory<T>(selector: (state: TemporalState<HistoryDoc>) => T): T {
  return useStore(useEditorStoreApi().temporal, selector);
}

export function useCanUndo(): boolean {
  return useEditorHistory((h) => h.pastStates.length > 0);
}

export function useCanRedo(): boolean {
  return useEditorHistory((h) => h.futureStates.length > 0);
}
