// The editor store: one zustand store per open flow, made of slices, with zundo recording document changes.
import { temporal } from "zundo";
import { createStore } from "zustand";
import { createCanvasSlice } from "./canvasSlice";
import { createClipboardSlice } from "./clipboardSlice";
import { docOf, sameDoc } from "./convert";
import { createDocumentSlice } from "./documentSlice";
import { createHistorySlice } from "./historySlice";
import { HISTORY_LIMIT, type HistoryStore, type SliceContext } from "./slice";
import type { EditorState, HistoryDoc } from "./types";
import { createUiSlice } from "./uiSlice";

export function createEditorStore() {
  return createStore<EditorState>()(
    temporal(
      (set, get, api) => {
        const ctx: SliceContext = {
          set,
          get,
          history: () => (api as unknown as { temporal: HistoryStore }).temporal,
        };
        return {
          ...createDocumentSlice(ctx),
          ...createCanvasSlice(ctx),
          ...createClipboardSlice(ctx),
          ...createUiSlice(ctx),
          ...createHistorySlice(ctx),
        };
      },
      {
        // Only the document is history: selection, sizes, highlight and dirty never make a step.
        partialize: (state): HistoryDoc => docOf(state),
        equality: sameDoc,
        limit: HISTORY_LIMIT,
      },
    ),
  );
}

export type EditorStore = ReturnType<typeof createEditorStore>;
