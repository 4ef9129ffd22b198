// Whether two flows say the same to followers: what decides that a publish would add nothing new.
import { type Flow, flowSchema } from "./flow";

/**
 * Node positions are left out on purpose. Moving boxes on the canvas changes nothing a follower
 * sees, so a version made for it would only pin followers to a copy of the live one and crowd the
 * rollback list with look-alikes. The layout stays in the saved flow file and goes out with the
 * next real change. `$schema` only points text editors at the JSON Schema.
 */
function followerFacing(flow: Flow): unknown {
  const { $schema: _ignored, ...rest } = flowSchema.parse(flow);
  return { ...rest, nodes: rest.nodes.map(({ position: _moved, ...node }) => node) };
}

/** JSON with object keys sorted (arrays keep their order), so key order never reads as a change. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Same content after schema parsing (defaults filled), whatever the key order or node positions. */
export function sameFlowContent(a: Flow, b: Flow): boolean {
  return canonicalJson(followerFacing(a)) === canonicalJson(followerFacing(b));
}

/** Every node at the same place (nodes matched by id); true when neither flow moved a node. */
export function sameFlowLayout(a: Flow, b: Flow): boolean {
  const where = new Map(a.nodes.map((n) => [n.id, n.position]));
  return (
    a.nodes.length === b.nodes.length &&
    b.nodes.every((n) => {
      const p = where.get(n.id);
      return p !== undefined && p.x === n.position.x && p.y === n.position.y;
    })
  );
}
