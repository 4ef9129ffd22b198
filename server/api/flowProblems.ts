// Validation of saved flows with the rest of the folder as context (keyword conflicts, one fallback).
import type { Flow } from "../../shared/schema";
import { hasErrors, type Problem, validateFlow } from "../../shared/validate";
import type { FlowEntry } from "../flows/flowRepository";
import { ApiError } from "./apiError";

export function readableFlows(entries: FlowEntry[]): Flow[] {
  return entries.flatMap((e) => (e.ok ? [e.flow] : []));
}

/** Problems of `flow` judged against the other flows of the folder (validateFlow skips the flow itself). */
export function problemsOf(flow: Flow, entries: FlowEntry[]): Problem[] {
  return validateFlow(flow, { otherFlows: readableFlows(entries).filter((f) => f.id !== flow.id) });
}

export function countProblems(problems: Problem[]): { errors: number; warnings: number } {
  const errors = problems.filter((p) => p.severity === "error").length;
  return { errors, warnings: problems.length - errors };
}

export { hasErrors };

/** A saved file that no longer reads as a flow: 422 with the file, node and field of every error. */
export function unreadableFlowFile(entry: Extract<FlowEntry, { ok: false }>): ApiError {
  return new ApiError(
    422,
    "invalid_flow_file",
    {
      zh: `${entry.file} 无法作为流程读取，请修正文件或从回收站恢复`,
      en: `${entry.file} does not read as a flow; fix the file or restore it from the trash`,
    },
    { file: entry.file, errors: entry.errors },
  );
}
