// The behaviour every Store driver must show: run it against SQLite now, PostgreSQL later.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Session } from "../../shared/engine";
import type { MenuDocument } from "../../shared/menu";
import { type Flow, flowSchema } from "../../shared/schema";
import { runFunnelContract } from "./funnelContract";
import { LOG_PURGE_CHUNK_ROWS, SESSION_PURGE_CHUNK_ROWS } from "./logPurge";
import { DuplicateTurnError, StoreInputError } from "./storeErrors";
import type { FollowerRecord, MessageLogEntry, PendingTurn, Store, TurnCommit } from "./types";

export interface StoreUnderTest {
  store: Store;
  /** Closes whatever is still open and removes what the test created. */
  cleanup(): Promise<void>;
  /** Opens the same database again after `store.close()`; omitted for a database that dies with its connection. */
  reopen?(): Promise<Store>;
}

export function makeFlow(id: string, name = `Flow ${id}`): Flow {
  return flowSchema.parse({
    schemaVersion: 1,
    id,
    name,
    startNodeId: "bye",
    nodes: [{ id: "bye", kind: "end", position: { x: 0, y: 0 } }],
  });
}

export function makeFollower(openid: string, over: Partial<FollowerRecord> = {}): FollowerRecord {
  return {
    openid,
    firstSeenAt: 1_000,
    lastSeenAt: 2_000,
    subscribed: true,
    scene: null,
    tags: [],
    ab: {},
    messagesIn: 0,
    messagesOut: 0,
    lastMessageAt: null,
    lastEventAt: null,
    lastActiveAt: null,
    interactionDays: [],
    ...over,
  };
}

export function makeSession(over: Partial<Session> = {}): Session {
  return {
    flowId: "greeting",
    flowVersion: 1,
    nodeId: "ask_size",
    status: "waiting",
    variables: { name: "小王", size: 42, vip: true, note: null },
    retries: { ask_size: 1 },
    pending: null,
    error: null,
    startedAt: 1_000,
    updatedAt: 2_000,
    expiresAt: 2_000 + 30 * 60_000,
    ...over,
  };
}

function inbound(openid: string, at: number, text: string): MessageLogEntry {
  return { openid, direction: "in", at, msgType: "text", content: JSON.stringify({ text }) };
}
function outbound(openid: string, at: number, text: string): MessageLogEntry {
  return {
    openid,
    direction: "out",
    at,
    msgType: "text",
    content: JSON.stringify({ text }),
    channel: "passive",
    flowId: "greeting",
    flowVersion: 1,
    nodeId: "ask_size",
  };
}
function payload(openid: string, text: string): string {
  return JSON.stringify({ touser: openid, msgtype: "text", text: { content: text } });
}

function makeTurn(openid: string, dedupKey: string, now: number, over: Partial<TurnCommit> = {}) {
  const turn: TurnCommit = {
    dedupKey,
    reply: `<xml><Content>hi ${dedupKey}</Content></xml>`,
    follower: makeFollower(openid, { lastSeenAt: now, lastMessageAt: now }),
    session: makeSession({ updatedAt: now }),
    log: [inbound(openid, now, "你好"), outbound(openid, now, "请问尺码？")],
    outbound: [{ openid, payload: payload(openid, "第二条"), notBefore: now }],
    runs: [],
    now,
    ...over,
  };
  return turn;
}

