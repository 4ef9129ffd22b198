// The editor store's public surface: import from "web/store" rather than from its files.
export * from "./EditorStoreProvider";
export { createEditorStore, type EditorStore } from "./editorStore";
export * from "./selectors";
export type * from "./types";
