// What every slice of the editor store is built from: zustand's set/get and the undo history.
import type { TemporalState } from "zundo";
import type { StoreApi } from "zustand";
import type { EditorState, HistoryDoc } from "./types";

export type HistoryStore = StoreApi<TemporalState<HistoryDoc>>;

export interface SliceContext {
  set: (partial: Partial<EditorState> | ((state: EditorState) => Partial<EditorState>)) => void;
  get: () => EditorState;
  /** The zundo history store (available once the store exists, i.e. inside actions). */
  history: () => HistoryStore;
}

/** Undo keeps at most this many steps. */
export const HISTORY_LIMIT = 200;
