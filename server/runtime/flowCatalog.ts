// Keeps the latest published flows (the engine's catalog) and pinned old versions in memory.
import type { FlowCatalog, VersionedFlow } from "../../shared/engine";
import { LruMap } from "../store/lruMap";
import type { Store } from "../store/types";

export interface FlowCatalogCache {
  /** The latest published version of every flow; re-read after `invalidate()` or when stale. */
  latest(): Promise<FlowCatalog>;
  /** A specific version (immutable: cached, the most recently used ones). */
  version(flowId: string, version: number): Promise<VersionedFlow | undefined>;
  /** Call after publishing so the next message sees the new versions at once. */
  invalidate(): void;
  /** How many versions are held in memory (tests). */
  readonly cachedVersions: number;
}

/**
 * Versions kept in memory. Every publish makes one more, and a server runs for months: an
 * unbounded cache held each version ever published (about 14 KB per version of the e-commerce
 * flow). Conversations pinned to a version dropped here are served after one database read.
 */
export const CACHED_FLOW_VERSIONS = 100;

/**
 * `maxAgeMs` bounds how long a publish made by another process (the publish CLI) goes unseen;
 * a publish through this process calls invalidate() and is seen at once.
 */
export function createFlowCatalogCache(
  store: Store,
  options: { now: () => number; maxAgeMs?: number },
): FlowCatalogCache {
  const maxAgeMs = options.maxAgeMs ?? 5000;
  let current: { catalog: FlowCatalog; loadedAt: number } | undefined;
  let loading: Promise<FlowCatalog> | undefined;
  const versions = new LruMap<string, VersionedFlow>(CACHED_FLOW_VERSIONS);

  async function load(): Promise<FlowCatalog> {
    const published = await store.latestFlows();
    const flows: FlowCatalog["flows"] = {};
    for (const p of published) {
      const versioned = { flow: p.flow, version: p.version };
      flows[p.flowId] = versioned;
      versions.set(`${p.flowId}@${p.version}`, versioned);
    }
    const catalog = { flows };
    current = { catalog, loadedAt: options.now() };
    return catalog;
  }

  return {
    latest() {
      if (current && options.now() - current.loadedAt < maxAgeMs) {
        return Promise.resolve(current.catalog);
      }
      // One reload at a time however many messages arrive together.
      loading ??= load().finally(() => {
        loading = undefined;
      });
      return loading;
    },
    async version(flowId, version) {
      const key = `${flowId}@${version}`;
      const cached = versions.get(key);
      if (cached) return cached;
      const published = await store.getFlowVersion(flowId, version);
      if (!published) return undefined;
      const versioned = { flow: published.flow, version: published.version };
      versions.set(key, versioned);
      return versioned;
    },
    invalidate() {
      current = undefined;
    },
    get cachedVersions() {
      return versions.size;
    },
  };
}
