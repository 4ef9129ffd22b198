// Handles one inbound message: de-duplication, per-follower order, engine steps, effects, one atomic commit.
import { type Effect, MINOR_TAG, type Reply, type Session, step } from "../../shared/engine";
import { withIdempotencyKey } from "../../shared/http";
import { DuplicateTurnError, StoreFullError } from "../store/storeErrors";
import type {
  FollowerRecord,
  MessageLogEntry,
  PendingTurn,
  Store,
  TurnCommit,
} from "../store/types";
import type { FlowCatalogCache } from "./flowCatalog";
import { flowRunUpdates, type RunStep } from "./flowRuns";
import { followerView, updatedFollower } from "./followerRecord";
import type { CommitTurn } from "./groupCommit";
import { httpIdempotencyKey } from "./httpIdempotencyKey";
import { createKeyedQueue } from "./keyedQueue";
import { type OutboundDispatcher, SANDBOX_OPENID_PREFIX } from "./outbound";
import { customPayload, expandReply, passiveXml, transferXml } from "./replyFormat";
import { runHttpEffect } from "./runHttpEffect";
import { createTurnState, type TurnState } from "./turnState";
import type { InboundTurn, Logger } from "./types";

export interface ConversationDeps {
  store: Store;
  catalog: FlowCatalogCache;
  now: () => number;
  logger: Logger;
  /** For http nodes; the global fetch by default. */
  fetch?: typeof fetch;
  /**
   * How long WeChat may wait for the passive reply. WeChat gives up after 5 s; 4 s leaves room for
   * the network. Tests shorten it.
   */
  deadlineMs?: number;
  /** Writes a turn; group commit in production, `store.commitTurn` by default. */
  commitTurn?: CommitTurn;
  /** Called after each commit that queued customer-service messages (nudges the dispatcher). */
  onOutbound?: () => void;
  /**
   * Shows the follower WeChat's typing indicator; called when an http node's request has taken
   * `typingAfterMs` (1 s by default), so a slow lookup does not look like silence.
   */
  typing?: (openid: string) => Promise<unknown>;
  typingAfterMs?: number;
  /** Keeps a passive reply behind the follower's earlier customer-service messages (the dispatcher). */
  outboundOrder?: Pick<OutboundDispatcher, "expect" | "cancel" | "settled">;
}

export interface Conversation {
  /** The passive reply body for this message: reply XML (unencrypted) or `success`. */
  handle(turn: InboundTurn): Promise<string>;
  /** Resolves when every turn started so far has committed (shutdown, tests). */
  idle(): Promise<void>;
  /**
   * Resolves once the turns answered at the deadline but not stored before the last stop (a
   * crash) are queued to be finished; messages arriving meanwhile wait behind them.
   */
  resumed: Promise<void>;
}

/** What finishes a turn answered at the deadline after a restart (PendingTurn.resume). */
interface ResumeRecord {
  turn: InboundTurn;
  /** Deliverables WeChat already got in the passive reply: not sent again. */
  delivered: number;
  /** The first engine step's clock and seed, when it had run: it is repeated exactly. */
  now?: number;
  seed?: number;
}

function parseResume(pending: PendingTurn): ResumeRecord | undefined {
  try {
    const record = JSON.parse(pending.resume) as ResumeRecord;
    const turn = record?.turn;
    if (
      typeof turn?.openid !== "string" ||
      typeof turn.dedupKey !== "string" ||
      typeof turn.input !== "object" ||
      typeof record.delivered !== "number"
    ) {
      return undefined;
    }
    return record;
  } catch {
    return undefined;
  }
}

/** A flow that loops through http nodes forever must not hold a follower's queue forever. */
const MAX_EFFECT_ROUNDS = 20;
/**
 * How long the deadline's answer waits for the turn to be recorded (see settleEarly): the write
 * takes milliseconds; a database that hangs must not make WeChat give up on the reply.
 */
const RECORD_WAIT_MS = 500;

