// `npm run bench:quota`: what the outbound dispatcher's start costs to rebuild WeChat's
// customer-service quota, on 288,000 sends recorded in the last 48 hours across 60,000 followers:
// the counts of the windows still open (Store.sendsInOpenWindows, today's restore) against every
// send of the 48 hours read back and replayed into memory (the restore before it, reproduced here).
//
// Each restore runs in a child process of its own (this file with `child`), so its time, heap and
// RSS are its own; the two alternate for BENCH_ROUNDS rounds (default 5) and the medians are
// compared. Each child then asks its quota, for every follower sent to, how many more sends each
// window allows right now: the two must agree, or the bench fails.
//
//   npm run bench:quota   (BENCH_ACTIVE=60000 followers sent to, 4.8 sends each, among
//                          BENCH_FOLLOWERS=200000)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { newFollowerRecord } from "../server/runtime/followerRecord";
import {
  createServiceWindow,
  EVENT_WINDOW,
  MESSAGE_WINDOW,
  type ServiceWindow,
} from "../server/runtime/serviceWindow";
import { seedFollowers, seedOpenid } from "../server/store/seed";
import { openSqliteStore, sqliteDatabaseOf } from "../server/store/sqliteStore";
import type { ServiceSend, ServiceWindowKind, Store } from "../server/store/types";

const NOW = Date.UTC(2026, 10, 24, 12);
const HOUR = 3_600_000;
const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 60_000);
const FOLLOWERS = Math.max(ACTIVE, Number(process.env.BENCH_FOLLOWERS ?? 200_000));
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
/** Sends per follower, 4.8 on average: 288,000 for 60,000 followers. */
const SENDS_PER_FOLLOWER = [3, 4, 5, 6, 6];

type Approach = "old" | "new";

interface ChildFigures {
  approach: Approach;
  /** Rows the store handed back. */
  rows: number;
  readMs: number;
  /** Taking the rows into the quota's memory. */
  takeInMs: number;
  /** heapUsed after the restore minus before, garbage not yet collected included. */
  heapMiB: number;
  /** heapUsed after a full GC minus before: what the quota's memory keeps. */
  retainedMiB: number;
  rssMiB: number;
  remembered: number;
  /** Hash of every follower's remaining allowances per window, in openid order. */
  allowances: string;
  /** How many followers have no send left in any open window. */
  usedUp: number;
}

// ---------- the database ----------

/** mulberry32: the same data on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Two days of traffic of the followers sent to. Each wrote 1–4 times (a quarter of them last got
 * only the passive reply), and a fifth clicked a menu once and got 1–3 messages in its minute (one
 * in a hundred within the last minute, so that window is still open). A message's customer-service
 * messages went out seconds after it, at most 5.
 */
function fillSends(path: string): { sends: number; followers: number } {
  const db = new Database(path);
  const rnd = random(20261124);
  const sends: Array<{ openid: string; window: ServiceWindowKind; at: number }> = [];
  const setWindows = db.prepare(
    "UPDATE followers SET last_message_at = ?, last_event_at = ? WHERE openid = ?",
  );
  const span = 48 * HOUR - 2 * 60_000;
  db.transaction(() => {
    for (let k = 0; k < ACTIVE; k++) {
      const openid = seedOpenid(Math.floor((k * FOLLOWERS) / ACTIVE));
      const total = SENDS_PER_FOLLOWER[k % SENDS_PER_FOLLOWER.length]!;
      let clickAt: number | null = null;
      let eventSends = 0;
      if (k % 5 === 0) {
        clickAt = k % 100 === 0 ? NOW - 30_000 : NOW - 48 * HOUR + Math.floor(rnd() * span);
        eventSends = 1 + (k % 3);
        for (let j = 0; j < eventSends; j++) {
          sends.push({ openid, window: "event", at: clickAt + (j + 1) * 2_000 });
        }
      }
      const messageSends = total - eventSends;
      const sending = Math.max(1 + Math.floor(rnd() * 3), Math.ceil(messageSends / 5));
      const quiet = rnd() < 0.25 ? 1 : 0;
      const times = Array.from(
        { length: sending + quiet },
        () => NOW - 48 * HOUR + Math.floor(rnd() * span),
      ).sort((a, b) => a - b);
      // A minute apart at least, so a message's sends come before the next message.
      for (let j = 1; j < times.length; j++) times[j] = Math.max(times[j]!, times[j - 1]! + 60_000);
      const perMessage = new Array<number>(sending).fill(0);
      for (let s = 0; s < messageSends; s++) {
        let j = Math.floor(rnd() * sending);
        while (perMessage[j]! >= MESSAGE_WINDOW.quota) j = (j + 1) % sending;
        perMessage[j]! += 1;
      }
      perMessage.forEach((n, j) => {
        for (let s = 0; s < n; s++) {
          sends.push({ openid, window: "message", at: times[j]! + (s + 1) * 3_000 });
        }
      });
      setWindows.run(times.at(-1)!, clickAt, openid);
    }
    // Outbound ids go up with time, as the dispatcher's marks make them.
    sends.sort((a, b) => a.at - b.at);
    const insert = db.prepare(
      "INSERT INTO service_sends (outbound_id, openid, window_kind, sent_at) VALUES (?, ?, ?, ?)",
    );
    for (const [i, s] of sends.entries()) insert.run(i + 1, s.openid, s.window, s.at);
  }).immediate();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { sends: sends.length, followers: ACTIVE };
}

