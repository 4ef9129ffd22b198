// Small builders for engine tests: inline flows through parseFlow, and a conversation driver.
import { type Flow, type FlowInput, parseFlow } from "../schema";
import { createFollowerView } from "./follower";
import { step } from "./step";
import type { FlowCatalog, FollowerView, Input, Session, StepResult, VersionedFlow } from "./types";

const at = { x: 0, y: 0 };

type Loose = Record<string, unknown>;
/** A flow document written tersely in a test; parseFlow checks it and fills defaults. */
export interface LooseFlow {
  id?: string;
  name?: string;
  startNodeId?: string;
  settings?: FlowInput["settings"];
  variables?: Loose[];
  triggers?: Loose[];
  nodes: Loose[];
  edges?: Loose[];
}

/** A flow from a short description; nodes get a position, the first node is the start. */
export function makeFlow(doc: LooseFlow): Flow {
  const nodes: Loose[] = doc.nodes.map((n) => ({ position: at, ...n }));
  const result = parseFlow({
    schemaVersion: 1,
    id: "f",
    name: "test",
    startNodeId: (nodes[0]?.id as string) ?? "start",
    ...doc,
    nodes,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.flow;
}

/** `a->b` edges by the `next` handle, or `a:handle->b`. */
export function edges(...specs: string[]) {
  return specs.map((spec, i) => {
    const [from, target] = spec.split("->") as [string, string];
    const [source, sourceHandle = "next"] = from.split(":") as [string, string?];
    return { id: `e${i}_${source}_${sourceHandle}`, source, sourceHandle, target };
  });
}

export function catalogOf(...flows: Array<Flow | VersionedFlow>): FlowCatalog {
  const catalog: FlowCatalog = { flows: {} };
  for (const f of flows) {
    const vf = "flow" in f ? f : { flow: f, version: 1 };
    catalog.flows[vf.flow.id] = vf;
  }
  return catalog;
}

export const T0 = Date.UTC(2026, 0, 5, 2, 0, 0); // Monday 10:00 in China

export const text = (t: string, menuId?: string): Input =>
  menuId === undefined ? { type: "text", text: t } : { type: "text", text: t, menuId };

/** Drives one follower through several inputs, a minute apart, keeping session and follower. */
export class Chat {
  session: Session | null = null;
  follower: FollowerView;
  now = T0;
  seed = 1;
  last!: StepResult;

  constructor(
    public catalog: FlowCatalog,
    follower?: Partial<FollowerView>,
  ) {
    this.follower = { ...createFollowerView("o-test"), ...follower };
  }

  send(input: Input | string, extra: { sessionFlow?: VersionedFlow } = {}): StepResult {
    this.now += 60_000;
    this.seed += 1;
    this.last = step({
      catalog: this.catalog,
      session: this.session,
      follower: this.follower,
      input: typeof input === "string" ? text(input) : input,
      now: this.now,
      seed: this.seed,
      ...extra,
    });
    this.session = this.last.session;
    this.follower = this.last.follower;
    return this.last;
  }

  /** The texts of the last step's text replies. */
  texts(): string[] {
    return this.last.replies.flatMap((r) => (r.type === "text" ? [r.text] : []));
  }
}
