// The simulator's own store: a follower chatting with the draft through the shared engine, in the browser.
// Pure logic (no DOM, no fetch): the pane passes in the catalog, the clock and the sandbox call.
import { createStore, type StoreApi } from "zustand/vanilla";
import type { Effect, FlowCatalog } from "../../shared/engine";
import type { VariableValue } from "../../shared/schema";
import {
  type FollowerSetup,
  initialSimState,
  type RecordedStep,
  recordCase,
  renderTranscript,
  runTestCase,
  type SimState,
  simulateStep,
  type TestCase,
  type TestCaseResult,
  type TestInput,
} from "../../shared/testcase";
import type { ExpandedReply } from "../../shared/wechat";
import type { ChatEntry, SandboxReply, SystemLine } from "./chatEntry";
import { emptyWindow, type WindowState } from "./serviceWindow";
import { entry, highlightOf, placeReply, renderStep, system } from "./turnEntries";

export type HttpEffect = Extract<Effect, { type: "http" }>;
export type SimulatorMode = "local" | "server";

export interface SandboxAnswer {
  passive: SandboxReply | null;
  customerService: SandboxReply[];
  warning?: { zh: string; en: string };
}

export interface SimulatorDeps {
  /** The draft (unsaved edits included) and the other flows, as the engine's catalog. */
  getCatalog: () => FlowCatalog;
  /** The flow being edited: its nodes are highlighted and "start here" starts in it. */
  flowId: string;
  /** The simulated clock's first reading (Unix ms). */
  now: () => number;
  /** `sandbox-<random>` openids for the server mode. */
  randomId: () => string;
  /** POST /api/sandbox/send; absent in tests of the local mode. */
  sandboxSend?: (openid: string, input: TestInput) => Promise<SandboxAnswer>;
}

export interface SimulatorState {
  mode: SimulatorMode;
  entries: ChatEntry[];
  sim: SimState;
  /** The follower at the start: restart returns to it, a saved case starts from it. */
  followerSetup: FollowerSetup;
  recorded: RecordedStep[];
  /** Nodes and edges of the edited flow this conversation passed through. */
  path: { nodeIds: string[]; edgeIds: string[] };
  currentNodeId: string | null;
  /** The request the conversation waits for: the pane offers success, failure, timeout or the real URL. */
  pendingHttp: HttpEffect | null;
  window: WindowState;
  /** The passive reply of the current turn is taken (the first reply, or the transfer). */
  passiveUsed: boolean;
  /**
   * The follower is with people: the session is handed off (local), or the server's last answer
   * was a transfer to customer service (server mode). The pane then offers "客服结束会话".
   */
  handedOff: boolean;
  serverOpenid: string;
  busy: boolean;
  cases: TestCase[];
  results: Record<string, TestCaseResult>;

  send(input: TestInput): Promise<void>;
  /** A grey line that no input caused (a menu button that opened a web page). */
  addNote(line: SystemLine): void;
  answerHttp(result: Extract<TestInput, { type: "httpResult" }>["result"]): Promise<void>;
  startAt(nodeId: string): void;
  restart(): void;
  setMode(mode: SimulatorMode): void;
  setClock(at: number): void;
  advanceClock(ms: number): void;
  setVariable(name: string, value: VariableValue): void;
  toggleTag(tag: string): void;
  setFollower(
    patch: Partial<
      Pick<SimState["follower"], "subscribed" | "scene" | "isNew" | "interactions" | "silentDays">
    >,
  ): void;
  transcript(): string;
  /** The conversation so far as a test case (not yet added). */
  toTestCase(name: string): TestCase | null;
  setCases(cases: TestCase[]): void;
  runCases(): void;
}

function uniqueCaseId(cases: TestCase[]): string {
  const taken = new Set(cases.map((c) => c.id));
  let n = cases.length + 1;
  while (taken.has(`case_${n}`)) n++;
  return `case_${n}`;
}

function opensMessageWindow(input: TestInput): boolean {
  return input.type === "text" || input.type === "media";
}

/** WeChat's customer service closed the session: not the follower's doing, so no bubble of theirs. */
function isHandoffClosed(input: TestInput): boolean {
  return input.type === "event" && input.event === "handoffClosed";
}

function opensEventWindow(input: TestInput): boolean {
  return (
    input.type === "event" &&
    (input.event === "subscribe" || input.event === "scan" || input.event === "click")
  );
}

