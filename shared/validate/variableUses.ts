// Every place a node refers to a variable: inside templates and by name, with the field it sits in.

import type { FlowNode } from "../schema";
import { templateVariables } from "./templateVariables";

export interface VariableUse {
  name: string;
  /** Dotted path inside the node. */
  field: string;
  /** A `{{name}}` in text, or a variable named outright (input, saveTo, set, condition…). */
  via: "template" | "name";
}

function templates(node: FlowNode): Array<{ field: string; text: string }> {
  switch (node.kind) {
    case "message":
      return node.messages.flatMap((m, i) => {
        if (m.type === "text") return [{ field: `messages.${i}.text`, text: m.text }];
        if (m.type === "news") {
          return m.articles.flatMap((a, j) => [
            { field: `messages.${i}.articles.${j}.title`, text: a.title },
            { field: `messages.${i}.articles.${j}.description`, text: a.description ?? "" },
            { field: `messages.${i}.articles.${j}.url`, text: a.url },
          ]);
        }
        return [];
      });
    case "question":
      return [
        { field: "prompt", text: node.prompt },
        { field: "reprompt", text: node.reprompt },
      ];
    case "http":
      return [
        { field: "url", text: node.url },
        { field: "body", text: node.body },
        ...node.headers.map((h, i) => ({ field: `headers.${i}.value`, text: h.value })),
      ];
    case "set":
      return node.assignments.map((a, i) => ({ field: `assignments.${i}.value`, text: a.value }));
    case "handoff":
      return [{ field: "reason", text: node.reason }];
    default:
      return [];
  }
}

function names(node: FlowNode): Array<{ field: string; name: string }> {
  switch (node.kind) {
    case "question":
      if (node.answer.type === "input")
        return [{ field: "answer.variable", name: node.answer.variable }];
      return node.answer.saveTo ? [{ field: "answer.saveTo", name: node.answer.saveTo }] : [];
    case "set":
      return node.assignments.map((a, i) => ({
        field: `assignments.${i}.variable`,
        name: a.variable,
      }));
    case "condition":
      return node.branches.flatMap((b, i) =>
        b.rules.flatMap((r, j) =>
          r.left.type === "variable"
            ? [{ field: `branches.${i}.rules.${j}.left.name`, name: r.left.name }]
            : [],
        ),
      );
    case "http":
      return [
        ...node.responseMappings.map((m, i) => ({
          field: `responseMappings.${i}.variable`,
          name: m.variable,
        })),
        ...(node.statusVariable ? [{ field: "statusVariable", name: node.statusVariable }] : []),
      ];
    default:
      return [];
  }
}

export function variableUses(node: FlowNode): VariableUse[] {
  return [
    ...templates(node).flatMap(({ field, text }) =>
      templateVariables(text).map((name) => ({ name, field, via: "template" as const })),
    ),
    ...names(node).map(({ field, name }) => ({ name, field, via: "name" as const })),
  ];
}
