// Keys on the menu page: Ctrl+S saves; Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo menu edits,
// even while typing, since every field shows the store's value.
import { useEffect } from "react";
import type { MenuEditorStore } from "./menuStore";

export function useMenuShortcuts(store: MenuEditorStore, onSave: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      // A dialog (confirm, conflict) is open: its own keys only.
      if (document.querySelector("[role=dialog]")) return;
      if (key === "s" && !event.shiftKey) {
        event.preventDefault();
        onSave();
      } else if (key === "z") {
        event.preventDefault();
        if (event.shiftKey) store.getState().redo();
        else store.getState().undo();
      } else if (key === "y" && !event.shiftKey) {
        event.preventDefault();
        store.getState().redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, onSave]);
}
