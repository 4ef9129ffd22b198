// The funnel report's query plans: every count an index range, and `through` a key lookup per row.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate, migrations } from "./migrations";
import { createFunnelReport } from "./sqliteFunnel";

/** The SQL of every statement the report prepares (a filtered report run once), and its database. */
function preparedStatements(): { db: Database.Database; sql: string[] } {
  const db = new Database(":memory:");
  migrate(db, ":memory:", migrations);
  const sql: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    sql.push(source);
    return prepare(source);
  }) as typeof db.prepare;
  const report = createFunnelReport(db);
  // The filtered statements are prepared at their first use: one run with two nodes uses them all.
  const run = db
    .prepare(
      `INSERT INTO flow_runs (openid, flow_id, started_at, version, last_node_id, outcome, expires_at)
       VALUES ('o', 'f', 0, 1, 'a', 'open', 0)`,
    )
    .run().lastInsertRowid;
  for (const node of ["a", "b"]) {
    db.prepare(
      "INSERT INTO flow_run_nodes (flow_id, node_id, start_day, version, run_id) VALUES ('f', ?, 0, 1, ?)",
    ).run(node, run);
  }
  report({ flowId: "f", fromDay: 0, toDay: 1, now: 0, through: "b" });
  return { db, sql };
}

function plan(db: Database.Database, sql: string): string[] {
  const values = { flow_id: "f", node_id: "a", through: "b", from: 1, to: 2, now: 0, version: 1 };
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const names = new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string));
  const params = Object.fromEntries(Object.entries(values).filter(([k]) => names.has(k)));
  return (statement.all(params) as Array<{ detail: string }>).map((row) => row.detail);
}

describe("the funnel report's statements", () => {
  it("check each row's run reached the `through` node by one lookup on flow_run_nodes' key", () => {
    const { db, sql } = preparedStatements();
    const filtered = sql.filter((s) => s.includes("@through"));
    expect(filtered).toHaveLength(3);
    for (const statement of filtered) {
      const steps = plan(db, statement);
      expect(steps).toContain(
        "SEARCH t EXISTS USING PRIMARY KEY (flow_id=? AND node_id=? AND start_day=? AND version=? AND run_id=?)",
      );
      // The rows counted are an index range too; nothing reads a whole table.
      expect(steps.filter((step) => step.startsWith("SCAN"))).toEqual([]);
    }
    db.close();
  });
});
