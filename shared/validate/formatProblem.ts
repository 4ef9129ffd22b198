// One line per problem for terminals and logs: file, node (or edge, trigger), field, code and message.
import type { Problem } from "./problem";

export function formatProblem(source: string, p: Problem): string {
  const where = [
    p.nodeId ? `node ${p.nodeId}` : "",
    p.edgeId ? `edge ${p.edgeId}` : "",
    p.triggerId ? `trigger ${p.triggerId}` : "",
    p.field ? `field ${p.field}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const level = p.severity === "error" ? "错误 error" : "警告 warning";
  return `${source}${where ? ` (${where})` : ""}: ${level} ${p.code}: ${p.message.zh} / ${p.message.en}`;
}
