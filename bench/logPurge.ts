// Measures the retention purge on a seeded database: chunk times with and without an index on `at`;
// then the hourly purge of processed message ids: one DELETE against chunks.
//
//   npm run bench:purge            (BENCH_MESSAGES=1000000 by default, half of them past the cutoff;
//                                   BENCH_PROCESSED=1000000 ids over 25 hours, the oldest hour purged)
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { seedFollowers, seedOpenid } from "../server/store/seed";
import { createSqliteWrites, type WriteOp } from "../server/store/sqliteWrites";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 24);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const FOLLOWERS = 100_000;
const CHUNKS = Number(process.env.BENCH_CHUNK) ? [Number(process.env.BENCH_CHUNK)] : [250, 1000];
const CUTOFF = NOW - 180 * DAY;
const HOUR = 3_600_000;
/** A day and an hour of processed ids at about 11 messages a second, as the hourly purge finds them. */
const PROCESSED = Number(process.env.BENCH_PROCESSED ?? 1_000_000);
const PROCESSED_CHUNKS = [250, 1000, 5000];

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A year of traffic: ~3 log rows and ~1 outbound row per follower message, oldest first. */
function fillLog(path: string): void {
  const db = new Database(path);
  const message = db.prepare(
    `INSERT INTO messages (openid, direction, at, msg_type, content, channel, flow_id, flow_version, node_id)
     VALUES (?, ?, ?, 'text', ?, ?, 'course', 3, 'ask_level')`,
  );
  const outbound = db.prepare(
    `INSERT INTO outbound (openid, payload, created_at, not_before, attempts, status)
     VALUES (?, ?, ?, ?, 1, ?)`,
  );
  const span = 360 * DAY;
  db.transaction(() => {
    for (let i = 0; i < MESSAGES; i++) {
      const at = NOW - span + Math.floor((i / MESSAGES) * span);
      const openid = seedOpenid((i * 7919) % FOLLOWERS);
      const inbound = i % 3 === 0;
      message.run(
        openid,
        inbound ? "in" : "out",
        at,
        JSON.stringify({ Content: "我想了解一下课程价格和上课时间", MsgId: String(24e15 + i) }),
        inbound ? null : i % 3 === 1 ? "passive" : "custom",
      );
      if (i % 3 === 2) {
        const status = i % 97 === 0 ? "pending" : i % 41 === 0 ? "failed" : "sent";
        const payload = JSON.stringify({
          touser: openid,
          msgtype: "text",
          text: { content: "第二条" },
        });
        outbound.run(openid, payload, at, at, status);
      }
    }
  }).immediate();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

interface Figures {
  chunk: number;
  chunks: number;
  deleted: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  lastChunkMs: number;
  totalMs: number;
  /** WAL checkpoints, untimed above: the server runs them on its checkpointer thread. */
  checkpointMs: number;
}

/** Opens a copy as the server's writer does: WAL, no checkpoints inside commits (see checkpointer.ts). */
function openCopy(base: string, file: string, indexed: boolean): Database.Database {
  copyFileSync(base, file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -65536");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("DROP INDEX IF EXISTS messages_at");
  if (indexed) db.exec("CREATE INDEX messages_at ON messages (at)");
  return db;
}

function closeCopy(db: Database.Database, file: string): void {
  db.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

/** Empties the WAL once it passes 32 MiB, as the checkpointer thread does; returns the time it took. */
function checkpointIfBig(db: Database.Database, file: string): number {
  let size = 0;
  try {
    size = statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
  if (size < 32 * 2 ** 20) return 0;
  const start = process.hrtime.bigint();
  db.pragma("wal_checkpoint(TRUNCATE)");
  return ms(start);
}

/** The retention purge's chunk of one table. */
const logChunk =
  (table: "messages" | "outbound") =>
  (limit: number): WriteOp => ({ op: "purgeLogChunk", table, before: CUTOFF, limit });

/** Deletes old rows chunk by chunk, each chunk in its own transaction, as the store does. */
function purge(
  db: Database.Database,
  file: string,
  chunkOp: (limit: number) => WriteOp,
  chunk: number,
): Figures {
  const writes = createSqliteWrites(db);
  const run = db.transaction(() => writes.run(chunkOp(chunk)));
  const times: number[] = [];
  let deleted = 0;
  let checkpointMs = 0;
  for (;;) {
    const start = process.hrtime.bigint();
    const n = run.immediate() as number;
    times.push(ms(start));
    deleted += n;
    checkpointMs += checkpointIfBig(db, file);
    if (n < chunk) break;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    chunk,
    chunks: times.length,
    deleted,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    maxMs: sorted.at(-1) ?? 0,
    lastChunkMs: times.at(-1) ?? 0,
    totalMs: times.reduce((a, b) => a + b, 0),
    checkpointMs,
  };
}

/** Appending to the log: what every turn pays for the index, in µs per 3-row transaction. */
function appendCost(db: Database.Database, round: number): number {
  const insert = db.prepare(
    `INSERT INTO messages (openid, direction, at, msg_type, content) VALUES (?, 'in', ?, 'text', '{"Content":"hi"}')`,
  );
  const turn = db.transaction((i: number) => {
    for (let k = 0; k < 3; k++) insert.run(seedOpenid((i * 31 + k) % FOLLOWERS), NOW + i);
  });
  const turns = 20_000;
  const start = process.hrtime.bigint();
  for (let i = round * turns; i < (round + 1) * turns; i++) turn.immediate(i);
  return (ms(start) * 1000) / turns;
}

/** Processed ids with their stored reply XML, in arrival order over the last 25 hours. */
function fillProcessed(path: string): void {
  const db = new Database(path);
  const insert = db.prepare("INSERT INTO processed (dedup_key, reply, at) VALUES (?, ?, ?)");
  const reply = `<xml><ToUserName><![CDATA[oSeed]]></ToUserName><Content><![CDATA[${"您好，欢迎来到轻羽运动旗舰店！".repeat(8)}]]></Content></xml>`;
  db.transaction(() => {
    for (let i = 0; i < PROCESSED; i++) {
      const at = NOW - 25 * HOUR + Math.floor((i / PROCESSED) * 25 * HOUR);
      insert.run(`msg:${24e15 + i * 7}`, reply, at);
    }
  }).immediate();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

/** The hourly purge of processed ids older than a day: one statement, or chunk by chunk. */
function purgeProcessed(base: string, dir: string): void {
  const cutoff = NOW - 24 * HOUR;
  const file = join(dir, "processed.db");
  {
    const db = openCopy(base, file, true);
    const start = process.hrtime.bigint();
    const n = db.prepare("DELETE FROM processed WHERE at < ?").run(cutoff).changes;
    console.log(
      `  one DELETE: ${n} ids in ${ms(start).toFixed(0)} ms, all in one transaction (turns wait behind it)`,
    );
    closeCopy(db, file);
  }
  for (const chunk of PROCESSED_CHUNKS) {
    const db = openCopy(base, file, true);
    const f = purge(
      db,
      file,
      (limit) => ({ op: "purgeProcessedChunk", before: cutoff, limit }),
      chunk,
    );
    console.log(
      `  chunks of ${String(chunk).padStart(4)}: ${f.deleted} ids in ${f.chunks} chunks: median ${f.medianMs.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)}, max ${f.maxMs.toFixed(1)}; total ${f.totalMs.toFixed(0)} ms`,
    );
    closeCopy(db, file);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "huashu-purge-bench-"));
  try {
    const base = join(dir, "base.db");
    let start = process.hrtime.bigint();
    await seedFollowers(base, FOLLOWERS, NOW);
    fillLog(base);
    console.log(
      `seeded ${FOLLOWERS} followers, ${MESSAGES} log rows in ${(ms(start) / 1000).toFixed(1)} s; file ${(statSync(base).size / 2 ** 20).toFixed(0)} MiB; cutoff: the older half`,
    );

    const plain = join(dir, "plain.db");
    const indexed = join(dir, "indexed.db");
    const a = openCopy(base, plain, false);
    start = process.hrtime.bigint();
    const b = openCopy(base, indexed, true);
    console.log(`copy + CREATE INDEX messages_at: ${ms(start).toFixed(0)} ms`);
    const costs = { plain: [] as number[], indexed: [] as number[] };
    for (let round = 0; round < 5; round++) {
      costs.plain.push(appendCost(a, round));
      checkpointIfBig(a, plain);
      costs.indexed.push(appendCost(b, round));
      checkpointIfBig(b, indexed);
    }
    const fmt = (xs: number[]) =>
      `${xs.map((x) => x.toFixed(0)).join(" / ")} (median ${[...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]?.toFixed(0)})`;
    console.log(
      `append 3 log rows per transaction, µs: without ${fmt(costs.plain)}; with ${fmt(costs.indexed)}`,
    );
    closeCopy(a, plain);
    closeCopy(b, indexed);

    for (const chunk of CHUNKS) {
      for (const withIndex of [false, true]) {
        const file = join(dir, `run.db`);
        const db = openCopy(base, file, withIndex);
        const plan = db
          .prepare(
            "EXPLAIN QUERY PLAN DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE at < ? LIMIT ?)",
          )
          .all(CUTOFF, chunk) as Array<{ detail: string }>;
        console.log(`\n${withIndex ? "with" : "without"} an index on at, ${chunk} rows per chunk`);
        console.log(`  plan: ${plan.map((p) => p.detail).join(" | ")}`);
        for (const table of ["messages", "outbound"] as const) {
          const f = purge(db, file, logChunk(table), chunk);
          console.log(
            `  ${table.padEnd(8)} ${f.deleted} rows in ${f.chunks} chunks: median ${f.medianMs.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)}, max ${f.maxMs.toFixed(1)}, last ${f.lastChunkMs.toFixed(1)}; total ${(f.totalMs / 1000).toFixed(1)} s (+ ${(f.checkpointMs / 1000).toFixed(1)} s of checkpoints)`,
          );
        }
        // The next hourly run: nothing (or an hour's worth) left to delete.
        const again = purge(db, file, logChunk("messages"), chunk);
        console.log(`  next pass, nothing to delete: ${again.lastChunkMs.toFixed(1)} ms`);
        closeCopy(db, file);
      }
    }

    const processedBase = join(dir, "processed-base.db");
    await seedFollowers(processedBase, 1, NOW);
    fillProcessed(processedBase);
    console.log(
      `\nprocessed ids: ${PROCESSED} over 25 hours, the hourly pass deletes those older than a day`,
    );
    purgeProcessed(processedBase, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