export function createConversation(deps: ConversationDeps): Conversation {
  const { store, logger } = deps;
  const deadlineMs = deps.deadlineMs ?? 4000;
  const queue = createKeyedQueue();
  const commitTurn = deps.commitTurn ?? ((turn: TurnCommit) => store.commitTurn(turn));
  // Mark a message in flight on ARRIVAL, so a retry during a slow turn shares its answer.
  const inFlight = new Map<string, Promise<string>>();
  const running = new Set<Promise<void>>();

  function handle(turn: InboundTurn): Promise<string> {
    const existing = inFlight.get(turn.dedupKey);
    if (existing) return existing;
    const state = createTurnState();
    const timer = setTimeout(() => settleEarly(state), deadlineMs);
    /** Answered at the deadline: WeChat gets that answer, whatever becomes of the turn. */
    let early = false;
    const done = (async () => {
      // Turns answered before a crash go first: they came earlier.
      await resumed;
      const stored = await store.processedReply(turn.dedupKey);
      if (stored !== undefined) {
        state.settle(stored, 0);
        return;
      }
      await queue.run(turn.openid, () => runTurn(turn, state));
    })()
      .catch(async (error: unknown) => {
        if (error instanceof DuplicateTurnError) {
          // Stored already (by a writer thread that died before it answered, or another process):
          // that answer stands, and WeChat gets it.
          logger.warn(`message ${turn.dedupKey} from ${turn.openid} was already handled`);
          const stored = await store.processedReply(turn.dedupKey).catch(() => undefined);
          if (stored !== undefined) {
            state.answerWith(stored);
            return;
          }
        } else if (!(error instanceof StoreFullError)) {
          // A full database is said once by the store, not once per message.
          logger.error(`message ${turn.dedupKey} from ${turn.openid} failed`, error);
        }
        // The turn was not stored: the follower sees nothing rather than WeChat's "service
        // unavailable", and never a reply for a step that did not happen. Unless the deadline
        // answered already: that part is recorded, and the next start finishes the turn.
        if (early) state.release();
        else state.abandon();
      })
      .finally(() => {
        clearTimeout(timer);
        inFlight.delete(turn.dedupKey);
        running.delete(done);
      });
    running.add(done);
    inFlight.set(turn.dedupKey, state.answer);
    return state.answer;

    function settleEarly(s: TurnState) {
      if (s.answered) {
        // Decided but still committing: WeChat cannot wait any longer.
        s.release();
        return;
      }
      const first = s.deliverables[0];
      // Replies said before a slow http node still go out in time; the rest follow by API.
      s.decide(first ? passiveXml(first, turn, deps.now()) : "success", first ? 1 : 0);
      early = true;
      logger.warn(
        `message ${turn.dedupKey} from ${turn.openid} took over ${deadlineMs} ms; the rest goes through the customer-service API`,
      );
      // The follower is about to see part of a step that is not stored: record the message
      // first, so that a crash before the turn commits finishes it at the next start.
      const recorded = recordAnswered(turn, s);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = new Promise((resolve) => {
        timer = setTimeout(resolve, RECORD_WAIT_MS);
      });
      void Promise.race([recorded, waited]).then(() => {
        clearTimeout(timer);
        s.release();
      });
    }
  }

  async function recordAnswered(turn: InboundTurn, s: TurnState): Promise<void> {
    const resume: ResumeRecord = { turn, delivered: s.passiveCount, ...s.started };
    try {
      await store.acceptTurn({
        dedupKey: turn.dedupKey,
        openid: turn.openid,
        reply: s.body ?? "success",
        at: deps.now(),
        resume: JSON.stringify(resume),
      });
    } catch (error) {
      // Committed meanwhile: nothing left to record.
      if (error instanceof DuplicateTurnError) return;
      logger.error(
        `message ${turn.dedupKey} from ${turn.openid} could not be recorded before its early reply; a crash before the turn is stored would lose it`,
        error,
      );
    }
  }

  /**
   * Finishes, after a restart, a turn whose early reply WeChat got before the crash: the same first
   * step (same clock and seed) from the state stored before it, the replies WeChat already showed
   * left out, the rest sent through the customer-service API. An http node's request is made
   * again, since whether the first one reached its server is unknown, with the same Idempotency-Key.
   */
  function resumeTurn(pending: PendingTurn): void {
    const record = parseResume(pending);
    if (!record) {
      logger.error(
        `message ${pending.dedupKey} from ${pending.openid} was answered before a restart but cannot be finished: its record is unreadable`,
      );
      return;
    }
    const { turn } = record;
    const state = createTurnState();
    state.decide(pending.reply, record.delivered);
    const replay = { now: record.now ?? pending.at, seed: record.seed };
    const done = queue
      .run(turn.openid, () => runTurn(turn, state, replay))
      .then(() =>
        logger.info(
          `message ${turn.dedupKey} from ${turn.openid}, answered before the restart, is finished`,
        ),
      )
      .catch((error: unknown) => {
        if (error instanceof DuplicateTurnError) return;
        logger.error(
          `message ${turn.dedupKey} from ${turn.openid}, answered before the restart, could not be finished; it is tried again at the next start`,
          error,
        );
      })
      .finally(() => {
        inFlight.delete(turn.dedupKey);
        running.delete(done);
      });
    running.add(done);
    // A retry of it meanwhile gets what WeChat got.
    inFlight.set(turn.dedupKey, Promise.resolve(pending.reply));
  }

  async function resumePending(): Promise<void> {
    let pending: PendingTurn[];
    try {
      pending = await store.pendingTurns();
    } catch (error) {
      logger.error("could not read the turns answered before the last stop", error);
      return;
    }
    if (pending.length > 0) {
      logger.warn(
        `${pending.length} message(s) answered at the deadline before the last stop were not stored; finishing them now`,
      );
    }
    for (const p of pending) resumeTurn(p);
  }
  const resumed = resumePending();

  /** The indicator lasts until the reply or 15 s; a failure (window closed, API down) costs nothing. */
  function showTypingIfSlow(openid: string): ReturnType<typeof setTimeout> | undefined {
    const typing = deps.typing;
    if (!typing) return undefined;
    return setTimeout(() => {
      typing(openid).catch((error: unknown) =>
        logger.info(
          `typing indicator for ${openid} not shown: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }, deps.typingAfterMs ?? 1000);
  }

  async function runTurn(
    turn: InboundTurn,
    state: TurnState,
    /** A turn finished after a restart: its first step's clock and seed (see resumeTurn). */
    replay?: { now: number; seed?: number | undefined },
  ): Promise<void> {
    const now = replay?.now ?? deps.now();
    const before = await store.getFollower(turn.openid);
    const storedSession = (await store.getSession(turn.openid)) ?? null;
    const log: MessageLogEntry[] = [];
    const outbound: TurnCommit["outbound"] = [];
    let session: Session | null = storedSession;
    let follower = followerView(before, turn, now);
    let handoff: Extract<Effect, { type: "handoff" }> | undefined;
    // Which version each flow's replies came from, for the log.
    const versions = new Map<string, number>();
    // What the funnel learns of the turn: each step as it ran (see flowRuns.ts).
    const steps: RunStep[] = [];

    const inEntry: MessageLogEntry = {
      openid: turn.openid,
      direction: "in",
      at: now,
      msgType: turn.msgType,
      content: turn.content,
      flowId: storedSession?.flowId ?? null,
      flowVersion: storedSession?.flowVersion ?? null,
      nodeId: storedSession?.nodeId ?? null,
    };
    log.push(inEntry);

    let input = turn.input;
    for (let round = 0; input && round < MAX_EFFECT_ROUNDS; round++) {
      const catalog = await deps.catalog.latest();
      const latest = session ? catalog.flows[session.flowId] : undefined;
      const sessionFlow =
        session && latest?.version !== session.flowVersion
          ? await deps.catalog.version(session.flowId, session.flowVersion)
          : undefined;
      const stepNow = round === 0 ? now : deps.now();
      // Host-side randomness for A/B draws; the engine stays deterministic given the seed.
      const seed =
        round === 0 && replay?.seed !== undefined
          ? replay.seed
          : Math.floor(Math.random() * 0x7fffffff);
      if (round === 0) state.started = { now: stepNow, seed };
      const result = step({
        catalog,
        session,
        sessionFlow,
        follower,
        input,
        now: stepNow,
        seed,
      });
      steps.push({ input, now: stepNow, catalog, result });
      for (const t of result.trace) {
        // Nothing of it reaches the message log, so the server log says why the follower got less.
        if (t.type === "withheld")
          logger.info(
            `${t.flowId}/${t.nodeId}: promotional content not sent to ${turn.openid}, tagged ${MINOR_TAG}, at night (夜间不向未成年粉丝发送推广内容，已跳过)`,
          );
      }
      for (const [flowId, v] of Object.entries(catalog.flows)) versions.set(flowId, v.version);
      // A pinned conversation speaks from its own version, not the latest.
      if (session) versions.set(session.flowId, session.flowVersion);
      session = result.session;
      follower = result.follower;
      if (session) versions.set(session.flowId, session.flowVersion);
      if (round === 0 && inEntry.flowId === null && session) {
        inEntry.flowId = session.flowId;
        inEntry.flowVersion = session.flowVersion;
      }
      for (const reply of result.replies) state.deliverables.push(...expandReply(reply));

      input = null;
      for (const effect of result.effects) {
        if (effect.type === "handoff") handoff = effect;
        else if (effect.type === "delayedSend") {
          for (const reply of effect.replies.flatMap(expandReply)) {
            outbound.push({
              openid: turn.openid,
              payload: customPayload(reply, turn.openid),
              notBefore: stepNow + effect.afterSeconds * 1000,
            });
            log.push(outLog(turn.openid, reply, "custom", stepNow, versions));
          }
        } else if (effect.type === "http") {
          const typing = showTypingIfSlow(turn.openid);
          // The request is made again when the turn is (after a crash, or WeChat's retry of a
          // message never stored): the key lets its receiver tell the repeat from a new request.
          const key = httpIdempotencyKey({
            openid: turn.openid,
            dedupKey: turn.dedupKey,
            round,
            flowId: session?.flowId ?? "",
            nodeId: effect.nodeId,
          });
          const request = { ...effect, headers: withIdempotencyKey(effect.headers, key) };
          const httpResult = await runHttpEffect(request, deps.fetch).finally(() =>
            clearTimeout(typing),
          );
          input = { type: "effectResult", requestId: effect.requestId, result: httpResult };
        }
        // tag: the engine already changed `follower`, which is stored below.
      }
    }
    if (input) {
      logger.warn(`flow loop for ${turn.openid}: stopped after ${MAX_EFFECT_ROUNDS} http requests`);
      // The last request is never made: a session stored waiting for it would ignore everything
      // the follower says until it expires. It ends as failed, as the engine ends its own loops.
      if (session?.status === "waiting") {
        session = {
          ...session,
          status: "error",
          pending: null,
          error: {
            code: "LOOP",
            message: `一条消息触发了超过 ${MAX_EFFECT_ROUNDS} 次 HTTP 请求，对话已结束 / one message made over ${MAX_EFFECT_ROUNDS} HTTP requests; the conversation ended`,
          },
        };
      }
    }

    const commitNow = deps.now();
    if (!state.answered) {
      if (handoff) {
        state.decide(transferXml(turn, handoff.kfAccount, commitNow), 0);
      } else {
        const first = state.deliverables[0];
        state.decide(first ? passiveXml(first, turn, commitNow) : "success", first ? 1 : 0);
      }
    } else if (handoff) {
      logger.warn(
        `handoff for ${turn.openid} came after the reply deadline; WeChat's transfer to customer service was not possible`,
      );
    }
    const passive = state.deliverables.slice(0, state.passiveCount);
    const rest = state.deliverables.slice(state.passiveCount);
    for (const reply of passive)
      log.push(outLog(turn.openid, reply, "passive", commitNow, versions));
    // Customer-service messages of this turn come before any delayed ones queued above.
    const immediate = rest.map((reply) => ({
      openid: turn.openid,
      payload: customPayload(reply, turn.openid),
      notBefore: commitNow,
    }));
    for (const reply of rest) log.push(outLog(turn.openid, reply, "custom", commitNow, versions));
    outbound.unshift(...immediate);
    if (handoff) {
      log.push({
        openid: turn.openid,
        direction: "out",
        at: commitNow,
        msgType: "transfer_customer_service",
        content: JSON.stringify({
          reason: handoff.reason,
          priority: handoff.priority,
          kfAccount: handoff.kfAccount ?? null,
        }),
        channel: "passive",
        flowId: session?.flowId ?? null,
        flowVersion: session?.flowVersion ?? null,
        nodeId: handoff.nodeId,
      });
    }

    const record: FollowerRecord = updatedFollower(
      before,
      turn,
      follower,
      now,
      state.deliverables.length,
    );
    // The earlier turns' messages still on their way, asked before this turn's are counted.
    const order = deps.outboundOrder;
    const earlier = order?.settled(turn.openid);
    order?.expect(turn.openid, immediate.length);
    try {
      await commitTurn({
        dedupKey: turn.dedupKey,
        reply: state.body ?? "success",
        follower: record,
        session,
        log,
        outbound,
        // The simulator's followers (the sandbox) are the marketer trying the flow, not followers.
        runs: turn.openid.startsWith(SANDBOX_OPENID_PREFIX)
          ? []
          : flowRunUpdates({ before: storedSession, steps, committed: session }),
        now: commitNow,
      });
    } catch (error) {
      order?.cancel(turn.openid, immediate.length);
      throw error;
    }
    // WeChat shows messages as they arrive: this reply must not overtake the messages of the
    // follower's previous turn. They go within moments; the deadline still answers in time.
    if (earlier && state.passiveCount > 0) await earlier;
    // Only now may WeChat see the reply: a crash before this point leaves no trace, and WeChat's
    // retry is answered afresh; a crash after it is answered from the stored reply.
    state.release();
    if (outbound.length > 0) deps.onOutbound?.();
  }

  return {
    handle,
    async idle() {
      await resumed;
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    resumed,
  };
}

function outLog(
  openid: string,
  reply: Reply,
  channel: "passive" | "custom",
  at: number,
  versions: Map<string, number>,
): MessageLogEntry {
  const { nodeId, flowId, ...content } = reply;
  return {
    openid,
    direction: "out",
    at,
    msgType: reply.type,
    content: JSON.stringify(content),
    channel,
    flowId,
    flowVersion: versions.get(flowId) ?? null,
    nodeId,
  };
}