// ---------- child: one restore ----------

/**
 * The restore before this one, as outbound.ts and serviceWindow.ts had it: every send of the last
 * 48 hours, oldest first, each follower keeping the latest of each kind up to its quota, then one
 * sweep at now (which forgets nobody here: every send is recent).
 */
function oldRestore(sends: readonly ServiceSend[], now: number) {
  const memory = new Map<string, Record<ServiceWindowKind, number[]>>();
  const quotas = { message: MESSAGE_WINDOW.quota, event: EVENT_WINDOW.quota };
  for (const send of sends) {
    const record = memory.get(send.openid) ?? { message: [], event: [] };
    const list = record[send.window];
    list.push(send.at);
    if (list.length > quotas[send.window]) list.shift();
    memory.set(send.openid, record);
  }
  const before = now - MESSAGE_WINDOW.lengthMs;
  for (const [openid, record] of memory) {
    const last = Math.max(record.message.at(-1) ?? before, record.event.at(-1) ?? before);
    if (last <= before) memory.delete(openid);
  }
  return memory;
}

/** Sends each open window still allows every follower sent to, as the pre-check would answer. */
function allowances(store: Store, window: ServiceWindow): { hash: string; usedUp: number } {
  const db = sqliteDatabaseOf(store)!;
  const rows = db
    .prepare<[], { openid: string; last_message_at: number | null; last_event_at: number | null }>(
      `SELECT openid, last_message_at, last_event_at FROM followers
       WHERE openid IN (SELECT openid FROM service_sends) ORDER BY openid`,
    )
    .all();
  const hash = createHash("sha256");
  let usedUp = 0;
  for (const row of rows) {
    const follower = {
      ...newFollowerRecord(row.openid, NOW - 100 * HOUR),
      lastMessageAt: row.last_message_at,
      lastEventAt: row.last_event_at,
    };
    const left = { message: 0, event: 0 };
    for (let i = 0; i < MESSAGE_WINDOW.quota + EVENT_WINDOW.quota; i++) {
      const verdict = window.check(follower, NOW);
      if (!verdict.ok) break;
      left[verdict.window] += 1;
      window.recordSend(row.openid, NOW, verdict.window);
    }
    if (left.message + left.event === 0) usedUp++;
    hash.update(`${row.openid} ${left.message} ${left.event}\n`);
  }
  return { hash: hash.digest("hex").slice(0, 16), usedUp };
}

