// The account's saved custom menu, read quietly in the background: on mount and again whenever the
// window regains focus (the menu page may have saved meanwhile, in this tab or another).
import { useEffect, useState } from "react";
import { type MenuDocument, menuDocumentSchema } from "../../shared/menu";
import { getMenu } from "./menu";

/** "loading" until the first answer; "unavailable" when the read failed or the file is broken. */
export type SavedMenuState =
  | { status: "loading" }
  | { status: "unavailable" }
  | { status: "loaded"; menu: MenuDocument };

export function useSavedMenuState(): SavedMenuState {
  const [state, setState] = useState<SavedMenuState>({ status: "loading" });
  useEffect(() => {
    let latest = 0;
    let alive = true;
    const load = () => {
      const asked = ++latest;
      // Only the newest answer counts: a slow one must not overwrite a later save.
      const settle = (next: SavedMenuState) => {
        if (alive && asked === latest) setState(next);
      };
      getMenu().then(
        (answer) => {
          const parsed = menuDocumentSchema.safeParse(answer?.menu);
          settle(
            parsed.success ? { status: "loaded", menu: parsed.data } : { status: "unavailable" },
          );
        },
        // Not logged in, no menu API or a broken file: whoever asked keeps working without it.
        () => settle({ status: "unavailable" }),
      );
    };
    load();
    window.addEventListener("focus", load);
    return () => {
      alive = false;
      window.removeEventListener("focus", load);
    };
  }, []);
  return state;
}
