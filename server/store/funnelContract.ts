// The store contract's part on flow runs: written with the turn, counted per node, purged with the log.
import { describe, expect, it } from "vitest";
import { makeFollower, makeSession, type StoreUnderTest } from "./storeContract";
import { DuplicateTurnError } from "./storeErrors";
import type { FlowRunUpdate, FunnelNodeCounts, FunnelQuery, Store, TurnCommit } from "./types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-11-24 00:00 in China (UTC+8), 2026-11-23 16:00 UTC. */
const MIDNIGHT = Date.UTC(2026, 10, 23, 16);
const TODAY = Math.floor((MIDNIGHT + 8 * HOUR) / DAY);
const NOON = MIDNIGHT + 12 * HOUR;
/** When the runs' sessions expire, unless a test says otherwise: after the report's time. */
const LATER = NOON + 2 * HOUR;

/** A turn of `openid` that writes `runs` and nothing remarkable else. */
function turnWith(openid: string, dedupKey: string, now: number, runs: FlowRunUpdate[]) {
  const turn: TurnCommit = {
    dedupKey,
    reply: "success",
    follower: makeFollower(openid, { lastSeenAt: now, lastMessageAt: now }),
    session: makeSession({ updatedAt: now }),
    log: [{ openid, direction: "in", at: now, msgType: "text", content: "{}" }],
    outbound: [],
    runs,
    now,
  };
  return turn;
}

/** A run update of flow `f`, version 1, open until LATER, unless said otherwise. */
function run(startedAt: number, over: Partial<FlowRunUpdate> = {}): FlowRunUpdate {
  const reached = over.reached ?? [];
  return {
    flowId: "f",
    startedAt,
    version: 1,
    started: false,
    reached,
    lastNodeId: reached.at(-1) ?? null,
    outcome: "open",
    expiresAt: LATER,
    ...over,
  };
}

function counts(over: Partial<FunnelNodeCounts>): FunnelNodeCounts {
  return { reached: 0, inProgress: 0, completed: 0, dropped: 0, handedOff: 0, errors: 0, ...over };
}

const today = (over: Partial<FunnelQuery> = {}): FunnelQuery => ({
  flowId: "f",
  fromDay: TODAY,
  toDay: TODAY,
  now: NOON + HOUR,
  ...over,
});

