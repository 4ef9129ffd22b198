// Short random ids for new nodes, edges, options and branches; never reused within a flow.
import type { FlowNode } from "../../shared/schema";

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

function randomPart(length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** A fresh id `${prefix}_xxxxxx` that `taken` does not know yet. */
export function newId(prefix: string, taken: (id: string) => boolean): string {
  for (let length = 6; ; length += 1) {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const id = `${prefix}_${randomPart(length)}`;
      if (!taken(id)) return id;
    }
  }
}

/** Every id used in a flow's nodes, options, branches and edges: one namespace keeps handles unambiguous. */
export function collectIds(
  nodes: readonly { data: FlowNode }[],
  edges: readonly { id: string }[],
): Set<string> {
  const ids = new Set<string>();
  for (const { data } of nodes) {
    ids.add(data.id);
    if (data.kind === "question" && data.answer.type === "options") {
      for (const o of data.answer.options) ids.add(o.id);
    }
    if (data.kind === "condition" || data.kind === "ab") {
      for (const b of data.branches) ids.add(b.id);
    }
  }
  for (const e of edges) ids.add(e.id);
  return ids;
}
