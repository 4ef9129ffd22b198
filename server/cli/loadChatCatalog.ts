// The flows a terminal chat talks to: the named files first, then the other flows of their folders.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { FlowCatalog } from "../../shared/engine";
import type { Flow } from "../../shared/schema";
import { formatProblem, hasErrors, validateFlow } from "../../shared/validate";
import { formatFlowFileErrors, loadFlowDirectory, loadFlowFile } from "../flows/loadFlowFile";

export type ChatCatalogResult =
  | { ok: true; catalog: FlowCatalog; named: Flow[]; warnings: string[] }
  /** exitCode 2: a file is missing; 1: a named flow does not load or validate. */
  | { ok: false; exitCode: 1 | 2; errors: string[] };

export async function loadChatCatalog(files: string[]): Promise<ChatCatalogResult> {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    return {
      ok: false,
      exitCode: 2,
      errors: missing.map((f) => `${f}: 文件不存在 / file not found`),
    };
  }
  const warnings: string[] = [];
  const errors: string[] = [];
  const entries: Array<{ file: string; flow: Flow; named: boolean }> = [];
  for (const file of files) {
    const result = await loadFlowFile(file);
    if (result.ok) entries.push({ file, flow: result.flow, named: true });
    else errors.push(formatFlowFileErrors(result));
  }
  if (errors.length > 0) return { ok: false, exitCode: 1, errors };

  const namedPaths = new Set(files.map((f) => resolve(f)));
  for (const dir of new Set(files.map((f) => dirname(f)))) {
    for (const result of await loadFlowDirectory(dir)) {
      if (namedPaths.has(resolve(result.file))) continue;
      if (result.ok) entries.push({ file: result.file, flow: result.flow, named: false });
      else warnings.push(`${formatFlowFileErrors(result)}（已跳过 / skipped）`);
    }
  }

  const catalog: FlowCatalog = { flows: {} };
  const kept: typeof entries = [];
  for (const entry of entries) {
    const id = entry.flow.id;
    if (catalog.flows[id]) {
      warnings.push(
        `${entry.file}: 流程编号「${id}」与前面的文件重复，已跳过 / flow id "${id}" repeats an earlier file; skipped`,
      );
      continue;
    }
    catalog.flows[id] = { flow: entry.flow, version: 0 };
    kept.push(entry);
  }

  const allFlows = kept.map((e) => e.flow);
  for (const entry of kept) {
    const problems = validateFlow(entry.flow, { otherFlows: allFlows });
    const lines = problems.map((p) => formatProblem(entry.file, p));
    if (entry.named && hasErrors(problems)) {
      errors.push(...lines.filter((_, i) => problems[i]!.severity === "error"));
      warnings.push(...lines.filter((_, i) => problems[i]!.severity === "warning"));
    } else {
      warnings.push(...lines);
    }
  }
  if (errors.length > 0) return { ok: false, exitCode: 1, errors: [...errors, ...warnings] };
  return { ok: true, catalog, named: kept.filter((e) => e.named).map((e) => e.flow), warnings };
}
