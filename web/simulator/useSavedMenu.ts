// The account's saved custom menu for the preview (web/api/useSavedMenuState: loaded when the preview
// opens and again when the window regains focus); null while loading or when unavailable.
import type { MenuDocument } from "../../shared/menu";
import { useSavedMenuState } from "../api/useSavedMenuState";

export function useSavedMenu(): MenuDocument | null {
  const saved = useSavedMenuState();
  return saved.status === "loaded" ? saved.menu : null;
}
