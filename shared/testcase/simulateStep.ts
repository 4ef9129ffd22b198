// One step of a simulated follower: the simulator and the test runner share it, so a saved case replays exactly.
import {
  createFollowerView,
  type FlowCatalog,
  type FollowerView,
  type Input,
  type Session,
  type StepResult,
  step,
} from "../engine";
import type { KeywordTrigger } from "../schema";
import type { FollowerSetup, TestInput } from "./schema";
import { type StepLine, stepLines } from "./stepLines";

export interface SimState {
  session: Session | null;
  follower: FollowerView;
  /** The clock for the next step (Unix ms). */
  now: number;
  /** Engine steps so far: the seed of the next is 1 + steps, so A/B draws replay. */
  steps: number;
}

export interface SimStepOutcome {
  state: SimState;
  result: StepResult;
  /** What the engine received. */
  input: Input;
  /** The replies and effects as text, as a test case expects them. */
  lines: StepLine[];
  /** When this step ran (Unix ms). */
  at: number;
}

/** Monday 10:00 in China: inside working hours, so time conditions take their daytime branch. */
export const DEFAULT_TEST_NOW = "2025-03-10T10:00:00+08:00";
const START_PATTERN = "__huashu_start_at__";

export function initialSimState(setup: FollowerSetup | undefined, now: number): SimState {
  const base = createFollowerView(setup?.openid ?? "simulator-follower");
  const follower: FollowerView = {
    ...base,
    ...(setup?.subscribed !== undefined ? { subscribed: setup.subscribed } : {}),
    ...(setup?.scene !== undefined ? { scene: setup.scene } : {}),
    ...(setup?.isNew !== undefined ? { isNew: setup.isNew } : {}),
    ...(setup?.interactions !== undefined ? { interactions: setup.interactions } : {}),
    ...(setup?.silentDays !== undefined ? { silentDays: setup.silentDays } : {}),
    tags: [...(setup?.tags ?? [])],
    ab: { ...(setup?.ab ?? {}) },
  };
  return { session: null, follower, now, steps: 0 };
}

/**
 * "Start from this node" has no WeChat counterpart: a hidden global keyword in a copy of the flow
 * starts a fresh conversation there, so the engine does the walking as for any trigger.
 */
function startAtCatalog(catalog: FlowCatalog, flowId: string, nodeId: string): FlowCatalog {
  const entry = catalog.flows[flowId];
  if (!entry) return catalog;
  const trigger: KeywordTrigger = {
    id: "__simulator_start",
    type: "keyword",
    match: "exact",
    pattern: START_PATTERN,
    priority: Number.MAX_SAFE_INTEGER,
    global: true,
    action: "start",
    nodeId,
  };
  const flow = { ...entry.flow, triggers: [trigger, ...entry.flow.triggers] };
  return { flows: { ...catalog.flows, [flowId]: { ...entry, flow } } };
}

function engineInput(input: TestInput, session: Session | null): Input {
  switch (input.type) {
    case "httpResult":
    case "effectResult": {
      const requestId =
        (input.type === "effectResult" ? input.requestId : undefined) ??
        session?.pending?.requestId ??
        "no-pending-request";
      return { type: "effectResult", requestId, result: input.result };
    }
    case "startAt":
      return { type: "text", text: START_PATTERN };
    case "event":
      switch (input.event) {
        case "subscribe":
          return input.scene
            ? { type: "event", event: "subscribe", scene: input.scene }
            : { type: "event", event: "subscribe" };
        case "unsubscribe":
          return { type: "event", event: "unsubscribe" };
        case "scan":
          return { type: "event", event: "scan", scene: input.scene ?? "" };
        case "click":
          return { type: "event", event: "click", key: input.key ?? "" };
        case "view":
          return { type: "event", event: "view", url: input.url ?? "" };
        case "handoffClosed":
          return { type: "event", event: "handoffClosed" };
      }
      break;
    case "text":
      return input.menuId === undefined
        ? { type: "text", text: input.text }
        : { type: "text", text: input.text, menuId: input.menuId };
    case "media": {
      const { type: _t, ...rest } = input;
      return { type: "media", ...rest };
    }
  }
  throw new Error("unreachable");
}

/**
 * The follower after their input, counted as the runtime counts (server/runtime/interactions.ts):
 * a message, follow, scan or menu click or link is an interaction; a message, follow, scan or click
 * ends a silence; a message ends being "new". An unfollow, the agent closing a handoff and an
 * effect's result are not the follower's doing.
 */
function counted(follower: FollowerView, sent: Input): FollowerView {
  const message = sent.type === "text" || sent.type === "media";
  const event = sent.type === "event" ? sent.event : undefined;
  const ends = message || event === "subscribe" || event === "scan" || event === "click";
  if (!ends && event !== "view") return follower;
  return {
    ...follower,
    interactions: follower.interactions + 1,
    silentDays: ends ? 0 : follower.silentDays,
    isNew: message ? false : follower.isNew,
  };
}

/**
 * Runs one input at `state.now` and moves the clock on one second, counting the follower's input.
 */
export function simulateStep(
  catalog: FlowCatalog,
  state: SimState,
  input: TestInput,
  options: { flowId?: string } = {},
): SimStepOutcome {
  const at = state.now;
  const flowId = input.type === "startAt" ? (input.flowId ?? options.flowId ?? "") : "";
  const stepCatalog =
    input.type === "startAt" ? startAtCatalog(catalog, flowId, input.nodeId) : catalog;
  const sent = engineInput(input, state.session);
  const result = step({
    catalog: stepCatalog,
    session: state.session,
    follower: state.follower,
    input: sent,
    now: at,
    seed: 1 + state.steps,
  });
  let follower = result.follower;
  if (input.type !== "startAt") follower = counted(follower, sent);
  const trace =
    input.type === "startAt" ? result.trace.filter((t) => t.type !== "trigger") : result.trace;
  const shown: StepResult = { ...result, trace, follower };
  return {
    state: { session: result.session, follower, now: at + 1000, steps: state.steps + 1 },
    result: shown,
    input: sent,
    lines: stepLines(shown, state.session),
    at,
  };
}