export function runFunnelContract(current: () => StoreUnderTest & { store: Store }): void {
  describe("flow runs and the funnel", () => {
    const store = () => current().store;
    let seq = 0;
    const commit = (openid: string, at: number, runs: FlowRunUpdate[]) =>
      store().commitTurn(turnWith(openid, `run-${++seq}`, at, runs));

    /** Two paths into `pay`: oA by `small`, oB by `large`; oC stops at `ask`; oD completes. */
    async function twoPaths() {
      await commit("oA", NOON, [run(NOON, { started: true, reached: ["hello", "ask"] })]);
      await commit("oA", NOON + 1, [run(NOON, { reached: ["small", "pay"] })]);
      await commit("oB", NOON, [run(NOON, { started: true, reached: ["hello", "ask"] })]);
      await commit("oB", NOON + 2, [run(NOON, { reached: ["large", "pay"], expiresAt: NOON })]);
      await commit("oC", NOON, [run(NOON, { started: true, reached: ["hello", "ask"] })]);
      await commit("oD", NOON, [run(NOON, { started: true, reached: ["hello", "ask"] })]);
      await commit("oD", NOON + 3, [
        run(NOON, { reached: ["small", "pay", "done"], outcome: "completed" }),
      ]);
    }

    it("counts a run once per node it reached, and by its outcome at its last node", async () => {
      await twoPaths();
      const report = await store().funnelReport(today());
      expect(report.runs).toBe(4);
      expect(report.versions).toEqual([{ version: 1, runs: 4 }]);
      expect(report.nodes).toEqual({
        hello: counts({ reached: 4 }),
        ask: counts({ reached: 4, inProgress: 1 }),
        small: counts({ reached: 2 }),
        large: counts({ reached: 1 }),
        // Entered by two edges: oA and oD by small, oB by large. oA waits there; oB's session
        // expired at noon, before the report's time.
        pay: counts({ reached: 3, inProgress: 1, dropped: 1 }),
        done: counts({ reached: 1, completed: 1 }),
      });
    });

    it("counts a node a run reached in several turns once, and a node id like any other", async () => {
      await commit("oA", NOON, [run(NOON, { started: true, reached: ["ask", "__proto__"] })]);
      await commit("oA", NOON + 1, [run(NOON, { reached: ["ask"] })]);
      await commit("oA", NOON + 2, [run(NOON, { reached: ["ask", "__proto__"] })]);
      const { nodes } = await store().funnelReport(today());
      expect(Object.getPrototypeOf(nodes)).toBe(Object.prototype);
      expect(Object.entries(nodes)).toEqual([
        ["__proto__", counts({ reached: 1, inProgress: 1 })],
        ["ask", counts({ reached: 1 })],
      ]);
    });

    it("tells in progress from dropped by the session's expiry at the report's time", async () => {
      await commit("oA", NOON, [run(NOON, { started: true, reached: ["ask"], expiresAt: LATER })]);
      const at = async (now: number) => (await store().funnelReport(today({ now }))).nodes.ask;
      expect(await at(LATER)).toEqual(counts({ reached: 1, inProgress: 1 }));
      expect(await at(LATER + 1)).toEqual(counts({ reached: 1, dropped: 1 }));
    });

    it("keeps each outcome: handed off, failed, dropped, and a run left by a jump as completed", async () => {
      await commit("oH", NOON, [
        run(NOON, { started: true, reached: ["ask", "agent"], outcome: "handedOff" }),
      ]);
      await commit("oE", NOON, [
        run(NOON, { started: true, reached: ["ask", "away"], outcome: "error" }),
      ]);
      await commit("oJ", NOON, [
        run(NOON, { started: true, reached: ["ask", "toOther"], outcome: "completed" }),
        run(NOON, { flowId: "other", started: true, reached: ["intro"] }),
      ]);
      await commit("oX", NOON, [run(NOON, { started: true, reached: ["ask"] })]);
      await commit("oX", NOON + 1, [run(NOON, { outcome: "dropped", expiresAt: NOON + 1 })]);
      const report = await store().funnelReport(today());
      expect(report.runs).toBe(4);
      expect(report.nodes).toEqual({
        ask: counts({ reached: 4, dropped: 1 }),
        agent: counts({ reached: 1, handedOff: 1 }),
        away: counts({ reached: 1, errors: 1 }),
        toOther: counts({ reached: 1, completed: 1 }),
      });
      expect((await store().funnelReport(today({ flowId: "other" }))).nodes).toEqual({
        intro: counts({ reached: 1, inProgress: 1 }),
      });
    });

    it("leaves an ended run as it ended, and creates no run it was not told started", async () => {
      await commit("oA", NOON, [
        run(NOON, { started: true, reached: ["ask", "done"], outcome: "completed" }),
      ]);
      // Later news of it (it cannot go on) changes nothing, and a run begun before runs were
      // counted is not made up from its middle.
      await commit("oA", NOON + 1, [run(NOON, { reached: ["more"], outcome: "open" })]);
      await commit("oB", NOON, [run(NOON - HOUR, { reached: ["pay"] })]);
      const report = await store().funnelReport(today());
      expect(report.runs).toBe(1);
      expect(report.nodes).toEqual({
        ask: counts({ reached: 1 }),
        done: counts({ reached: 1, completed: 1 }),
      });
    });

    it("writes a turn's runs with the turn: a repeated message writes none", async () => {
      await commit("oA", NOON, [run(NOON, { started: true, reached: ["ask"] })]);
      const again = turnWith("oB", `run-${seq}`, NOON, [
        run(NOON, { started: true, reached: ["ask"] }),
      ]);
      await expect(store().commitTurn(again)).rejects.toBeInstanceOf(DuplicateTurnError);
      expect((await store().funnelReport(today())).runs).toBe(1);
    });

    it("lists every version with runs, newest first, and filters runs and nodes by one", async () => {
      await commit("o1", NOON, [run(NOON, { started: true, reached: ["ask"] })]);
      await commit("o2", NOON, [run(NOON, { started: true, version: 3, reached: ["ask", "pay"] })]);
      await commit("o3", NOON, [run(NOON, { started: true, version: 3, reached: ["ask"] })]);
      const all = await store().funnelReport(today());
      const versions = [
        { version: 3, runs: 2 },
        { version: 1, runs: 1 },
      ];
      expect([all.versions, all.runs, all.nodes.ask?.reached]).toEqual([versions, 3, 3]);
      const three = await store().funnelReport(today({ version: 3 }));
      expect([three.versions, three.runs]).toEqual([versions, 2]);
      expect(three.nodes).toEqual({
        ask: counts({ reached: 2, inProgress: 1 }),
        pay: counts({ reached: 1, inProgress: 1 }),
      });
      const none = await store().funnelReport(today({ version: 2 }));
      expect([none.versions, none.runs, none.nodes]).toEqual([versions, 0, {}]);
    });

    /**
     * An A/B split: `ab` sends each run to `a` or `b`, both lead on to `pay`, then `done`. Variant a:
     * oA1 completes, oA2 waits at pay, oA3's session expired at a. Variant b: oB1 completes, oB2's
     * session expired at pay. oS waits at ab, in neither; oV is a version 2 run through a; another
     * flow has a node `a` too. Each run reaches its later nodes in a later turn.
     */
    async function abSplit() {
      const path = async (openid: string, nodes: string[], over: Partial<FlowRunUpdate> = {}) => {
        const begin = {
          ...over,
          started: true,
          reached: ["hello", "ab"],
          outcome: "open" as const,
        };
        await commit(openid, NOON, [run(NOON, begin)]);
        if (nodes.length > 0)
          await commit(openid, NOON + 1, [run(NOON, { ...over, reached: nodes })]);
      };
      await path("oA1", ["a", "pay", "done"], { outcome: "completed" });
      await path("oA2", ["a", "pay"]);
      await path("oA3", ["a"], { expiresAt: NOON });
      await path("oB1", ["b", "pay", "done"], { outcome: "completed" });
      await path("oB2", ["b", "pay"], { expiresAt: NOON });
      await path("oS", []);
      await path("oV", ["a", "pay"], { version: 2 });
      await commit("oG", NOON, [run(NOON, { flowId: "g", started: true, reached: ["a"] })]);
    }

    it("counts only the runs through one node: each A/B branch, up to the nodes they share", async () => {
      await abSplit();
      const a = await store().funnelReport(today({ through: "a" }));
      expect([a.runs, a.versions]).toEqual([
        4,
        [
          { version: 2, runs: 1 },
          { version: 1, runs: 3 },
        ],
      ]);
      expect(a.nodes).toEqual({
        hello: counts({ reached: 4 }),
        ab: counts({ reached: 4 }),
        a: counts({ reached: 4, dropped: 1 }),
        pay: counts({ reached: 3, inProgress: 2 }),
        done: counts({ reached: 1, completed: 1 }),
      });
      const b = await store().funnelReport(today({ through: "b" }));
      expect([b.runs, b.versions]).toEqual([2, [{ version: 1, runs: 2 }]]);
      expect(b.nodes).toEqual({
        hello: counts({ reached: 2 }),
        ab: counts({ reached: 2 }),
        b: counts({ reached: 2 }),
        pay: counts({ reached: 2, dropped: 1 }),
        done: counts({ reached: 1, completed: 1 }),
      });
      // Both branches together are the whole flow's runs at the nodes they share.
      const all = await store().funnelReport(today());
      expect(all.runs).toBe(7);
      expect(all.nodes.pay?.reached).toBe(
        (a.nodes.pay?.reached ?? 0) + (b.nodes.pay?.reached ?? 0),
      );
    });

    it("counts the runs through a node whatever they reached before or after it", async () => {
      await abSplit();
      // pay came in a later turn than hello and ab; hello came before everything.
      const pay = await store().funnelReport(today({ through: "pay" }));
      expect(pay.runs).toBe(5);
      expect(pay.nodes).toEqual({
        hello: counts({ reached: 5 }),
        ab: counts({ reached: 5 }),
        a: counts({ reached: 3 }),
        b: counts({ reached: 2 }),
        pay: counts({ reached: 5, inProgress: 2, dropped: 1 }),
        done: counts({ reached: 2, completed: 2 }),
      });
      const hello = await store().funnelReport(today({ through: "hello" }));
      expect(hello).toEqual(await store().funnelReport(today()));
    });

    it("combines through and version, and answers nothing through a node no run reached", async () => {
      await abSplit();
      const versions = [
        { version: 2, runs: 1 },
        { version: 1, runs: 3 },
      ];
      const a2 = await store().funnelReport(today({ through: "a", version: 2 }));
      expect([a2.versions, a2.runs]).toEqual([versions, 1]);
      expect(a2.nodes).toEqual({
        hello: counts({ reached: 1 }),
        ab: counts({ reached: 1 }),
        a: counts({ reached: 1 }),
        pay: counts({ reached: 1, inProgress: 1 }),
      });
      const a1 = await store().funnelReport(today({ through: "a", version: 1 }));
      expect([a1.versions, a1.runs, a1.nodes.a]).toEqual([
        versions,
        3,
        counts({ reached: 3, dropped: 1 }),
      ]);
      // Version 2 has no run through b: b's versions list only version 1.
      const b2 = await store().funnelReport(today({ through: "b", version: 2 }));
      expect([b2.versions, b2.runs, b2.nodes]).toEqual([[{ version: 1, runs: 2 }], 0, {}]);
      const nobody = await store().funnelReport(today({ through: "nowhere" }));
      expect([nobody.versions, nobody.runs, nobody.nodes]).toEqual([[], 0, {}]);
      expect(nobody.since).toBe((await store().funnelReport(today())).since);
      // Another flow's node of the same id is its own.
      expect((await store().funnelReport(today({ flowId: "g", through: "a" }))).runs).toBe(1);
    });

    it("leaves a run that ended before its first node out of the runs through any node", async () => {
      await commit("oGone", NOON, [
        run(NOON, { started: true, outcome: "error", expiresAt: NOON }),
      ]);
      await commit("oA", NOON, [run(NOON, { started: true, reached: ["ask"] })]);
      const report = await store().funnelReport(today({ through: "ask" }));
      expect([report.runs, report.versions]).toEqual([1, [{ version: 1, runs: 1 }]]);
    });

    it("counts a run that ended before its first node among the runs, at no node", async () => {
      // A trigger whose start node is gone: the run fails at once.
      await commit("oGone", NOON, [
        run(NOON, { started: true, outcome: "error", expiresAt: NOON }),
      ]);
      await commit("oA", NOON, [run(NOON, { started: true, reached: ["ask"] })]);
      const report = await store().funnelReport(today());
      expect([report.runs, report.versions]).toEqual([2, [{ version: 1, runs: 2 }]]);
      expect(report.nodes).toEqual({ ask: counts({ reached: 1, inProgress: 1 }) });
      // Another flow's runs are its own.
      expect((await store().funnelReport(today({ flowId: "g" }))).runs).toBe(0);
    });

    it("counts the runs that started on the days asked, in China time", async () => {
      const before = MIDNIGHT - 1;
      await commit("oLate", before, [run(before, { started: true, reached: ["ask"] })]);
      await commit("oEarly", MIDNIGHT, [run(MIDNIGHT, { started: true, reached: ["ask"] })]);
      const week = today({ fromDay: TODAY - 6 });
      await commit("oOld", MIDNIGHT - 7 * DAY, [
        run(MIDNIGHT - 7 * DAY, { started: true, reached: ["ask"] }),
      ]);
      expect((await store().funnelReport(today())).runs).toBe(1);
      expect((await store().funnelReport(today({ fromDay: TODAY - 1 }))).runs).toBe(2);
      expect((await store().funnelReport(week)).runs).toBe(2);
      expect((await store().funnelReport({ ...week, fromDay: TODAY - 7 })).runs).toBe(3);
      expect((await store().funnelReport(today({ flowId: "nobody" }))).versions).toEqual([]);
    });

    it("says since when it counts, the same after the database is opened again", async () => {
      const { since } = await store().funnelReport(today());
      expect(since).toBeGreaterThan(Date.UTC(2020, 0, 1));
      expect(since).toBeLessThanOrEqual(Date.now());
      await twoPaths();
      const report = await store().funnelReport(today());
      const subject = current();
      if (!subject.reopen) return;
      await store().close();
      const again = await subject.reopen();
      expect(await again.funnelReport(today())).toEqual(report);
      expect(report.since).toBe(since);
    });

    it("purges runs started before the retention cut-off, with the nodes they reached", async () => {
      const cutoff = MIDNIGHT - 30 * DAY;
      for (let i = 0; i < 7; i++) {
        const at = cutoff - i - 1;
        await commit(`old${i}`, at, [run(at, { started: true, reached: ["ask", "pay"] })]);
      }
      await commit("kept", cutoff, [
        run(cutoff, { started: true, reached: ["ask"], expiresAt: cutoff + HOUR }),
      ]);
      const month = today({ fromDay: TODAY - 40 });
      expect((await store().funnelReport(month)).runs).toBe(8);
      const removed = await store().purgeMessageLog(cutoff, { chunkRows: 3 });
      expect(removed.runs).toBe(7);
      expect((await store().funnelReport(month)).nodes).toEqual({
        ask: counts({ reached: 1, dropped: 1 }),
      });
      expect((await store().purgeMessageLog(cutoff)).runs).toBe(0);
    });
  });
}