export function createSimulatorStore(deps: SimulatorDeps): StoreApi<SimulatorState> {
  const startClock = deps.now();

  function fresh(setup: FollowerSetup, now: number) {
    return {
      entries: [] as ChatEntry[],
      sim: initialSimState(setup, now),
      recorded: [] as RecordedStep[],
      path: { nodeIds: [] as string[], edgeIds: [] as string[] },
      currentNodeId: null,
      pendingHttp: null,
      window: emptyWindow,
      passiveUsed: false,
      handedOff: false,
      serverOpenid: `sandbox-${deps.randomId()}`,
      busy: false,
    };
  }

  return createStore<SimulatorState>()((set, get) => {
    function runLocal(input: TestInput): void {
      const state = get();
      const at = state.sim.now;
      const continuing = input.type === "httpResult";
      const turn = {
        window: state.window,
        passiveUsed: continuing ? state.passiveUsed : false,
      };
      if (opensMessageWindow(input)) turn.window = { ...turn.window, lastMessageAt: at };
      if (opensEventWindow(input)) turn.window = { ...turn.window, lastEventAt: at };
      const outcome = simulateStep(deps.getCatalog(), state.sim, input, { flowId: deps.flowId });
      const before = state.sim.session;
      const after = outcome.state.session;
      const added: ChatEntry[] = [];
      if (input.type === "startAt")
        added.push(system({ code: "startAt", nodeId: input.nodeId }, at, input.nodeId));
      else if (input.type === "httpResult") {
        const r = input.result;
        added.push(
          system(
            {
              code: "httpResult",
              summary: r.ok
                ? `${r.status}`
                : `${r.reason}${r.status ? ` ${r.status}` : ""}${r.message ? ` · ${r.message}` : ""}`,
            },
            at,
          ),
        );
      } else if (isHandoffClosed(input)) added.push(system({ code: "handoffClosed" }, at));
      else added.push(entry({ kind: "follower" as const, input, at }));
      const shown = renderStep(outcome.result, at, turn);
      // An idle conversation ended before this input: say so before what the new one answers.
      if (outcome.result.trace.some((t) => t.type === "expired"))
        added.push(system({ code: "expired" }, at));
      added.push(...shown);
      if (after && after !== before) {
        if (after.status === "done" && before?.status !== "done")
          added.push(system({ code: "ended" }, at));
        if (after.status === "error")
          added.push(system({ code: "error", message: after.error?.message ?? "" }, at));
      }
      const expired = outcome.result.trace.some((t) => t.type === "expired");
      if (
        !expired &&
        shown.length === 0 &&
        !(after && after !== before && (after.status === "done" || after.status === "error"))
      ) {
        added.push(system({ code: "noReply" }, at));
      }
      const pendingHttp =
        (outcome.result.effects.find((e) => e.type === "http") as HttpEffect | undefined) ?? null;
      set({
        sim: outcome.state,
        entries: [...state.entries, ...added],
        recorded: [...state.recorded, { input, at, lines: outcome.lines }],
        window: turn.window,
        passiveUsed: turn.passiveUsed,
        handedOff: after?.status === "handedOff",
        pendingHttp: after?.status === "waiting" ? pendingHttp : null,
        ...highlightOf(outcome.result, outcome.state, state.path, deps.flowId),
      });
    }

    async function runServer(input: TestInput): Promise<void> {
      const state = get();
      const at = state.sim.now;
      if (!deps.sandboxSend) return;
      const sent = isHandoffClosed(input)
        ? system({ code: "handoffClosed" }, at)
        : entry({ kind: "follower" as const, input, at });
      set({
        busy: true,
        entries: [...state.entries, sent],
        sim: { ...state.sim, now: at + 1000 },
      });
      const turn = { window: get().window, passiveUsed: false };
      if (opensMessageWindow(input)) turn.window = { ...turn.window, lastMessageAt: at };
      if (opensEventWindow(input)) turn.window = { ...turn.window, lastEventAt: at };
      const added: ChatEntry[] = [];
      let handedOff = state.handedOff;
      try {
        const answer = await deps.sandboxSend(get().serverOpenid, input);
        // The server transfers every message of a handed-off follower: the latest answer tells.
        handedOff = answer.passive?.type === "transfer_customer_service";
        const asReply = (
          r: Exclude<SandboxReply, { type: "transfer_customer_service" }>,
        ): ExpandedReply => ({ ...r, nodeId: "", flowId: "" }) as ExpandedReply;
        if (answer.passive?.type === "transfer_customer_service") {
          turn.passiveUsed = true;
          added.push(system({ code: "transfer" }, at));
        } else if (answer.passive) {
          added.push({
            ...placeReply(asReply(answer.passive), at, turn),
            nodeId: null,
            flowId: null,
          } as ChatEntry);
        }
        for (const r of answer.customerService) {
          if (r.type === "transfer_customer_service") continue;
          turn.passiveUsed = true;
          added.push({
            ...placeReply(asReply(r), at, turn),
            nodeId: null,
            flowId: null,
          } as ChatEntry);
        }
        if (added.length === 0) added.push(system({ code: "noReply" }, at));
        if (answer.warning) added.unshift(system({ code: "serverWarning", ...answer.warning }, at));
      } catch (error) {
        const text = (error as { text?: { zh: string; en: string } }).text;
        const message = error instanceof Error ? error.message : String(error);
        added.push(system({ code: "serverError", message, ...(text ? { text } : {}) }, at));
      }
      set((s) => ({
        busy: false,
        entries: [...s.entries, ...added],
        window: turn.window,
        handedOff,
      }));
    }

    return {
      mode: "local",
      followerSetup: {},
      cases: [],
      results: {},
      ...fresh({}, startClock),

      async send(input) {
        if (get().busy) return;
        if (get().mode === "server") return runServer(input);
        runLocal(input);
      },

      addNote(line) {
        set((s) => ({ entries: [...s.entries, system(line, s.sim.now)] }));
      },

      async answerHttp(result) {
        if (!get().pendingHttp) return;
        runLocal({ type: "httpResult", result });
      },

      startAt(nodeId) {
        if (get().mode !== "local") return;
        runLocal({ type: "startAt", nodeId, flowId: deps.flowId });
      },

      restart() {
        const s = get();
        set(fresh(s.followerSetup, s.sim.now));
      },

      setMode(mode) {
        const s = get();
        set({ mode, ...fresh(s.followerSetup, s.sim.now) });
      },

      setClock(at) {
        if (!Number.isFinite(at)) return;
        set((s) => ({
          sim: { ...s.sim, now: at },
          entries: [...s.entries, system({ code: "clock", at }, at)],
        }));
      },

      advanceClock(ms) {
        get().setClock(get().sim.now + ms);
      },

      setVariable(name, value) {
        set((s) => {
          if (!s.sim.session) return s;
          const session = {
            ...s.sim.session,
            variables: { ...s.sim.session.variables, [name]: value },
          };
          return { sim: { ...s.sim, session } };
        });
      },

      toggleTag(tag) {
        set((s) => {
          const has = s.sim.follower.tags.includes(tag);
          const tags = has
            ? s.sim.follower.tags.filter((t) => t !== tag)
            : [...s.sim.follower.tags, tag];
          const follower = { ...s.sim.follower, tags };
          // Before the first message the change is where the conversation starts: a saved case keeps it.
          const followerSetup =
            s.recorded.length === 0 ? { ...s.followerSetup, tags } : s.followerSetup;
          return { sim: { ...s.sim, follower }, followerSetup };
        });
      },

      setFollower(patch) {
        set((s) => ({
          sim: { ...s.sim, follower: { ...s.sim.follower, ...patch } },
          followerSetup:
            s.recorded.length === 0 ? { ...s.followerSetup, ...patch } : s.followerSetup,
        }));
      },

      transcript() {
        return renderTranscript(get().recorded);
      },

      toTestCase(name) {
        const s = get();
        if (s.recorded.length === 0) return null;
        const setup = Object.keys(s.followerSetup).length > 0 ? s.followerSetup : undefined;
        return recordCase({
          id: uniqueCaseId(s.cases),
          name: name.trim() || `用例 ${s.cases.length + 1}`,
          steps: s.recorded,
          ...(setup ? { follower: setup } : {}),
        });
      },

      setCases(cases) {
        set({ cases });
        get().runCases();
      },

      runCases() {
        const catalog = deps.getCatalog();
        const results: Record<string, TestCaseResult> = {};
        for (const c of get().cases)
          results[c.id] = runTestCase(catalog, c, { flowId: deps.flowId });
        set({ results });
      },
    };
  });
}
