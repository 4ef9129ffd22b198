// Publishing unchanged content makes no new version: which live version a flow already repeats.
import { type Flow, sameFlowContent, sameFlowLayout } from "../../shared/schema";
import type { PublishedFlow, Store } from "../store/types";

export interface Unchanged {
  /** The latest published version, whose content the flow repeats. */
  live: PublishedFlow;
  /** Only node positions differ, which is no reason for a version (see sameFlowContent). */
  layoutChanged: boolean;
}

/**
 * The latest published version of `flow.id` when `flow` has the same content, else undefined.
 * Checked before `store.publishFlow`, which always makes a version; two identical publishes at the
 * same instant may still both get one, as before, which is harmless.
 */
export async function unchangedSince(store: Store, flow: Flow): Promise<Unchanged | undefined> {
  const [newest] = await store.listFlowVersions(flow.id);
  if (!newest) return undefined;
  const live = await store.getFlowVersion(flow.id, newest.version);
  if (!live || !sameFlowContent(live.flow, flow)) return undefined;
  return { live, layoutChanged: !sameFlowLayout(live.flow, flow) };
}
