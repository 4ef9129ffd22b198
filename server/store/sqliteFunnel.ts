// The SQLite store's funnel report: a flow's runs of some days, counted per node they reached.
import type Database from "better-sqlite3";
import type { FunnelNodeCounts, FunnelQuery, FunnelReport } from "./types";

interface NodeRow {
  node_id: string;
  reached: number;
  in_progress: number;
  completed: number;
  dropped: number;
  handed_off: number;
  errors: number;
}

/** The report's statements, prepared once on the store's connection (reads only). */
export function createFunnelReport(db: Database.Database): (query: FunnelQuery) => FunnelReport {
  // Through flow_runs_report (flow, start day, version): only the period's runs are read.
  const versions = db.prepare<[string, number, number], { version: number; runs: number }>(
    `SELECT version, COUNT(*) AS runs FROM flow_runs
     WHERE flow_id = ? AND start_day BETWEEN ? AND ?
     GROUP BY version ORDER BY version DESC`,
  );
  // Each run once per node it reached (the primary key of flow_run_nodes), and its outcome at its
  // last node only. An open run is in progress until its session expires, dropped after.
  const nodes = db.prepare<
    { flow_id: string; from: number; to: number; version: number | null; now: number },
    NodeRow
  >(
    `SELECT n.node_id,
       COUNT(*) AS reached,
       SUM(r.last_node_id = n.node_id AND r.outcome = 'open' AND r.expires_at >= @now)
         AS in_progress,
       SUM(r.last_node_id = n.node_id AND r.outcome = 'completed') AS completed,
       SUM(r.last_node_id = n.node_id AND (r.outcome = 'dropped'
         OR (r.outcome = 'open' AND r.expires_at < @now))) AS dropped,
       SUM(r.last_node_id = n.node_id AND r.outcome = 'handedOff') AS handed_off,
       SUM(r.last_node_id = n.node_id AND r.outcome = 'error') AS errors
     FROM flow_runs r JOIN flow_run_nodes n ON n.run_id = r.id
     WHERE r.flow_id = @flow_id AND r.start_day BETWEEN @from AND @to
       AND (@version IS NULL OR r.version = @version)
     GROUP BY n.node_id`,
  );
  const since = db.prepare<[], number>("SELECT since FROM flow_runs_since LIMIT 1").pluck();

  return (query) => {
    const perVersion = versions.all(query.flowId, query.fromDay, query.toDay);
    const runs = perVersion.reduce(
      (sum, v) => (query.version === undefined || v.version === query.version ? sum + v.runs : sum),
      0,
    );
    const rows = nodes.all({
      flow_id: query.flowId,
      from: query.fromDay,
      to: query.toDay,
      version: query.version ?? null,
      now: query.now,
    });
    // fromEntries: a node id such as "__proto__" stays a key like any other.
    const byNode = Object.fromEntries(
      rows.map((row): [string, FunnelNodeCounts] => [
        row.node_id,
        {
          reached: row.reached,
          inProgress: row.in_progress,
          completed: row.completed,
          dropped: row.dropped,
          handedOff: row.handed_off,
          errors: row.errors,
        },
      ]),
    );
    return { versions: perVersion, runs, nodes: byNode, since: since.get() ?? 0 };
  };
}
