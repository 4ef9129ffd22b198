// set, tag and ab nodes: changes to variables and to the follower, then on along one handle.
import type { AbNode, SetNode, TagNode } from "../schema";
import { type Cursor, note, type StepContext, writableFollower } from "./context";
import { flowIndex } from "./flowIndex";
import { hashString, mulberry32, pickWeighted } from "./random";
import { coerceToType, defaultValueOf } from "./session";
import { renderTemplate } from "./template";

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value.trim().replace(/,/g, ""));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function applySet(ctx: StepContext, cursor: Cursor, node: SetNode): void {
  const { variables } = cursor.session;
  const index = flowIndex(cursor.flow.flow);
  for (const a of node.assignments) {
    const declared = index.variable(a.variable);
    if (a.op === "clear") {
      variables[a.variable] = declared ? defaultValueOf(declared) : null;
      continue;
    }
    const rendered = renderTemplate(a.value, variables, ctx.follower);
    if (a.op === "set") {
      const value = coerceToType(rendered, declared?.type);
      if (value === null && rendered.trim() !== "") {
        note(
          ctx,
          `${node.id}: "${rendered}" is not a ${declared?.type}, ${a.variable} set to empty`,
        );
      }
      variables[a.variable] = value;
      continue;
    }
    const delta = toNumber(rendered);
    if (delta === null) {
      note(ctx, `${node.id}: cannot add "${rendered}" to ${a.variable}: not a number`);
      continue;
    }
    variables[a.variable] = (toNumber(variables[a.variable]) ?? 0) + delta;
  }
}

export function applyTag(ctx: StepContext, node: TagNode): void {
  const follower = writableFollower(ctx);
  const tags = follower.tags.filter((t) => !node.remove.includes(t));
  for (const t of node.add) if (!tags.includes(t)) tags.push(t);
  follower.tags = tags;
  ctx.effects.push({ type: "tag", nodeId: node.id, add: [...node.add], remove: [...node.remove] });
}

/**
 * The branch for this follower: the one they were given before while it still exists (sticky),
 * else a weighted draw from the step's seed, remembered in `follower.ab`.
 */
export function abHandle(ctx: StepContext, cursor: Cursor, node: AbNode): string {
  const key = `${cursor.flow.flow.id}/${node.id}`;
  const kept = ctx.follower.ab[key];
  if (kept !== undefined && node.branches.some((b) => b.id === kept)) return kept;
  const draw = mulberry32((ctx.seed ^ hashString(key)) >>> 0)();
  const branch =
    node.branches[
      pickWeighted(
        node.branches.map((b) => b.weight),
        draw,
      )
    ]!;
  writableFollower(ctx).ab[key] = branch.id;
  note(ctx, `${node.id}: A/B drew branch ${branch.id}`);
  return branch.id;
}
