// The per-node funnel's raw material: which flow runs a turn's engine steps started, moved through
// which nodes, and ended how. Pure: everything comes from the steps (their trace, session and clock).
import type { FlowCatalog, Input, Session, StepResult, TraceEntry } from "../../shared/engine";
import type { FlowRunOutcome, FlowRunUpdate } from "../store/types";

/** One engine step of a turn, as the runtime ran it. */
export interface RunStep {
  input: Input;
  /** The step's clock: a run it starts (trigger, restart, fallback or jump) has it as startedAt. */
  now: number;
  /** The catalog it ran with: the version a run started in it is pinned to. */
  catalog: FlowCatalog;
  result: Pick<StepResult, "session" | "trace">;
}

export interface TurnRuns {
  /** The session stored before the turn. */
  before: Session | null;
  /** The turn's steps in order; each was given the session the one before it returned. */
  steps: readonly RunStep[];
  /**
   * The session the turn stores: the last step's, unless the runtime changed it (it ends a flow that
   * keeps making http requests as failed).
   */
  committed: Session | null;
}

type TriggerEntry = Extract<TraceEntry, { type: "trigger" }>;

const isOpen = (session: Session) => session.status === "active" || session.status === "waiting";

function outcomeOf(session: Session, input: Input): FlowRunOutcome {
  switch (session.status) {
    case "active":
    case "waiting":
      return "open";
    case "handedOff":
      return "handedOff";
    case "error":
      return "error";
    case "done":
      // The engine ends the conversation of a follower who unfollows as `done`: they left it.
      return input.type === "event" && input.event === "unsubscribe" ? "dropped" : "completed";
  }
}

/**
 * The run updates of one turn, one per run it touched, in the order they were first touched. A run
 * reaches a node when a `node` trace entry names it. A `trigger` entry drops the live run and starts
 * one in the flow of the next node entry (a restart's trigger may belong to another flow). A node
 * entry in another flow than the run's is a jump node's doing: the run completed there, and one
 * starts in the other flow. `expired` drops the run. What is left of the run at the end of a step
 * is settled by the session the step returned: still open, handed off, done or failed.
 */
export function flowRunUpdates(turn: TurnRuns): FlowRunUpdate[] {
  const runs = new Map<string, FlowRunUpdate>();
  /** Runs this turn started or changed: only those are written (a step may change nothing). */
  const changed = new Set<FlowRunUpdate>();
  /** The run the conversation is in while it may still change; null when there is none. */
  let current: FlowRunUpdate | null = null;
  const { before } = turn;
  if (before && isOpen(before)) {
    current = track(runs, before.flowId, before.startedAt, before.flowVersion, false);
    current.expiresAt = before.expiresAt;
  }
  let given = before;
  turn.steps.forEach((step, i) => {
    const session = i === turn.steps.length - 1 ? turn.committed : step.result.session;
    const end = (outcome: FlowRunOutcome) => {
      if (!current) return;
      settle(current, outcome, step.now);
      changed.add(current);
      current = null;
    };
    let trigger: TriggerEntry | null = null;
    for (const entry of step.result.trace) {
      if (entry.type === "expired") end("dropped");
      else if (entry.type === "trigger") {
        end("dropped");
        trigger = entry;
      } else if (entry.type === "node") {
        if (trigger) {
          const restart = isRestart(step, trigger, given) && given?.flowId === entry.flowId;
          const version = restart ? given!.flowVersion : versionIn(step, entry.flowId);
          current = track(runs, entry.flowId, step.now, version, true);
          trigger = null;
        } else if (current && current.flowId !== entry.flowId) {
          end("completed");
          current = track(runs, entry.flowId, step.now, versionIn(step, entry.flowId), true);
        }
        if (current) {
          reach(current, entry.nodeId);
          changed.add(current);
        }
      }
    }
    // A trigger whose flow failed before its first node (its start node is gone): the session says.
    if (trigger && session?.startedAt === step.now) {
      current = track(runs, session.flowId, step.now, session.flowVersion, true);
      changed.add(current);
    }
    if (current && session && session !== given) {
      // The session knows best which version the run it is in is pinned to.
      if (current.flowId === session.flowId && current.startedAt === session.startedAt) {
        current.version = session.flowVersion;
      }
      const outcome = outcomeOf(session, step.input);
      settle(current, outcome, outcome === "open" ? session.expiresAt : step.now);
      changed.add(current);
      if (outcome !== "open") current = null;
    }
    given = step.result.session;
  });
  return [...runs.values()].filter((run) => changed.has(run));
}

/**
 * A `restart` keyword said during a live conversation starts the follower's own flow again, on the
 * version they are pinned to (the trigger may belong to another flow).
 */
function isRestart(step: RunStep, trigger: TriggerEntry, given: Session | null): boolean {
  if (!given || given.status === "done" || given.status === "error") return false;
  if (step.now > given.expiresAt) return false;
  const triggers = step.catalog.flows[trigger.flowId]?.flow.triggers ?? [];
  const found = triggers.find((t) => t.id === trigger.triggerId);
  return found?.type === "keyword" && found.action === "restart";
}

/** A trigger, the fallback or a jump starts a flow on the catalog's version. */
function versionIn(step: RunStep, flowId: string): number {
  return step.catalog.flows[flowId]?.version ?? 0;
}

/**
 * The run with this key, created if new. Two runs with one key (started in the same millisecond:
 * only with a stopped clock, or a jump back into the flow just left) are one row, so one update.
 */
function track(
  runs: Map<string, FlowRunUpdate>,
  flowId: string,
  startedAt: number,
  version: number,
  started: boolean,
): FlowRunUpdate {
  const key = `${startedAt} ${flowId}`;
  const known = runs.get(key);
  if (known) {
    known.started ||= started;
    known.version = version;
    known.outcome = "open";
    return known;
  }
  const run: FlowRunUpdate = {
    flowId,
    startedAt,
    version,
    started,
    reached: [],
    lastNodeId: null,
    outcome: "open",
    expiresAt: startedAt,
  };
  runs.set(key, run);
  return run;
}

function reach(run: FlowRunUpdate, nodeId: string): void {
  if (!run.reached.includes(nodeId)) run.reached.push(nodeId);
  run.lastNodeId = nodeId;
}

function settle(run: FlowRunUpdate, outcome: FlowRunOutcome, at: number): void {
  run.outcome = outcome;
  run.expiresAt = at;
}
