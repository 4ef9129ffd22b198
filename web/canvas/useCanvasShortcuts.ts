// Keyboard shortcuts on the canvas; keys typed into inputs, text areas and dialogs are left alone.

import type { XYPosition } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { useEditorStoreApi } from "../store";

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "range", "color"].includes(type);
  }
  return false;
}

/**
 * Editing keys (Delete, copy, paste, select all…) act on nodes only when focus is on the canvas, its
 * palette or toolbar, or nowhere in particular, never when a button in another panel has focus.
 */
function onCanvas(target: EventTarget | null): boolean {
  if (!(target instanceof Element) || target === document.body) return true;
  return target.closest(".hs-canvas, .hs-palette, .hs-toolbar") !== null;
}

/** `pastePosition` tells where pasted nodes should land (the pointer over the canvas), if anywhere. */
export function useCanvasShortcuts(pastePosition: () => XYPosition | undefined): void {
  const store = useEditorStoreApi();
  const pendingPaste = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const actions = () => store.getState();

    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || isTyping(event.target)) return;
      if (document.querySelector("[role=dialog][aria-modal=true]:not(.hs-shortcuts)")) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const s = actions();
      const editing = onCanvas(event.target);
      if (!editing && !(mod && (key === "z" || key === "y" || key === "f"))) {
        if (event.key === "?" && !mod) s.setShortcutsOpen(true);
        return;
      }
      if (!mod && (event.key === "Delete" || event.key === "Backspace")) {
        event.preventDefault();
        s.deleteSelection();
      } else if (mod && key === "z" && !event.shiftKey) {
        event.preventDefault();
        s.undo();
      } else if (mod && ((key === "z" && event.shiftKey) || key === "y")) {
        event.preventDefault();
        s.redo();
      } else if (mod && key === "d") {
        event.preventDefault();
        s.duplicateSelection();
      } else if (mod && key === "a") {
        event.preventDefault();
        s.selectAll();
      } else if (mod && key === "f") {
        event.preventDefault();
        s.setFindOpen(true);
      } else if (mod && key === "c") {
        // The native copy event also fires and carries the same text to other windows.
        s.copySelection();
      } else if (mod && key === "v") {
        // Normally the paste event brings the text; if none comes, read the clipboard ourselves.
        if (pendingPaste.current) clearTimeout(pendingPaste.current);
        const at = pastePosition();
        pendingPaste.current = setTimeout(() => {
          pendingPaste.current = null;
          void actions().paste(at);
        }, 80);
      } else if (event.key === "?" && !mod) {
        event.preventDefault();
        s.setShortcutsOpen(true);
      } else if (event.key === "Escape") {
        if (s.shortcutsOpen) s.setShortcutsOpen(false);
        else if (s.findOpen) s.setFindOpen(false);
        else s.setSelection([]);
      }
    }

    function onCopy(event: ClipboardEvent) {
      if (isTyping(event.target) || !onCanvas(event.target)) return;
      if (window.getSelection()?.toString()) return;
      const text = actions().copySelection();
      if (text && event.clipboardData) {
        event.clipboardData.setData("text/plain", text);
        event.preventDefault();
      }
    }

    function onPaste(event: ClipboardEvent) {
      if (isTyping(event.target) || !onCanvas(event.target)) return;
      if (pendingPaste.current) {
        clearTimeout(pendingPaste.current);
        pendingPaste.current = null;
      }
      const text = event.clipboardData?.getData("text/plain");
      if (text && actions().pasteText(text, pastePosition()) > 0) event.preventDefault();
    }

    window.addEventListener("keydown", onKeyDown);
    document.addEventListener("copy", onCopy);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("paste", onPaste);
      if (pendingPaste.current) clearTimeout(pendingPaste.current);
    };
  }, [store, pastePosition]);
}
