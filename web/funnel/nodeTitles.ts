// Node titles as the canvas shows them (label, else the kind's name), for the ids the funnel names.
import type { TFunction } from "i18next";
import { useShallow } from "zustand/react/shallow";
import { useEditorStore } from "../store";

/** One title per id, null for ids no longer in the draft; primitives, so the panel re-renders only on change. */
export function useNodeTitles(ids: readonly string[], t: TFunction<"canvas">): (string | null)[] {
  return useEditorStore(
    useShallow((s) => {
      const byId = new Map(s.nodes.map((n) => [n.id, n.data]));
      return ids.map((id) => {
        const node = byId.get(id);
        return node ? node.label?.trim() || t(`kinds.${node.kind}.name`) : null;
      });
    }),
  );
}
