// Measures the per-node funnel report (GET /api/flows/:id/funnel) on a seeded database: how long a
// report takes for each period the editor offers, against a baseline in the same run (the obvious
// single query: the period's node rows grouped by node, which counts only "reached" and sorts the
// whole period), and how long the server's own thread is held while a report runs: on the store's
// report thread, as the server reads them, against the same report read on the main thread.
//
//   npm run bench:funnel     (BENCH_RUNS_PER_DAY=10000 runs of the measured flow a day, a busy
//                             account; BENCH_DAYS=90 days of them; 6 nodes reached per run)
//
// It also times the 30-day report `through` one node of an A/B pair that half the runs reached,
// against the unfiltered 30-day report.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import { dayOf } from "../server/runtime/interactions";
import { createFunnelReport } from "../server/store/sqliteFunnel";
import { openSqliteStore } from "../server/store/sqliteStore";
import type { FunnelQuery } from "../server/store/types";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 24, 4);
const RUNS_PER_DAY = Number(process.env.BENCH_RUNS_PER_DAY ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const PERIODS = [1, 7, 30, 90] as const;
const REPEATS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** The measured flow's runs (and a second flow's, a tenth as many), with their nodes, by SQL. */
function seed(path: string): { runs: number; nodeRows: number } {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const total = RUNS_PER_DAY * DAYS;
  db.transaction(() => {
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${total - 1})
      INSERT INTO flow_runs (openid, flow_id, started_at, version, last_node_id, outcome, expires_at)
      SELECT 'o' || (i % 200000), 'shop', ${NOW} - (i * ${DAY} / ${RUNS_PER_DAY}) % (${DAYS} * ${DAY}),
        1 + i % 3, 'node_' || (3 + i % 17),
        CASE i % 5 WHEN 0 THEN 'completed' WHEN 1 THEN 'dropped' WHEN 2 THEN 'handedOff' ELSE 'open' END,
        ${NOW} - (i % 7) * 3600000
      FROM n;
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.floor(total / 10) - 1})
      INSERT INTO flow_runs (openid, flow_id, started_at, version, last_node_id, outcome, expires_at)
      SELECT 'p' || i, 'other', ${NOW} - (i * ${DAY * 10} / ${RUNS_PER_DAY}) % (${DAYS} * ${DAY}), 1,
        'node_1', 'completed', 0
      FROM n;
    `);
    // The first 2 nodes, one of an A/B pair (variant_a for half the runs, variant_b for the other
    // half), then 3 of the other 17 (distinct: 5 and 10 are not multiples of 17).
    db.exec(`
      INSERT INTO flow_run_nodes (flow_id, node_id, start_day, version, run_id)
      SELECT r.flow_id,
        CASE WHEN k.k < 2 THEN 'node_' || k.k
             WHEN k.k = 2 THEN CASE r.id % 2 WHEN 0 THEN 'variant_a' ELSE 'variant_b' END
             ELSE 'node_' || (3 + (r.id * 7 + (k.k - 3) * 5) % 17) END,
        r.start_day, r.version, r.id
      FROM flow_runs r, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
                         UNION ALL SELECT 4 UNION ALL SELECT 5) AS k;
    `);
  })();
  const counts = {
    runs: (db.prepare("SELECT COUNT(*) AS n FROM flow_runs").get() as { n: number }).n,
    nodeRows: (db.prepare("SELECT COUNT(*) AS n FROM flow_run_nodes").get() as { n: number }).n,
  };
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return counts;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "huashu-bench-funnel-"));
  const path = join(dir, "huashu.db");
  try {
    await (await openSqliteStore(path)).close();
    const seeded = timed(() => seed(path));
    console.log(
      `funnel benchmark: ${seeded.value.runs.toLocaleString("en")} runs with ${seeded.value.nodeRows.toLocaleString("en")} node rows (${RUNS_PER_DAY.toLocaleString("en")} a day of one flow over ${DAYS} days), seeded in ${(seeded.ms / 1000).toFixed(1)} s`,
    );

    const db = new Database(path, { readonly: true });
    const report = createFunnelReport(db);
    const baseline = db.prepare<[string, number, number], { node_id: string; reached: number }>(
      `SELECT node_id, COUNT(*) AS reached FROM flow_run_nodes
       WHERE flow_id = ? AND start_day BETWEEN ? AND ? GROUP BY node_id`,
    );
    const today = dayOf(NOW);
    const queryFor = (days: number): FunnelQuery => ({
      flowId: "shop",
      fromDay: today - days + 1,
      toDay: today,
      now: NOW,
    });
    console.log(
      "period     runs      report (median of 5)   baseline: group the node rows   ratio",
    );
    for (const days of PERIODS) {
      const query = queryFor(days);
      report(query); // warm the cache
      const reports: number[] = [];
      const counts: number[] = [];
      let runs = 0;
      for (let i = 0; i < REPEATS; i++) {
        const r = timed(() => report(query));
        runs = r.value.runs;
        reports.push(r.ms);
        counts.push(timed(() => baseline.all(query.flowId, query.fromDay, query.toDay)).ms);
      }
      const [rep, base] = [median(reports), median(counts)];
      console.log(
        `${`${days} d`.padEnd(8)} ${runs.toLocaleString("en").padStart(9)}   ${rep.toFixed(1).padStart(10)} ms            ${base.toFixed(1).padStart(8)} ms            ×${(rep / base).toFixed(2)}`,
      );
    }

    // The A/B comparison: the 30-day report of the runs through one variant, half the runs.
    const month = queryFor(30);
    const through = { ...month, through: "variant_a" };
    const medianOf = (q: FunnelQuery) => {
      let runs = report(q).runs; // warm the cache
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const r = timed(() => report(q));
        runs = r.value.runs;
        times.push(r.ms);
      }
      return { ms: median(times), runs };
    };
    const [filtered, unfiltered] = [medianOf(through), medianOf(month)];
    console.log(
      `30 d through variant_a (${filtered.runs.toLocaleString("en")} of ${unfiltered.runs.toLocaleString("en")} runs): ${filtered.ms.toFixed(1)} ms (median of ${REPEATS}), the unfiltered 30-day report ${unfiltered.ms.toFixed(1)} ms, ×${(filtered.ms / unfiltered.ms).toFixed(2)}`,
    );
    db.close();

    // What the server's own thread feels: the longest event-loop stall while a 30-day report runs.
    const query = queryFor(30);
    for (const [label, writerThread] of [
      ["main thread (tools, in-memory stores)", false],
      ["report thread (the server)", true],
    ] as const) {
      const store = await openSqliteStore(path, { writerThread });
      try {
        await store.funnelReport(query); // start the thread, warm the cache
        const stalls: number[] = [];
        const totals: number[] = [];
        for (let i = 0; i < REPEATS; i++) {
          const delay = monitorEventLoopDelay({ resolution: 1 });
          delay.enable();
          // The monitor's first samples: a stall counts from the tick before it.
          await new Promise((resolve) => setTimeout(resolve, 20));
          const start = process.hrtime.bigint();
          // A timer every millisecond stands in for requests waiting to be answered.
          const ticker = setInterval(() => undefined, 1);
          await store.funnelReport(query);
          // A report read in this thread blocks it until it returns: the delay shows on the next tick.
          await new Promise((resolve) => setTimeout(resolve, 5));
          clearInterval(ticker);
          totals.push(Number(process.hrtime.bigint() - start) / 1e6);
          delay.disable();
          stalls.push(delay.max / 1e6);
        }
        console.log(
          `30-day report on the ${label}: ${median(totals).toFixed(0)} ms to answer, longest stall of the server's thread ${median(stalls).toFixed(1)} ms`,
        );
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
