// Publishing: a flow file, validated, becomes the next immutable numbered version in the store,
// unless the latest version already has its content.
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Flow } from "../../shared/schema";
import { formatProblem, type Problem, validateFlow } from "../../shared/validate";
import { formatFlowFileErrors, isFlowFileName, loadFlowFile } from "../flows/loadFlowFile";
import type { FlowPublishResult, Store } from "../store/types";

export class PublishError extends Error {
  override readonly name = "PublishError";
}

export interface PublishOutcome extends FlowPublishResult {
  /** Warnings do not block publishing but the marketer should see them. */
  warnings: Problem[];
}

export async function readFlowFile(path: string): Promise<Flow> {
  const result = await loadFlowFile(path);
  if (!result.ok) throw new PublishError(formatFlowFileErrors(result));
  return result.flow;
}

/**
 * Validates against the other published flows (keyword conflicts, jumps) and refuses on errors;
 * then publishes, unless the latest version of the flow has the same content.
 * `alongside` are flows being published together with this one (they may jump to each other).
 */
export async function publishFlow(
  store: Store,
  flow: Flow,
  source: string,
  now: number,
  note = "",
  alongside: Flow[] = [],
): Promise<PublishOutcome> {
  const byId = new Map((await store.latestFlows()).map((p) => [p.flowId, p.flow]));
  for (const f of alongside) byId.set(f.id, f);
  byId.delete(flow.id);
  const others = [...byId.values()];
  const problems = validateFlow(flow, { otherFlows: others });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    throw new PublishError(
      [
        `${source}: not published, ${errors.length} error(s):`,
        ...errors.map((p) => formatProblem(source, p)),
      ].join("\n"),
    );
  }
  const warnings = problems.filter((p) => p.severity === "warning");
  return { ...(await store.publishFlowIfChanged(flow, now, note)), warnings };
}

export async function publishFlowFile(
  store: Store,
  path: string,
  options: { now?: number; note?: string; alongside?: Flow[] } = {},
): Promise<PublishOutcome> {
  const flow = await readFlowFile(path);
  return publishFlow(
    store,
    flow,
    path,
    options.now ?? Date.now(),
    options.note ?? basename(path),
    options.alongside,
  );
}

/** Several files at once, each checked against the others too; one outcome or error per file. */
export async function publishFlowFiles(
  store: Store,
  paths: string[],
  now = Date.now(),
): Promise<
  Array<
    { path: string } & ({ ok: true; outcome: PublishOutcome } | { ok: false; error: PublishError })
  >
> {
  const loaded = await Promise.all(
    paths.map(async (path) => {
      try {
        return { path, flow: await readFlowFile(path) };
      } catch (error) {
        if (error instanceof PublishError) return { path, error };
        throw error;
      }
    }),
  );
  const flows = loaded.flatMap((l) => ("flow" in l && l.flow ? [l.flow] : []));
  const results = [];
  for (const l of loaded) {
    if (!("flow" in l) || !l.flow) {
      results.push({ path: l.path, ok: false as const, error: l.error as PublishError });
      continue;
    }
    try {
      const outcome = await publishFlow(store, l.flow, l.path, now, basename(l.path), flows);
      results.push({ path: l.path, ok: true as const, outcome });
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      results.push({ path: l.path, ok: false as const, error });
    }
  }
  return results;
}

/** Every flow file in a folder (not the JSON Schema), in name order. */
export async function flowFilesIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter(isFlowFileName)
    .sort()
    .map((n) => join(dir, n));
}
