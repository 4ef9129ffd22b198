// Ctrl+S (⌘S) saves from anywhere on the editor page, even while typing; the canvas owns undo/redo keys.
import { useEffect } from "react";

export function useEditorShortcuts(onSave: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() === "s") {
        // The browser would otherwise offer to save the page as HTML.
        event.preventDefault();
        onSave();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onSave]);
}
