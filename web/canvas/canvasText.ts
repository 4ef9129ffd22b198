// The canvas namespace's translate function, shared through context: one useTranslation for the
// whole canvas instead of one per node, which shows when panning mounts dozens of nodes per frame.
import i18n, { type TFunction } from "i18next";
import { createContext, useContext } from "react";

export const CanvasTextContext = createContext<TFunction<"canvas"> | null>(null);

/** The canvas `t`; outside a FlowCanvas it falls back to the app's i18next instance. */
export function useCanvasText(): TFunction<"canvas"> {
  return useContext(CanvasTextContext) ?? i18n.getFixedT(null, "canvas");
}
