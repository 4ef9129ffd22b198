// The catalog's triggers gathered across flows in a stable order (by flow id), cached per catalog.
import type { EventTrigger, FallbackTrigger } from "../schema";
import type { KeywordCandidate } from "./keywords";
import type { FlowCatalog, VersionedFlow } from "./types";

export interface EventCandidate {
  flowId: string;
  trigger: EventTrigger;
}

export interface CatalogIndex {
  /** Flows sorted by id. */
  flows: VersionedFlow[];
  globalKeywords: KeywordCandidate[];
  keywords: KeywordCandidate[];
  events: EventCandidate[];
  /** The first fallback trigger by flow id; validation warns when there are several. */
  fallback: { flowId: string; trigger: FallbackTrigger } | null;
}

interface Cached {
  members: VersionedFlow[];
  index: CatalogIndex;
}
const cache = new WeakMap<Record<string, VersionedFlow>, Cached>();

function build(flows: Record<string, VersionedFlow>): CatalogIndex {
  const ids = Object.keys(flows).sort();
  const index: CatalogIndex = {
    flows: [],
    globalKeywords: [],
    keywords: [],
    events: [],
    fallback: null,
  };
  for (const id of ids) {
    const vf = flows[id]!;
    index.flows.push(vf);
    vf.flow.triggers.forEach((trigger, order) => {
      if (trigger.type === "keyword") {
        const candidate = { flowId: id, trigger, order };
        (trigger.global ? index.globalKeywords : index.keywords).push(candidate);
      } else if (trigger.type === "event") {
        index.events.push({ flowId: id, trigger });
      } else if (!index.fallback) {
        index.fallback = { flowId: id, trigger };
      }
    });
  }
  return index;
}

/**
 * Cached on the catalog's `flows` record; a host that replaces an entry in place (a new publish)
 * is noticed because the cached members are compared by identity on each call.
 */
export function catalogIndex(catalog: FlowCatalog): CatalogIndex {
  const flows = catalog.flows;
  const cached = cache.get(flows);
  if (cached) {
    const values = Object.values(flows);
    const same =
      values.length === cached.members.length && values.every((v, i) => v === cached.members[i]);
    if (same) return cached.index;
  }
  const index = build(flows);
  cache.set(flows, { members: Object.values(flows), index });
  return index;
}