export function runStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe("published flows", () => {
      it("numbers versions 1, 2, 3 per flow, independently for each flow id", async () => {
        const a1 = await store.publishFlow(makeFlow("a"), 100, "first");
        const b1 = await store.publishFlow(makeFlow("b"), 110);
        const a2 = await store.publishFlow(makeFlow("a", "A two"), 120);
        const a3 = await store.publishFlow(makeFlow("a", "A three"), 130);
        expect([a1.version, a2.version, a3.version, b1.version]).toEqual([1, 2, 3, 1]);
        expect(a1).toEqual({
          flowId: "a",
          version: 1,
          flow: makeFlow("a"),
          publishedAt: 100,
          note: "first",
        });
        expect(b1.note).toBe("");
      });

      it("never hands out the same version twice when publishes overlap", async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.publishFlow(makeFlow("busy"), 100 + i)),
        );
        expect(results.map((r) => r.version).sort((x, y) => x - y)).toEqual([
          1, 2, 3, 4, 5, 6, 7, 8,
        ]);
      });

      it("refuses an invalid flow and publishes nothing", async () => {
        const broken = { ...makeFlow("bad"), nodes: [] } as unknown as Flow;
        await expect(store.publishFlow(broken, 100)).rejects.toBeInstanceOf(StoreInputError);
        await expect(store.publishFlowIfChanged(broken, 100)).rejects.toBeInstanceOf(
          StoreInputError,
        );
        expect(await store.listFlowVersions("bad")).toEqual([]);
      });

      it("publishes if changed: the latest version is named when it has the content already", async () => {
        const first = await store.publishFlowIfChanged(makeFlow("a"), 100, "one");
        const v1 = { flowId: "a", version: 1, flow: makeFlow("a"), publishedAt: 100, note: "one" };
        expect(first).toEqual({ published: v1, unchanged: false, layoutChanged: false });
        expect(await store.publishFlowIfChanged(makeFlow("a"), 200, "again")).toEqual({
          published: v1,
          unchanged: true,
          layoutChanged: false,
        });
        // Moved nodes say nothing new to followers; the caller is told the layout differs.
        const moved = makeFlow("a");
        moved.nodes = moved.nodes.map((n) => ({ ...n, position: { x: 40, y: 80 } }));
        expect(await store.publishFlowIfChanged(moved, 300, "moved")).toEqual({
          published: v1,
          unchanged: true,
          layoutChanged: true,
        });
        const changed = await store.publishFlowIfChanged({ ...moved, name: "A two" }, 400, "two");
        expect(changed).toMatchObject({ unchanged: false, published: { version: 2, note: "two" } });
        // Only the latest version counts: going back to v1's content is a change.
        const back = await store.publishFlowIfChanged(makeFlow("a"), 500, "back");
        expect(back).toMatchObject({ unchanged: false, published: { version: 3 } });
        expect((await store.listFlowVersions("a")).map((v) => [v.version, v.note])).toEqual([
          [3, "back"],
          [2, "two"],
          [1, "one"],
        ]);
        expect((await store.publishFlowIfChanged(makeFlow("b"), 600)).unchanged).toBe(false);
      });

      it("publishes if changed exactly once when identical publishes overlap", async () => {
        const overlapping = (flow: Flow) =>
          Promise.all(
            Array.from({ length: 8 }, (_, i) => store.publishFlowIfChanged(flow, 100 + i, `n${i}`)),
          );
        const firsts = await overlapping(makeFlow("busy"));
        expect(firsts.filter((r) => !r.unchanged)).toHaveLength(1);
        expect(new Set(firsts.map((r) => r.published.version))).toEqual(new Set([1]));
        const seconds = await overlapping(makeFlow("busy", "Busy two"));
        expect(seconds.filter((r) => !r.unchanged)).toHaveLength(1);
        expect(new Set(seconds.map((r) => r.published.version))).toEqual(new Set([2]));
        expect(await store.listFlowVersions("busy")).toHaveLength(2);
      });

      it("lists the newest version of every flow", async () => {
        expect(await store.latestFlows()).toEqual([]);
        await store.publishFlow(makeFlow("b", "B one"), 100);
        await store.publishFlow(makeFlow("a", "A one"), 110);
        await store.publishFlow(makeFlow("a", "A two"), 120);
        const latest = await store.latestFlows();
        expect(latest.map((p) => [p.flowId, p.version, p.flow.name])).toEqual([
          ["a", 2, "A two"],
          ["b", 1, "B one"],
        ]);
      });

      it("keeps every old version readable exactly as published", async () => {
        await store.publishFlow(makeFlow("a", "A one"), 100, "launch");
        await store.publishFlow(makeFlow("a", "A two"), 200);
        const v1 = await store.getFlowVersion("a", 1);
        expect(v1).toEqual({
          flowId: "a",
          version: 1,
          flow: makeFlow("a", "A one"),
          publishedAt: 100,
          note: "launch",
        });
        expect((await store.getFlowVersion("a", 2))?.flow.name).toBe("A two");
        expect(await store.getFlowVersion("a", 3)).toBeUndefined();
        expect(await store.getFlowVersion("nope", 1)).toBeUndefined();
      });

      it("lists a flow's versions newest first, without the flow documents", async () => {
        await store.publishFlow(makeFlow("a"), 100, "one");
        await store.publishFlow(makeFlow("b"), 150);
        await store.publishFlow(makeFlow("a"), 200, "two");
        expect(await store.listFlowVersions("a")).toEqual([
          { flowId: "a", version: 2, publishedAt: 200, note: "two" },
          { flowId: "a", version: 1, publishedAt: 100, note: "one" },
        ]);
        expect(await store.listFlowVersions("never")).toEqual([]);
      });
    });

    describe("menu publishes", () => {
      const menu = (key: string): MenuDocument => ({
        schemaVersion: 1,
        buttons: [
          {
            id: "more",
            name: "更多",
            children: [{ id: "k", name: `按钮 ${key}`, type: "click", key }],
          },
        ],
      });

      it("numbers publishes 1, 2, 3 and lists them newest first, the menu as recorded", async () => {
        expect(await store.listMenuPublishes(10)).toEqual([]);
        expect(await store.recordMenuPublish(menu("A"), 100)).toEqual({
          version: 1,
          publishedAt: 100,
        });
        expect(await store.recordMenuPublish(menu("B"), 200)).toEqual({
          version: 2,
          publishedAt: 200,
        });
        await store.recordMenuPublish(menu("C"), 300);
        expect(await store.listMenuPublishes(2)).toEqual([
          { version: 3, publishedAt: 300, menu: menu("C") },
          { version: 2, publishedAt: 200, menu: menu("B") },
        ]);
        expect((await store.listMenuPublishes(10)).map((p) => p.version)).toEqual([3, 2, 1]);
        expect(await store.listMenuPublishes(0)).toEqual([]);
        if (subject.reopen) {
          await store.close();
          store = await subject.reopen();
          expect((await store.listMenuPublishes(1))[0]).toEqual({
            version: 3,
            publishedAt: 300,
            menu: menu("C"),
          });
          expect((await store.recordMenuPublish(menu("D"), 400)).version).toBe(4);
        }
      });

      it("never hands out the same version twice when publishes overlap", async () => {
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => store.recordMenuPublish(menu(`K${i}`), 100 + i)),
        );
        expect(results.map((r) => r.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
      });

      it("refuses what is not a menu document and records nothing", async () => {
        const broken = { schemaVersion: 1, buttons: [{ id: "a" }] } as unknown as MenuDocument;
        await expect(store.recordMenuPublish(broken, 100)).rejects.toBeInstanceOf(StoreInputError);
        await expect(store.recordMenuPublish(broken, 100)).rejects.toThrow(/buttons\.0\.name/);
        expect(await store.listMenuPublishes(10)).toEqual([]);
      });
    });

    describe("followers", () => {
      it("round-trips a follower and replaces it on save", async () => {
        expect(await store.getFollower("o1")).toBeUndefined();
        const f = makeFollower("o1", {
          scene: "poster_2024",
          tags: ["vip", "新客"],
          ab: { "greeting/split": "b" },
          messagesIn: 3,
          messagesOut: 4,
          lastMessageAt: 1_500,
          lastEventAt: 1_200,
          lastActiveAt: 1_600,
          subscribed: false,
          interactionDays: [
            [20_400, 2],
            [20_412, 1],
          ],
        });
        await store.saveFollower(f);
        expect(await store.getFollower("o1")).toEqual(f);
        const changed = {
          ...f,
          tags: ["vip"],
          subscribed: true,
          scene: null,
          lastEventAt: null,
          lastActiveAt: 1_700,
        };
        await store.saveFollower(changed);
        expect(await store.getFollower("o1")).toEqual(changed);
      });

      it("counts followers", async () => {
        expect(await store.countFollowers()).toBe(0);
        await store.saveFollower(makeFollower("o1"));
        await store.saveFollower(makeFollower("o2"));
        await store.saveFollower(makeFollower("o1", { tags: ["again"] }));
        expect(await store.countFollowers()).toBe(2);
      });

      it("refuses a follower without an openid", async () => {
        await expect(store.saveFollower(makeFollower(""))).rejects.toBeInstanceOf(StoreInputError);
        expect(await store.countFollowers()).toBe(0);
      });
    });

    describe("sessions", () => {
      it("round-trips, replaces and deletes a session", async () => {
        expect(await store.getSession("o1")).toBeUndefined();
        const s = makeSession({ pending: { type: "http", requestId: "r1", nodeId: "call" } });
        await store.saveSession("o1", s);
        expect(await store.getSession("o1")).toEqual(s);
        const s2 = makeSession({
          nodeId: null,
          status: "done",
          error: { code: "x", message: "y" },
        });
        await store.saveSession("o1", s2);
        expect(await store.getSession("o1")).toEqual(s2);
        await store.saveSession("o1", null);
        expect(await store.getSession("o1")).toBeUndefined();
        await store.saveSession("never", null);
      });

      it("purges only expired sessions", async () => {
        await store.saveSession("old", makeSession({ expiresAt: 1_000 }));
        await store.saveSession("edge", makeSession({ expiresAt: 5_000 }));
        await store.saveSession("new", makeSession({ expiresAt: 9_000 }));
        expect(await store.purgeExpiredSessions(5_000)).toBe(1);
        expect(await store.getSession("old")).toBeUndefined();
        expect(await store.getSession("edge")).toBeDefined();
        expect(await store.getSession("new")).toBeDefined();
      });
    });

    describe("expired-session purge", () => {
      const NOW = 50_000;
      const MINUTE = 60_000;
      /** Saves the sessions and reads each back once, so a store with a cache holds them all. */
      async function keep(sessions: ReadonlyArray<readonly [openid: string, expiresAt: number]>) {
        const saved = new Map<string, Session>();
        await Promise.all(
          sessions.map(([openid, expiresAt]) => {
            const session = makeSession({ expiresAt, variables: { phone: `138${expiresAt}` } });
            saved.set(openid, session);
            return store.saveSession(openid, session);
          }),
        );
        for (const [openid, session] of saved)
          expect(await store.getSession(openid)).toEqual(session);
        return saved;
      }
      /** The store's sessions, and the database's as read by a fresh connection when there is one. */
      async function everyReading(openids: string[]) {
        const read = async (s: Store) =>
          Object.fromEntries(
            await Promise.all(openids.map(async (o) => [o, (await s.getSession(o)) ?? null])),
          );
        const readings = [await read(store)];
        if (subject.reopen) {
          await store.close();
          store = await subject.reopen();
          readings.push(await read(store));
        }
        return readings;
      }

      it("deletes every expired session across several chunks and keeps the unexpired", async () => {
        const expired = Array.from({ length: 11 }, (_, i) => [`gone${i}`, NOW - 1 - i] as const);
        const saved = await keep([...expired, ["edge", NOW], ["later", NOW + 30 * MINUTE]]);
        expect(await store.purgeExpiredSessions(NOW, { chunkRows: 3 })).toBe(11);
        for (const reading of await everyReading([...saved.keys()])) {
          for (const [openid] of expired) expect(reading[openid]).toBeNull();
          expect(reading.edge).toEqual(saved.get("edge"));
          expect(reading.later).toEqual(saved.get("later"));
        }
        expect(await store.purgeExpiredSessions(NOW, { chunkRows: 3 })).toBe(0);
      });

      it("deletes more than one default-sized chunk", async () => {
        const count = 2 * SESSION_PURGE_CHUNK_ROWS + 3;
        await keep(Array.from({ length: count }, (_, i) => [`o${i}`, NOW - 1 - (i % 17)] as const));
        expect(await store.purgeExpiredSessions(NOW)).toBe(count);
        expect(await store.getSession("o0")).toBeUndefined();
        expect(await store.getSession(`o${count - 1}`)).toBeUndefined();
      });

      it("never deletes a session a turn renews while the purge runs", async () => {
        // Soonest expired first, two a chunk: "first" goes in the first chunk, before its turn
        // commits; "last" would come in the third, after its turn has renewed it.
        const saved = await keep([
          ["first", NOW - 100],
          ["a", NOW - 90],
          ["b", NOW - 80],
          ["c", NOW - 70],
          ["d", NOW - 60],
          ["last", NOW - 50],
        ]);
        const renewed = (openid: string) =>
          makeTurn(openid, `renew-${openid}`, NOW, {
            session: makeSession({ updatedAt: NOW, expiresAt: NOW + 30 * MINUTE }),
          });
        const purging = store.purgeExpiredSessions(NOW, { chunkRows: 2 });
        const turns = [renewed("first"), renewed("last")];
        await Promise.all(turns.map((turn) => store.commitTurn(turn)));
        // "first" was expired when its chunk deleted it; "last" was no longer expired.
        expect(await purging).toBe(5);
        for (const reading of await everyReading([...saved.keys()])) {
          expect(reading).toEqual({
            first: turns[0]?.session,
            a: null,
            b: null,
            c: null,
            d: null,
            last: turns[1]?.session,
          });
        }
      });

      it("stops between chunks when told to", async () => {
        await keep([["o1", NOW - 1]]);
        const stop = new AbortController();
        stop.abort();
        expect(await store.purgeExpiredSessions(NOW, { signal: stop.signal })).toBe(0);
        expect(await store.getSession("o1")).toBeDefined();
      });
    });

    describe("commitTurn", () => {
      it("counts the messages of turns committed together, and only of those stored", async () => {
        await store.commitTurn(makeTurn("o0", "m0", 9_000));
        // Started in one tick, as concurrent followers' turns are: a writer may batch them.
        const together = [1, 2, 3, 4].map((i) => makeTurn(`o${i}`, `m${i}`, 10_000 + i));
        await Promise.all(together.map((turn) => store.commitTurn(turn)));
        expect(await store.counters()).toEqual({ messagesIn: 5, messagesOut: 5 });

        const mixed = [
          makeTurn("o5", "m5", 11_000),
          makeTurn("o6", "m0", 11_000), // a message already handled
          makeTurn("o7", "m7", 11_000, { follower: makeFollower("o".repeat(200)) }),
          makeTurn("o8", "m8", 11_000),
        ];
        const results = await Promise.allSettled(mixed.map((turn) => store.commitTurn(turn)));
        expect(results.map((r) => r.status)).toEqual([
          "fulfilled",
          "rejected",
          "rejected",
          "fulfilled",
        ]);
        expect(await store.counters()).toEqual({ messagesIn: 7, messagesOut: 7 });
        if (subject.reopen) {
          await store.close();
          store = await subject.reopen();
          expect(await store.counters()).toEqual({ messagesIn: 7, messagesOut: 7 });
        }
      });

      it("writes follower, session, log, outbound and the processed reply together", async () => {
        const turn = makeTurn("o1", "msg-1", 10_000);
        await store.commitTurn(turn);
        expect(await store.processedReply("msg-1")).toBe(turn.reply);
        expect(await store.getSession("o1")).toEqual(turn.session);
        expect(await store.listMessages("o1", 10)).toEqual(
          turn.log.map((e) => ({ flowId: null, flowVersion: null, nodeId: null, ...e })),
        );
        const due = await store.dueOutbound(10_000, 10);
        expect(due.map((m) => [m.openid, m.payload, m.createdAt, m.status])).toEqual([
          ["o1", turn.outbound[0]?.payload, 10_000, "pending"],
        ]);
        const follower = await store.getFollower("o1");
        expect(follower).toEqual({ ...turn.follower, messagesIn: 1, messagesOut: 1 });
        expect(await store.counters()).toEqual({ messagesIn: 1, messagesOut: 1 });
      });

      it("advances the follower's counters by each turn's log, whatever the record says", async () => {
        await store.commitTurn(makeTurn("o1", "m1", 10_000));
        const stale = makeTurn("o1", "m2", 11_000);
        stale.follower.messagesIn = 0;
        stale.log.push(outbound("o1", 11_000, "还有一条"));
        await store.commitTurn(stale);
        const f = await store.getFollower("o1");
        expect([f?.messagesIn, f?.messagesOut, f?.lastSeenAt]).toEqual([2, 3, 11_000]);
      });

      it("deletes the session when the turn ends the conversation", async () => {
        await store.commitTurn(makeTurn("o1", "m1", 10_000));
        await store.commitTurn(makeTurn("o1", "m2", 11_000, { session: null }));
        expect(await store.getSession("o1")).toBeUndefined();
      });

      it("rejects a repeated message and writes nothing for it", async () => {
        await store.commitTurn(makeTurn("o1", "m1", 10_000));
        const again = makeTurn("o1", "m1", 12_000, { reply: "other", session: null });
        await expect(store.commitTurn(again)).rejects.toBeInstanceOf(DuplicateTurnError);
        expect(await store.processedReply("m1")).toContain("hi m1");
        expect(await store.listMessages("o1", 10)).toHaveLength(2);
        expect(await store.getSession("o1")).toBeDefined();
        expect(await store.dueOutbound(20_000, 10)).toHaveLength(1);
      });

      it("writes nothing at all when a later part of the turn fails", async () => {
        const first = makeTurn("o1", "m1", 10_000);
        await store.commitTurn(first);
        const tooLong = "o".repeat(200);
        // The follower is written last; its invalid openid fails after everything else was written.
        const bad = makeTurn("o1", "m2", 11_000, {
          follower: makeFollower(tooLong),
          session: null,
          log: [inbound("o1", 11_000, "late"), outbound("o1", 11_000, "late reply")],
          outbound: [{ openid: "o1", payload: payload("o1", "never"), notBefore: 0 }],
        });
        await expect(store.commitTurn(bad)).rejects.toThrow();
        // And the same when the session part fails.
        const badSession = makeTurn(tooLong, "m3", 11_000, {
          log: [inbound("o1", 11_000, "late")],
          outbound: [{ openid: "o1", payload: payload("o1", "never"), notBefore: 0 }],
        });
        await expect(store.commitTurn(badSession)).rejects.toThrow();

        expect(await store.processedReply("m2")).toBeUndefined();
        expect(await store.processedReply("m3")).toBeUndefined();
        expect((await store.listMessages("o1", 10)).map((m) => m.at)).toEqual([10_000, 10_000]);
        expect(await store.getSession("o1")).toEqual(first.session);
        expect(await store.getFollower(tooLong)).toBeUndefined();
        expect(await store.countFollowers()).toBe(1);
        expect(await store.getFollower("o1")).toEqual({
          ...first.follower,
          messagesIn: 1,
          messagesOut: 1,
        });
        expect(await store.counters()).toEqual({ messagesIn: 1, messagesOut: 1 });
        expect((await store.dueOutbound(99_000, 10)).map((m) => m.payload)).toEqual([
          first.outbound[0]?.payload,
        ]);
        // The failed message was not marked processed, so WeChat's retry can still be handled.
        await store.commitTurn(makeTurn("o1", "m2", 12_000));
        expect(await store.processedReply("m2")).toContain("hi m2");
      });
    });

    describe("processed messages", () => {
      it("answers undefined for a message never handled", async () => {
        expect(await store.processedReply("unknown")).toBeUndefined();
      });

      it("purges processed ids older than the cut-off and says how many", async () => {
        await store.commitTurn(makeTurn("o1", "k100", 100));
        await store.commitTurn(makeTurn("o1", "k200", 200));
        await store.commitTurn(makeTurn("o1", "k300", 300));
        expect(await store.purgeProcessed(250)).toBe(2);
        expect(await store.processedReply("k100")).toBeUndefined();
        expect(await store.processedReply("k200")).toBeUndefined();
        expect(await store.processedReply("k300")).toBeDefined();
        expect(await store.purgeProcessed(250)).toBe(0);
      });

      it("purges in chunks of the given size until no old id is left", async () => {
        // Out of time order, as concurrent turns commit: the chunks still find every old id.
        for (const at of [500, 100, 900, 300, 200, 1_000, 400, 1_100]) {
          await store.commitTurn(makeTurn(`o${at}`, `k${at}`, at));
        }
        // Told to stop once the first chunk is done: that chunk held the two oldest ids.
        let looks = 0;
        const afterOneChunk = {
          get aborted() {
            looks += 1;
            return looks > 1;
          },
        } as AbortSignal;
        expect(await store.purgeProcessed(950, { chunkRows: 2, signal: afterOneChunk })).toBe(2);
        expect(await store.processedReply("k100")).toBeUndefined();
        expect(await store.processedReply("k200")).toBeUndefined();
        expect(await store.processedReply("k300")).toBeDefined();
        expect(await store.purgeProcessed(950, { chunkRows: 2 })).toBe(4);
        for (const at of [100, 200, 300, 400, 500, 900]) {
          expect(await store.processedReply(`k${at}`)).toBeUndefined();
        }
        expect(await store.processedReply("k1000")).toContain("hi k1000");
        expect(await store.processedReply("k1100")).toContain("hi k1100");
        // A purged id is a new message again: WeChat no longer retries it after a day.
        await store.commitTurn(makeTurn("o100", "k100", 2_000));
        expect(await store.processedReply("k100")).toContain("hi k100");
      });

      it("stops purging processed ids between chunks when told to", async () => {
        await store.commitTurn(makeTurn("o1", "k100", 100));
        const stop = new AbortController();
        stop.abort();
        expect(await store.purgeProcessed(250, { signal: stop.signal })).toBe(0);
        expect(await store.processedReply("k100")).toBeDefined();
      });
    });

    describe("turns answered before they were stored", () => {
      const pending = (dedupKey: string, openid: string, at: number): PendingTurn => ({
        dedupKey,
        openid,
        reply: `<xml><Content>early ${dedupKey}</Content></xml>`,
        at,
        resume: JSON.stringify({ step: dedupKey }),
      });

      it("answers retries with the early reply and lists the turn, oldest first, until it is committed", async () => {
        await store.acceptTurn(pending("late", "o2", 2_000));
        await store.acceptTurn(pending("early", "o1", 1_000));
        expect(await store.processedReply("early")).toContain("early early");
        expect(await store.pendingTurns()).toEqual([
          pending("early", "o1", 1_000),
          pending("late", "o2", 2_000),
        ]);
        if (subject.reopen) {
          await store.close();
          store = await subject.reopen();
          expect((await store.pendingTurns()).map((p) => p.dedupKey)).toEqual(["early", "late"]);
        }

        // The turn's own commit completes it: written once, the early reply kept for retries.
        await store.commitTurn(makeTurn("o1", "early", 5_000, { reply: "ignored" }));
        expect((await store.pendingTurns()).map((p) => p.dedupKey)).toEqual(["late"]);
        expect(await store.processedReply("early")).toContain("early early");
        expect(await store.listMessages("o1", 10)).toHaveLength(2);
        expect(await store.counters()).toEqual({ messagesIn: 1, messagesOut: 1 });
        await expect(store.commitTurn(makeTurn("o1", "early", 6_000))).rejects.toBeInstanceOf(
          DuplicateTurnError,
        );
        expect(await store.listMessages("o1", 10)).toHaveLength(2);
      });

      it("refuses to record a message already handled or recorded, and changes nothing", async () => {
        await store.commitTurn(makeTurn("o1", "done", 1_000));
        await expect(store.acceptTurn(pending("done", "o1", 2_000))).rejects.toBeInstanceOf(
          DuplicateTurnError,
        );
        await store.acceptTurn(pending("open", "o1", 3_000));
        await expect(store.acceptTurn(pending("open", "o1", 4_000))).rejects.toBeInstanceOf(
          DuplicateTurnError,
        );
        expect(await store.processedReply("done")).toContain("hi done");
        expect(await store.pendingTurns()).toEqual([pending("open", "o1", 3_000)]);
      });

      it("keeps a recorded turn through the processed-id purge until it is committed", async () => {
        await store.acceptTurn(pending("old", "o1", 100));
        await store.commitTurn(makeTurn("o2", "k200", 200));
        expect(await store.purgeProcessed(1_000)).toBe(1);
        expect((await store.pendingTurns()).map((p) => p.dedupKey)).toEqual(["old"]);
        expect(await store.processedReply("old")).toContain("early old");
        await store.commitTurn(makeTurn("o1", "old", 300));
        expect(await store.purgeProcessed(1_000)).toBe(1);
        expect(await store.processedReply("old")).toBeUndefined();
      });
    });

    describe("message log", () => {
      it("returns a follower's last messages, oldest first, up to the limit", async () => {
        await store.saveFollower(makeFollower("o1"));
        await store.logMessages([
          inbound("o1", 3, "three"),
          inbound("o1", 1, "one"),
          inbound("o2", 2, "someone else"),
          outbound("o1", 4, "four-a"),
          outbound("o1", 4, "four-b"),
          inbound("o1", 5, "five"),
        ]);
        const texts = (entries: MessageLogEntry[]) =>
          entries.map((e) => JSON.parse(e.content).text);
        expect(texts(await store.listMessages("o1", 3))).toEqual(["four-a", "four-b", "five"]);
        expect(texts(await store.listMessages("o1", 100))).toEqual([
          "one",
          "three",
          "four-a",
          "four-b",
          "five",
        ]);
        expect(await store.listMessages("o1", 0)).toEqual([]);
        expect(await store.listMessages("nobody", 5)).toEqual([]);
        const [first] = await store.listMessages("o1", 3);
        expect(first).toEqual({ ...outbound("o1", 4, "four-a") });
      });

      it("counts logged messages per follower and in total", async () => {
        await store.saveFollower(makeFollower("o1", { messagesIn: 2 }));
        await store.logMessages([
          inbound("o1", 1, "a"),
          outbound("o1", 2, "b"),
          outbound("o1", 3, "c"),
        ]);
        await store.logMessages([inbound("stranger", 4, "d")]);
        const f = await store.getFollower("o1");
        expect([f?.messagesIn, f?.messagesOut]).toEqual([3, 2]);
        expect(await store.counters()).toEqual({ messagesIn: 2, messagesOut: 2 });
      });
    });

    describe("retention purge", () => {
      const DAY = 86_400_000;
      const NOW = 400 * DAY;
      const CUTOFF = NOW - 180 * DAY;
      const OLD = CUTOFF - DAY;
      const RECENT = CUTOFF + DAY;
      const texts = (entries: MessageLogEntry[]) => entries.map((e) => JSON.parse(e.content).text);

      /** One outbound row per follower (each is then its follower's first, so all are due). */
      async function queue(rows: Array<[openid: string, createdAt: number]>) {
        for (const [openid, createdAt] of rows) {
          await store.enqueueOutbound(
            [{ openid, payload: payload(openid, openid), notBefore: createdAt }],
            createdAt,
          );
        }
        const due = await store.dueOutbound(NOW, 100);
        return new Map(due.map((m) => [m.openid, m.id]));
      }

      it("deletes log rows older than the cut-off and keeps the rest", async () => {
        await store.saveFollower(makeFollower("o1"));
        await store.logMessages([
          inbound("o1", OLD - DAY, "very old"),
          outbound("o1", OLD, "old reply"),
          inbound("o1", CUTOFF, "exactly at the cut-off"),
          outbound("o1", RECENT, "recent reply"),
          inbound("o2", OLD, "someone else, old"),
        ]);
        expect(await store.purgeMessageLog(CUTOFF)).toEqual({ messages: 3, outbound: 0, runs: 0 });
        expect(texts(await store.listMessages("o1", 10))).toEqual([
          "exactly at the cut-off",
          "recent reply",
        ]);
        expect(await store.listMessages("o2", 10)).toEqual([]);
        expect(await store.purgeMessageLog(CUTOFF)).toEqual({ messages: 0, outbound: 0, runs: 0 });
      });

      it("deletes finished outbound rows past the cut-off, never a pending one", async () => {
        const ids = await queue([
          ["old-sent", OLD],
          ["old-failed", OLD],
          ["old-pending", OLD - 100 * DAY],
          ["recent-sent", RECENT],
        ]);
        const mark = (openid: string, status: "sent" | "failed") =>
          store.markOutbound(ids.get(openid) as number, { status, attempts: 1 });
        await mark("old-sent", "sent");
        await mark("old-failed", "failed");
        await mark("recent-sent", "sent");
        expect(await store.purgeMessageLog(CUTOFF)).toEqual({ messages: 0, outbound: 2, runs: 0 });
        // The pending one is still due, still first in its follower's line.
        expect((await store.dueOutbound(NOW, 10)).map((m) => m.openid)).toEqual(["old-pending"]);
        // A finished recent row is kept: marking it again still finds it.
        await store.markOutbound(ids.get("recent-sent") as number, { status: "sent", attempts: 2 });
        await expect(
          store.markOutbound(ids.get("old-sent") as number, { status: "sent", attempts: 2 }),
        ).rejects.toThrow();
      });

      it("leaves the store's and each follower's totals as they were", async () => {
        await store.commitTurn(makeTurn("o1", "m1", OLD));
        await store.commitTurn(makeTurn("o1", "m2", RECENT));
        await store.logMessages([outbound("o1", OLD, "later, from the queue")]);
        const follower = await store.getFollower("o1");
        const totals = await store.counters();
        expect(totals).toEqual({ messagesIn: 2, messagesOut: 3 });

        expect((await store.purgeMessageLog(CUTOFF)).messages).toBe(3);
        expect(await store.counters()).toEqual(totals);
        expect(await store.getFollower("o1")).toEqual(follower);
        // New messages count on from there.
        await store.commitTurn(makeTurn("o1", "m3", NOW));
        expect(await store.counters()).toEqual({ messagesIn: 3, messagesOut: 4 });
        const after = await store.getFollower("o1");
        expect([after?.messagesIn, after?.messagesOut]).toEqual([3, 4]);
      });

      it("removes everything past the cut-off across many small chunks", async () => {
        const old = Array.from({ length: 23 }, (_, i) => inbound(`o${i % 4}`, OLD - i, `old ${i}`));
        await store.logMessages([...old, inbound("o1", RECENT, "kept")]);
        const ids = await queue(Array.from({ length: 11 }, (_, i) => [`q${i}`, OLD] as const));
        for (const id of ids.values())
          await store.markOutbound(id, { status: "sent", attempts: 1 });

        expect(await store.purgeMessageLog(CUTOFF, { chunkRows: 4 })).toEqual({
          messages: 23,
          outbound: 11,
          runs: 0,
        });
        for (const openid of ["o0", "o2", "o3"]) {
          expect(await store.listMessages(openid, 100)).toEqual([]);
        }
        expect(texts(await store.listMessages("o1", 100))).toEqual(["kept"]);
      });

      it("removes more than one default-sized chunk", async () => {
        const rows = 2 * LOG_PURGE_CHUNK_ROWS + 7;
        await store.logMessages(
          Array.from({ length: rows }, (_, i) => inbound("o1", OLD - i, `old ${i}`)),
        );
        expect(await store.purgeMessageLog(CUTOFF)).toEqual({
          messages: rows,
          outbound: 0,
          runs: 0,
        });
        expect(await store.listMessages("o1", 10)).toEqual([]);
      });

      it("lets other writes through between chunks", async () => {
        await store.logMessages(Array.from({ length: 20 }, (_, i) => inbound("o1", OLD, `${i}`)));
        const finished: string[] = [];
        const purging = store.purgeMessageLog(CUTOFF, { chunkRows: 5 }).then((r) => {
          finished.push("purge");
          return r;
        });
        await store.commitTurn(makeTurn("o2", "m1", NOW));
        finished.push("turn");
        expect((await purging).messages).toBe(20);
        expect(finished).toEqual(["turn", "purge"]);
      });

      it("stops between chunks when told to, counting what it deleted", async () => {
        await store.logMessages(Array.from({ length: 6 }, (_, i) => inbound("o1", OLD, `${i}`)));
        const stop = new AbortController();
        stop.abort();
        expect(await store.purgeMessageLog(CUTOFF, { signal: stop.signal })).toEqual({
          messages: 0,
          outbound: 0,
          runs: 0,
        });
        expect(await store.listMessages("o1", 10)).toHaveLength(6);
      });
    });

    runFunnelContract(() => subject);

    describe("outbound queue", () => {
      const A = "oA";
      const B = "oB";

      it("reports for the health check what waits to be sent, what is due and since when", async () => {
        const empty = await store.health(1_000);
        expect([empty.outboundPending, empty.outboundDue, empty.oldestDueAt]).toEqual([0, 0, null]);
        expect(empty.pendingTurns).toBe(0);
        expect(["thread", "in-process"]).toContain(empty.writes);
        expect(empty.writesRefused).toBeNull();
        await store.enqueueOutbound(
          [
            { openid: A, payload: payload(A, "a1"), notBefore: 300 },
            { openid: B, payload: payload(B, "b1"), notBefore: 200 },
            { openid: "oC", payload: payload("oC", "later"), notBefore: 5_000 },
          ],
          100,
        );
        const [b1] = (await store.dueOutbound(1_000, 10)).filter((m) => m.openid === B);
        await store.markOutbound(b1!.id, { status: "sent", attempts: 1 });
        await store.acceptTurn({
          dedupKey: "k",
          openid: A,
          reply: "success",
          at: 900,
          resume: "{}",
        });
        expect(await store.health(1_000)).toMatchObject({
          outboundPending: 2,
          outboundDue: 1,
          oldestDueAt: 300,
          pendingTurns: 1,
        });
      });

      it("returns due messages oldest first, as enqueued, and respects the limit", async () => {
        await store.enqueueOutbound(
          [
            { openid: A, payload: payload(A, "a1"), notBefore: 100 },
            { openid: B, payload: payload(B, "b1"), notBefore: 100 },
            { openid: "oC", payload: payload("oC", "c1"), notBefore: 900 },
          ],
          50,
        );
        const due = await store.dueOutbound(100, 10);
        expect(due).toEqual([
          {
            id: due[0]?.id,
            openid: A,
            payload: payload(A, "a1"),
            createdAt: 50,
            notBefore: 100,
            attempts: 0,
            status: "pending",
            lastError: null,
          },
          {
            id: due[1]?.id,
            openid: B,
            payload: payload(B, "b1"),
            createdAt: 50,
            notBefore: 100,
            attempts: 0,
            status: "pending",
            lastError: null,
          },
        ]);
        expect((due[0]?.id ?? 0) < (due[1]?.id ?? 0)).toBe(true);
        expect((await store.dueOutbound(100, 1)).map((m) => m.openid)).toEqual([A]);
        expect(await store.dueOutbound(99, 10)).toEqual([]);
        expect(await store.dueOutbound(1_000, 0)).toEqual([]);
      });

      it("sends a follower's messages in scheduled order: a delayed one holds up nothing due before it", async () => {
        // A delayed send from an earlier turn, due at 1,000.
        await store.enqueueOutbound(
          [{ openid: A, payload: payload(A, "later"), notBefore: 1_000 }],
          0,
        );
        // A later turn's messages, due now.
        await store.enqueueOutbound(
          [
            { openid: A, payload: payload(A, "a1"), notBefore: 0 },
            { openid: A, payload: payload(A, "a2"), notBefore: 0 },
            { openid: B, payload: payload(B, "b1"), notBefore: 0 },
          ],
          0,
        );
        const contents = (due: { payload: string }[]) =>
          due.map((m) => JSON.parse(m.payload).text.content);
        const now = await store.dueOutbound(500, 10);
        expect(contents(now)).toEqual(["a1", "b1"]);
        await store.markOutbound(now[0]!.id, { status: "sent", attempts: 1 });
        const next = await store.dueOutbound(500, 10);
        expect(contents(next)).toEqual(["a2", "b1"]);
        await store.markOutbound(next[0]!.id, { status: "sent", attempts: 1 });
        expect(contents(await store.dueOutbound(500, 10))).toEqual(["b1"]);
        expect(contents(await store.dueOutbound(1_000, 10))).toEqual(["later", "b1"]);
      });

      it("holds a message and everything after it during a retry back-off", async () => {
        await store.enqueueOutbound(
          [
            { openid: A, payload: payload(A, "a1"), notBefore: 0 },
            { openid: A, payload: payload(A, "a2"), notBefore: 0 },
          ],
          0,
        );
        const [a1] = await store.dueOutbound(0, 10);
        if (!a1) throw new Error("a1 should be due");
        await store.markOutbound(a1.id, {
          status: "pending",
          attempts: 1,
          lastError: "45009 rate limit",
          notBefore: 5_000,
        });
        expect(await store.dueOutbound(4_999, 10)).toEqual([]);
        // Scheduled after a1, so it waits for a1 too, although due before a1's retry.
        await store.enqueueOutbound(
          [{ openid: A, payload: payload(A, "a3"), notBefore: 100 }],
          100,
        );
        expect(await store.dueOutbound(4_999, 10)).toEqual([]);

        const retry = await store.dueOutbound(5_000, 10);
        expect(retry).toEqual([
          { ...a1, attempts: 1, lastError: "45009 rate limit", notBefore: 5_000 },
        ]);

        // Omitting lastError keeps it; giving up releases the follower's next message.
        await store.markOutbound(a1.id, { status: "failed", attempts: 2 });
        const next = await store.dueOutbound(5_000, 10);
        expect(next.map((m) => JSON.parse(m.payload).text.content)).toEqual(["a2"]);
        const a2 = next[0];
        if (!a2) throw new Error("a2 should be due");
        await store.markOutbound(a2.id, { status: "pending", attempts: 1, lastError: "timeout" });
        await store.markOutbound(a2.id, { status: "pending", attempts: 2, lastError: null });
        expect(await store.dueOutbound(5_000, 10)).toEqual([
          { ...a2, attempts: 2, lastError: null },
        ]);
      });

      it("lists the messages queued before a start that go out next, none a retry holds up", async () => {
        // A delayed send from an earlier turn: it holds up nothing due before it.
        await store.enqueueOutbound(
          [{ openid: A, payload: payload(A, "later"), notBefore: 1_000 }],
          0,
        );
        await store.enqueueOutbound(
          [
            { openid: A, payload: payload(A, "a1"), notBefore: 100 },
            { openid: A, payload: payload(A, "a2"), notBefore: 100 },
            { openid: B, payload: payload(B, "b1"), notBefore: 100 },
            { openid: B, payload: payload(B, "b2"), notBefore: 100 },
            { openid: "oC", payload: payload("oC", "c1"), notBefore: 100 },
          ],
          100,
        );
        // A delayed send that has come due.
        await store.enqueueOutbound(
          [{ openid: "oD", payload: payload("oD", "d1"), notBefore: 400 }],
          200,
        );
        const first = await store.dueOutbound(100, 10);
        const [a1, b1, c1] = first;
        expect(first.map((m) => m.openid)).toEqual([A, B, "oC"]);
        // b1 waits for a retry, b2 behind it; c1 went out.
        await store.markOutbound(b1!.id, { status: "pending", attempts: 1, notBefore: 5_000 });
        await store.markOutbound(c1!.id, { status: "sent", attempts: 1 });
        // Queued at `now` itself: by a turn after the start, which counts its own.
        await store.enqueueOutbound(
          [{ openid: "oE", payload: payload("oE", "e1"), notBefore: 500 }],
          500,
        );

        const next = await store.dueFirstAttempts(500);
        expect(next.map((m) => m.openid)).toEqual([A, A, "oD"]);
        expect(next[0]).toEqual({ id: a1!.id, openid: A });
        expect(next[0]!.id < next[1]!.id && next[1]!.id < next[2]!.id).toBe(true);
        // b1's back-off is over: it is due again, but not for its first attempt, and b2 still
        // waits behind it.
        expect((await store.dueFirstAttempts(6_000)).map((m) => m.openid)).toEqual([
          A,
          A,
          A,
          "oD",
          "oE",
        ]);
        expect(await store.dueFirstAttempts(99)).toEqual([]);
      });

      it("names the followers with a message waiting for a retry, each once", async () => {
        await store.enqueueOutbound(
          [
            { openid: A, payload: payload(A, "a1"), notBefore: 100 },
            { openid: B, payload: payload(B, "b1"), notBefore: 100 },
            { openid: B, payload: payload(B, "b2"), notBefore: 100 },
          ],
          100,
        );
        expect(await store.followersAwaitingRetry()).toEqual([]);
        const [a1, b1] = await store.dueOutbound(100, 10);
        await store.markOutbound(a1!.id, { status: "pending", attempts: 1, notBefore: 5_000 });
        await store.markOutbound(b1!.id, { status: "pending", attempts: 2, notBefore: 5_000 });
        expect((await store.followersAwaitingRetry()).sort()).toEqual([A, B].sort());
        // Sent at last, or given up: nothing of theirs waits for a retry any more.
        await store.markOutbound(a1!.id, { status: "sent", attempts: 2 });
        await store.markOutbound(b1!.id, { status: "failed", attempts: 3 });
        expect(await store.followersAwaitingRetry()).toEqual([]);
      });

      it("refuses to mark a message that does not exist", async () => {
        await expect(store.markOutbound(424242, { status: "sent", attempts: 1 })).rejects.toThrow(
          /424242/,
        );
      });
    });

    describe("recorded customer-service sends", () => {
      const HOUR = 3_600_000;
      const NOW = 100 * HOUR;

      /** Queues one message for `openid` and returns its id (it is then the follower's first). */
      async function queueOne(openid: string, at: number): Promise<number> {
        await store.enqueueOutbound(
          [{ openid, payload: payload(openid, "hi"), notBefore: at }],
          at,
        );
        const message = (await store.dueOutbound(at, 100)).find((m) => m.openid === openid);
        if (!message) throw new Error(`no message due for ${openid}`);
        return message.id;
      }
      async function send(openid: string, at: number, window: "message" | "event") {
        const id = await queueOne(openid, at);
        await store.markOutbound(id, { status: "sent", attempts: 1, spent: { window, at } });
        return id;
      }

      it("returns each send with its allowance and time, oldest first, from `since` on", async () => {
        await send("oA", NOW - 49 * HOUR, "message");
        await send("oB", NOW - 48 * HOUR, "message");
        await send("oA", NOW - 2 * HOUR, "message");
        await send("oB", NOW - 30_000, "event");
        await send("oA", NOW - 30_000, "event");
        expect(await store.recentSends(NOW - 48 * HOUR)).toEqual([
          { openid: "oB", window: "message", at: NOW - 48 * HOUR },
          { openid: "oA", window: "message", at: NOW - 2 * HOUR },
          { openid: "oB", window: "event", at: NOW - 30_000 },
          { openid: "oA", window: "event", at: NOW - 30_000 },
        ]);
        expect(await store.recentSends(NOW)).toEqual([]);
      });

      it("counts only messages marked sent with the allowance they spent", async () => {
        const spent = { window: "message" as const, at: NOW };
        const failed = await queueOne("o-failed", NOW);
        await store.markOutbound(failed, { status: "failed", attempts: 1, spent });
        const retrying = await queueOne("o-retry", NOW);
        await store.markOutbound(retrying, { status: "pending", attempts: 1, spent });
        const unspent = await queueOne("o-unspent", NOW);
        await store.markOutbound(unspent, { status: "sent", attempts: 1 });
        await expect(
          store.markOutbound(424242, { status: "sent", attempts: 1, spent }),
        ).rejects.toThrow(/424242/);
        expect(await store.recentSends(0)).toEqual([]);

        // The retried message goes out in the end: now it counts, once.
        await store.markOutbound(retrying, { status: "sent", attempts: 2, spent });
        expect(await store.recentSends(0)).toEqual([{ openid: "o-retry", ...spent }]);
      });

      it("keeps one record per message when it is marked sent again", async () => {
        const id = await send("oA", NOW - HOUR, "event");
        await store.markOutbound(id, {
          status: "sent",
          attempts: 1,
          spent: { window: "message", at: NOW },
        });
        expect(await store.recentSends(0)).toEqual([{ openid: "oA", window: "message", at: NOW }]);
      });

      it("forgets sends before the cut-off, in chunks, and keeps the rest", async () => {
        for (let i = 0; i < 7; i++) await send(`o${i}`, NOW - 50 * HOUR + i, "message");
        await send("o-recent", NOW - HOUR, "message");
        const stop = new AbortController();
        stop.abort();
        expect(await store.purgeSends(NOW - 48 * HOUR, { signal: stop.signal })).toBe(0);
        expect(await store.purgeSends(NOW - 48 * HOUR, { chunkRows: 3 })).toBe(7);
        expect(await store.recentSends(0)).toEqual([
          { openid: "o-recent", window: "message", at: NOW - HOUR },
        ]);
        expect(await store.purgeSends(NOW - 48 * HOUR)).toBe(0);
      });

      it("counts, per follower and allowance, only the sends since a window still open opened", async () => {
        const MINUTE = 60_000;
        const openedAfter = { message: NOW - 48 * HOUR, event: NOW - MINUTE };
        // Wrote two hours ago; clicked 40 s ago.
        await store.saveFollower(
          makeFollower("o-both", { lastMessageAt: NOW - 2 * HOUR, lastEventAt: NOW - 40_000 }),
        );
        await send("o-both", NOW - 3 * HOUR, "message"); // the window before: never counts again
        await send("o-both", NOW - 2 * HOUR, "message"); // as the window opened: counts
        await send("o-both", NOW - HOUR, "message");
        await send("o-both", NOW - 45_000, "event"); // the click before
        await send("o-both", NOW - 39_000, "event");
        await send("o-both", NOW - 38_000, "event");
        // Wrote 49 hours ago: the window has closed.
        await store.saveFollower(makeFollower("o-closed", { lastMessageAt: NOW - 49 * HOUR }));
        await send("o-closed", NOW - 48 * HOUR + 1, "message");
        // Clicked two minutes ago: that minute is over; wrote exactly 48 hours ago: closed too.
        await store.saveFollower(
          makeFollower("o-click", {
            lastEventAt: NOW - 2 * MINUTE,
            lastMessageAt: NOW - 48 * HOUR,
          }),
        );
        await send("o-click", NOW - 2 * MINUTE + 1_000, "event");
        await send("o-click", NOW - 47 * HOUR, "message");
        // Sent to, but no follower record says when a window opened.
        await send("o-unknown", NOW - HOUR, "message");

        const spent = await store.sendsInOpenWindows(openedAfter);
        expect(
          [...spent].sort((a, b) =>
            `${a.openid}${a.window}`.localeCompare(`${b.openid}${b.window}`),
          ),
        ).toEqual([
          { openid: "o-both", window: "event", count: 2, lastAt: NOW - 38_000 },
          { openid: "o-both", window: "message", count: 2, lastAt: NOW - HOUR },
        ]);
        // An hour later the click's minute is long over; the message's 48 hours are not.
        const later = NOW + HOUR;
        expect(
          await store.sendsInOpenWindows({ message: later - 48 * HOUR, event: later - MINUTE }),
        ).toEqual([{ openid: "o-both", window: "message", count: 2, lastAt: NOW - HOUR }]);
      });

      it("keeps the sends when the retention purge deletes their queue rows", async () => {
        await send("oA", NOW - HOUR, "message");
        expect((await store.purgeMessageLog(NOW)).outbound).toBe(1);
        expect(await store.recentSends(0)).toEqual([
          { openid: "oA", window: "message", at: NOW - HOUR },
        ]);
      });
    });

    it("can be closed twice", async () => {
      await store.close();
      await store.close();
    });

    it("loses nothing when the database is opened again", async (ctx) => {
      if (!subject.reopen) {
        ctx.skip();
        return;
      }
      await store.publishFlow(makeFlow("a"), 100);
      await store.publishFlow(makeFlow("a", "A two"), 200);
      await store.saveFollower(makeFollower("o2", { tags: ["kept"] }));
      const turn = makeTurn("o1", "m1", 10_000);
      await store.commitTurn(turn);
      await store.enqueueOutbound([{ openid: "o3", payload: payload("o3", "x"), notBefore: 0 }], 0);
      const [sent] = (await store.dueOutbound(0, 10)).filter((m) => m.openid === "o3");
      const spent = { window: "message" as const, at: 9_000 };
      await store.markOutbound(sent!.id, { status: "sent", attempts: 1, spent });
      await store.close();

      const again = await subject.reopen();
      expect((await again.latestFlows()).map((p) => [p.flowId, p.version])).toEqual([["a", 2]]);
      expect((await again.getFlowVersion("a", 1))?.flow).toEqual(makeFlow("a"));
      expect(await again.getFollower("o2")).toEqual(makeFollower("o2", { tags: ["kept"] }));
      expect(await again.getSession("o1")).toEqual(turn.session);
      expect(await again.processedReply("m1")).toBe(turn.reply);
      expect(await again.listMessages("o1", 10)).toHaveLength(2);
      expect(await again.dueOutbound(10_000, 10)).toHaveLength(1);
      expect(await again.counters()).toEqual({ messagesIn: 1, messagesOut: 1 });
      expect(await again.recentSends(0)).toEqual([{ openid: "o3", ...spent }]);
      expect((await again.publishFlow(makeFlow("a"), 300)).version).toBe(3);
    });
  });
}
