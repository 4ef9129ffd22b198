// The account's saved custom menu for the preview: loaded when the preview opens and again when the
// window regains focus (the menu editor may have saved meanwhile); null when empty or unavailable.
import { useEffect, useState } from "react";
import { type MenuDocument, menuDocumentSchema } from "../../shared/menu";
import { getMenu } from "../api/menu";

export function useSavedMenu(): MenuDocument | null {
  const [menu, setMenu] = useState<MenuDocument | null>(null);
  useEffect(() => {
    let latest = 0;
    let alive = true;
    const load = () => {
      const asked = ++latest;
      // Only the newest answer counts: a slow one must not overwrite a later save.
      const settle = (next: MenuDocument | null) => {
        if (alive && asked === latest) setMenu(next);
      };
      getMenu().then(
        (state) => {
          const parsed = menuDocumentSchema.safeParse(state?.menu);
          settle(parsed.success ? parsed.data : null);
        },
        // Not logged in, no menu API or a broken file: the trigger buttons keep the preview usable.
        () => settle(null),
      );
    };
    load();
    window.addEventListener("focus", load);
    return () => {
      alive = false;
      window.removeEventListener("focus", load);
    };
  }, []);
  return menu;
}
