// How a message names a node to a marketer: its label when it has one, else its id.
import type { FlowNode } from "../schema";

export function nodeName(node: Pick<FlowNode, "id" | "label">): { zh: string; en: string } {
  const label = node.label?.trim();
  if (label) return { zh: `「${label}」`, en: `"${label}"` };
  return { zh: `「${node.id}」`, en: `"${node.id}"` };
}
