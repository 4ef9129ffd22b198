// The SQLite store's funnel report: a flow's runs of some days, counted per node they reached.
import type Database from "better-sqlite3";
import type { FunnelNodeCounts, FunnelQuery, FunnelReport } from "./types";

type Outcome = "open" | "completed" | "handedOff" | "error" | "dropped";

interface OutcomeRow {
  version: number;
  outcome: Outcome;
  /** 1 while the run's session has not expired at report time. */
  live: number;
  runs: number;
}

const noCounts = (): FunnelNodeCounts => ({
  reached: 0,
  inProgress: 0,
  completed: 0,
  dropped: 0,
  handedOff: 0,
  errors: 0,
});

/**
 * The report's statements, prepared once on the store's connection (reads only). Every count is an
 * index range per node (see migration 8): the period's rows are never sorted or grouped as a whole,
 * which on 30 days of a flow with 10,000 runs a day (1.8 million node rows) took 3 s (bench/funnel.ts).
 */
export function createFunnelReport(db: Database.Database): (query: FunnelQuery) => FunnelReport {
  // The flow's distinct last nodes and reached nodes of all time, one index seek each: a flow has
  // tens of nodes, and a skip over the index is cheaper than reading the period to find them.
  const nextLastNode = db
    .prepare<[string, string], string | null>(
      "SELECT MIN(last_node_id) FROM flow_runs WHERE flow_id = ? AND last_node_id > ?",
    )
    .pluck();
  const nextReachedNode = db
    .prepare<[string, string], string | null>(
      "SELECT MIN(node_id) FROM flow_run_nodes WHERE flow_id = ? AND node_id > ?",
    )
    .pluck();
  // With a `through` node, every row counted must be of a run that reached it: one point lookup
  // on flow_run_nodes' primary key, all five columns known from the row at hand, never a scan.
  // The planner would as soon take flow_run_nodes_run (the same five columns, run first), but the
  // key walks the `through` node's rows in the order the outer range reads its own (day, version,
  // run): the 30-day report through a node half the runs reached took 0.47 s so against 0.70 s
  // (bench/funnel.ts, 3,000 runs a day). NOT INDEXED does not pin a WITHOUT ROWID table's key to
  // the table; naming its index does (a migration that renamed it fails every report's prepare).
  const reachedThrough = (startDay: string, version: string, runId: string) =>
    `AND EXISTS (SELECT 1 FROM flow_run_nodes AS t INDEXED BY sqlite_autoindex_flow_run_nodes_1
       WHERE t.flow_id = @flow_id AND t.node_id = @through AND t.start_day = ${startDay}
         AND t.version = ${version} AND t.run_id = ${runId})`;
  const ofRun = reachedThrough("flow_runs.start_day", "flow_runs.version", "flow_runs.id");
  const ofNodeRow = reachedThrough("n.start_day", "n.version", "n.run_id");
  /**
   * The statement for all runs, and the same for the runs through a node (`through` filled in),
   * prepared at its first use: should INDEXED BY ever name an index that is gone, only the filtered
   * reports fail, not the store's opening.
   */
  const both = <P extends object, R>(
    filter: string,
    sql: (through: string) => string,
    pluck = false,
  ) => {
    const prepare = <Q extends object>(text: string): Database.Statement<Q, R> => {
      const statement = db.prepare<Q, R>(text);
      if (pluck) statement.pluck();
      return statement;
    };
    let through: Database.Statement<P & { through: string }, R> | undefined;
    return {
      every: prepare<P>(sql("")),
      through(): Database.Statement<P & { through: string }, R> {
        through ??= prepare<P & { through: string }>(sql(filter));
        return through;
      },
    };
  };

  type Span = { flow_id: string; from: number; to: number; now: number };
  // Runs whose last node is this one, by version and outcome: the whole period's runs, version by
  // version, come from these too. An open run is in progress until its session expires.
  const outcomesAt = both<Span & { node_id: string }, OutcomeRow>(
    ofRun,
    (through) =>
      `SELECT version, outcome, expires_at >= @now AS live, COUNT(*) AS runs FROM flow_runs
       WHERE flow_id = @flow_id AND last_node_id = @node_id AND start_day BETWEEN @from AND @to
         ${through}
       GROUP BY 1, 2, 3`,
  );
  // Runs that ended before their first node (a trigger whose start node is gone).
  const outcomesNowhere = both<Span, OutcomeRow>(
    ofRun,
    (through) =>
      `SELECT version, outcome, expires_at >= @now AS live, COUNT(*) AS runs FROM flow_runs
       WHERE flow_id = @flow_id AND last_node_id IS NULL AND start_day BETWEEN @from AND @to
         ${through}
       GROUP BY 1, 2, 3`,
  );
  // Each run once per node it reached (the key of flow_run_nodes).
  const reachedAt = both<
    { flow_id: string; node_id: string; from: number; to: number; version: number | null },
    number
  >(
    ofNodeRow,
    (through) =>
      `SELECT COUNT(*) FROM flow_run_nodes AS n
       WHERE n.flow_id = @flow_id AND n.node_id = @node_id AND n.start_day BETWEEN @from AND @to
         AND (@version IS NULL OR n.version = @version)
         ${through}`,
    true,
  );
  const since = db.prepare<[], number>("SELECT since FROM flow_runs_since LIMIT 1").pluck();

  /** Node ids in index order, from `next(flowId, after)` until it finds none. */
  const distinct = (
    next: { get(flowId: string, after: string): string | null | undefined },
    flowId: string,
  ) => {
    const ids: string[] = [];
    for (let id = next.get(flowId, ""); typeof id === "string"; id = next.get(flowId, id)) {
      ids.push(id);
    }
    return ids;
  };

  return (query) => {
    const span = { flow_id: query.flowId, from: query.fromDay, to: query.toDay };
    const perVersion = new Map<number, number>();
    // fromEntries at the end: a node id such as "__proto__" stays a key like any other.
    const byNode = new Map<string, FunnelNodeCounts>();
    const countAt = (nodeId: string | null, rows: OutcomeRow[]) => {
      for (const row of rows) {
        perVersion.set(row.version, (perVersion.get(row.version) ?? 0) + row.runs);
        if (nodeId === null) continue;
        if (query.version !== undefined && row.version !== query.version) continue;
        let counts = byNode.get(nodeId);
        if (!counts) {
          counts = noCounts();
          byNode.set(nodeId, counts);
        }
        if (row.outcome === "open") {
          if (row.live) counts.inProgress += row.runs;
          else counts.dropped += row.runs;
        } else if (row.outcome === "completed") counts.completed += row.runs;
        else if (row.outcome === "dropped") counts.dropped += row.runs;
        else if (row.outcome === "handedOff") counts.handedOff += row.runs;
        else counts.errors += row.runs;
      }
    };
    const { through } = query;
    const at = { ...span, now: query.now };
    for (const nodeId of distinct(nextLastNode, query.flowId)) {
      const which = { ...at, node_id: nodeId };
      countAt(
        nodeId,
        through === undefined
          ? outcomesAt.every.all(which)
          : outcomesAt.through().all({ ...which, through }),
      );
    }
    countAt(
      null,
      through === undefined
        ? outcomesNowhere.every.all(at)
        : outcomesNowhere.through().all({ ...at, through }),
    );

    const nodes: Array<[string, FunnelNodeCounts]> = [];
    for (const nodeId of distinct(nextReachedNode, query.flowId)) {
      const which = { ...span, node_id: nodeId, version: query.version ?? null };
      // Every row of the `through` node itself is of a run through it.
      const reached =
        through === undefined || nodeId === through
          ? reachedAt.every.get(which)
          : reachedAt.through().get({ ...which, through });
      if (!reached) continue;
      nodes.push([nodeId, { ...(byNode.get(nodeId) ?? noCounts()), reached }]);
    }
    const versions = [...perVersion]
      .map(([version, runs]) => ({ version, runs }))
      .sort((a, b) => b.version - a.version);
    const runs =
      query.version === undefined
        ? versions.reduce((sum, v) => sum + v.runs, 0)
        : (perVersion.get(query.version) ?? 0);
    return { versions, runs, nodes: Object.fromEntries(nodes), since: since.get() ?? 0 };
  };
}
