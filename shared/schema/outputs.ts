// The outgoing connection points of each node kind; the editor, the engine and validation all read these.
import type { FlowNode } from "./node";

export interface NodeOutput {
  /** The edge's `sourceHandle`. */
  handle: string;
  /** What the point means; option and branch labels come from the node, the rest are fixed words. */
  kind: "next" | "option" | "noMatch" | "branch" | "else" | "success" | "failure";
  /** The option's or branch's own label, when it has one. */
  label?: string;
}

export const NEXT = "next";
export const NO_MATCH = "noMatch";
export const ELSE = "else";
export const SUCCESS = "success";
export const FAILURE = "failure";

export function outputsOf(node: FlowNode): NodeOutput[] {
  switch (node.kind) {
    case "message":
    case "set":
    case "tag":
      return [{ handle: NEXT, kind: "next" }];
    case "question":
      if (node.answer.type === "options") {
        return [
          ...node.answer.options.map((o) => ({
            handle: o.id,
            kind: "option" as const,
            label: o.label,
          })),
          { handle: NO_MATCH, kind: "noMatch" },
        ];
      }
      return [
        { handle: NEXT, kind: "next" },
        { handle: NO_MATCH, kind: "noMatch" },
      ];
    case "condition":
      return [
        ...node.branches.map((b) => ({ handle: b.id, kind: "branch" as const, label: b.label })),
        { handle: ELSE, kind: "else" },
      ];
    case "ab":
      return node.branches.map((b) => ({ handle: b.id, kind: "branch" as const, label: b.label }));
    case "http":
      return [
        { handle: SUCCESS, kind: "success" },
        { handle: FAILURE, kind: "failure" },
      ];
    case "handoff":
    case "jump":
    case "end":
      return [];
  }
}