const MiB = (bytes: number) => bytes / 2 ** 20;
const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function restoreChild(approach: Approach, path: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run the child with node --expose-gc");
  const store = await openSqliteStore(path, { fileMustExist: true });
  gc();
  const before = process.memoryUsage();
  let start = process.hrtime.bigint();
  let rows: number;
  let readMs: number;
  let kept: unknown;
  const window = createServiceWindow();
  if (approach === "old") {
    const sends = await store.recentSends(NOW - MESSAGE_WINDOW.lengthMs);
    readMs = since(start);
    start = process.hrtime.bigint();
    kept = oldRestore(sends, NOW);
    rows = sends.length;
  } else {
    const spent = await store.sendsInOpenWindows({
      message: NOW - MESSAGE_WINDOW.lengthMs,
      event: NOW - EVENT_WINDOW.lengthMs,
    });
    readMs = since(start);
    start = process.hrtime.bigint();
    window.restore(spent);
    kept = window;
    rows = spent.length;
  }
  const takeInMs = since(start);
  const after = process.memoryUsage();
  gc();
  const retained = process.memoryUsage();
  const remembered = kept instanceof Map ? kept.size : window.remembered;
  // Untimed: the same answers from the old memory, through the quota's own code.
  if (approach === "old") {
    for (const send of await store.recentSends(NOW - MESSAGE_WINDOW.lengthMs)) {
      window.recordSend(send.openid, send.at, send.window);
    }
  }
  const check = allowances(store, window);
  await store.close();
  const figures: ChildFigures = {
    approach,
    rows,
    readMs,
    takeInMs,
    heapMiB: MiB(after.heapUsed - before.heapUsed),
    retainedMiB: MiB(retained.heapUsed - before.heapUsed),
    rssMiB: MiB(after.rss - before.rss),
    remembered,
    allowances: check.hash,
    usedUp: check.usedUp,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

// ---------- the comparison ----------

function runChild(approach: Approach, path: string): ChildFigures {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", self, "child", approach, path],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (result.status !== 0)
    throw new Error(`bench child (${approach}) exited with ${result.status}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as ChildFigures;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "huashu-quota-bench-"));
  try {
    const path = join(dir, "quota.db");
    const seeded = process.hrtime.bigint();
    await seedFollowers(path, FOLLOWERS, NOW);
    const filled = fillSends(path);
    console.log(
      `seeded ${FOLLOWERS} followers, ${filled.sends} sends in the last 48 hours to ${filled.followers} of them in ${(since(seeded) / 1000).toFixed(1)} s; file ${MiB(statSync(path).size).toFixed(0)} MiB`,
    );
    {
      const db = new Database(path, { readonly: true });
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT s.openid, s.window_kind, COUNT(*), MAX(s.sent_at)
           FROM service_sends s JOIN followers f ON f.openid = s.openid
           WHERE s.sent_at > MIN(?, ?)
             AND CASE s.window_kind
                   WHEN 'message' THEN f.last_message_at > ? AND s.sent_at >= f.last_message_at
                   ELSE f.last_event_at > ? AND s.sent_at >= f.last_event_at
                 END
           GROUP BY s.openid, s.window_kind`,
        )
        .all(0, 0, 0, 0) as Array<{ detail: string }>;
      console.log(`sendsInOpenWindows plan: ${plan.map((p) => p.detail).join(" | ")}`);
      db.close();
    }

    const runs: Record<Approach, ChildFigures[]> = { old: [], new: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating, the order swapped each round: neither always runs on a cooler machine.
      const order: Approach[] = round % 2 === 0 ? ["old", "new"] : ["new", "old"];
      for (const approach of order) runs[approach].push(runChild(approach, path));
    }

    const line = (label: string, figures: ChildFigures[]) => {
      const f = figures[0]!;
      const pick = (key: keyof ChildFigures) => median(figures.map((x) => x[key] as number));
      const total = median(figures.map((x) => x.readMs + x.takeInMs));
      console.log(
        `${label}: ${f.rows} rows, ${f.remembered} followers remembered; ` +
          `${total.toFixed(0)} ms (read ${pick("readMs").toFixed(0)} + take in ${pick("takeInMs").toFixed(0)}; ` +
          `runs ${figures.map((x) => (x.readMs + x.takeInMs).toFixed(0)).join(" / ")}); ` +
          `heap +${pick("heapMiB").toFixed(1)} MiB before GC, +${pick("retainedMiB").toFixed(1)} MiB kept; ` +
          `RSS +${pick("rssMiB").toFixed(1)} MiB`,
      );
      return total;
    };
    console.log(`\nmedians of ${ROUNDS} runs each, each in a fresh process:`);
    const oldMs = line("old: every send of 48 h, replayed", runs.old);
    const newMs = line("new: counts of the open windows  ", runs.new);
    const ratio = (key: "heapMiB" | "retainedMiB" | "rssMiB") =>
      (median(runs.old.map((x) => x[key])) / median(runs.new.map((x) => x[key]))).toFixed(1);
    console.log(
      `old / new: time ×${(oldMs / newMs).toFixed(1)}, heap before GC ×${ratio("heapMiB")}, kept ×${ratio("retainedMiB")}, RSS ×${ratio("rssMiB")}`,
    );

    const answers = new Set([...runs.old, ...runs.new].map((x) => x.allowances));
    const usedUp = runs.new[0]!.usedUp;
    if (answers.size !== 1) {
      console.error(
        `the two restores disagree on what the followers may still be sent: ${[...answers].join(", ")}`,
      );
      process.exitCode = 1;
    } else {
      console.log(
        `both allow every follower the same sends right now (${usedUp} of ${filled.followers} have none left)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "child") {
  await restoreChild(process.argv[3] as Approach, process.argv[4]!);
} else {
  await main();
}
