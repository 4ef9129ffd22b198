// Tells whether a SQLite file holds a whole Huashu database, and what is in it (backup and restore).
import type Database from "better-sqlite3";
import { BackupError } from "./storeErrors";

export interface DatabaseSummary {
  /** PRAGMA user_version: the last migration applied (migrations.ts). */
  schemaVersion: number;
  followers: number;
  /** Published flow versions, of all flows together. */
  flowVersions: number;
}

/** How thoroughly: `integrity_check` also compares every index with its table, `quick_check` does not. */
export type DatabaseCheck = "integrity_check" | "quick_check";

const codeOf = (error: unknown) => String((error as { code?: unknown }).code ?? "");

/**
 * Checks the database open in `db`, or throws BackupError naming `label` (the file as the operator
 * knows it) and what is wrong with it. Reads only.
 */
export function checkHuashuDatabase(
  db: Database.Database,
  label: string,
  check: DatabaseCheck = "integrity_check",
): DatabaseSummary {
  let problems: string[];
  try {
    // At most 5 problems: a damaged file can have thousands, and the first ones say enough.
    problems = (db.pragma(`${check}(5)`) as Array<Record<string, string>>).map((row) =>
      String(Object.values(row)[0]),
    );
  } catch (error) {
    const code = codeOf(error);
    if (code === "SQLITE_NOTADB") {
      throw new BackupError(
        `${label} is not a SQLite database (${(error as Error).message}) (不是 SQLite 数据库)`,
      );
    }
    if (code.startsWith("SQLITE_CORRUPT")) {
      throw new BackupError(
        `${label} is damaged: SQLite cannot read it (${(error as Error).message}) (文件已损坏)`,
      );
    }
    throw error;
  }
  if (problems.length !== 1 || problems[0] !== "ok") {
    // One row can hold several lines, under a "*** in database main ***" heading.
    const lines = problems
      .flatMap((problem) => problem.split("\n"))
      .filter((line) => line.trim() !== "" && !line.startsWith("***"));
    throw new BackupError(
      `${label} is damaged: SQLite's ${check} found ${lines.slice(0, 3).join("; ")} (文件已损坏)`,
    );
  }
  const schemaVersion = db.pragma("user_version", { simple: true }) as number;
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('followers', 'flow_versions')",
    )
    .pluck()
    .all();
  if (schemaVersion < 1 || tables.length < 2) {
    const missing = tables.length < 2 ? ", no followers or flow_versions table" : "";
    throw new BackupError(
      `${label} is a SQLite database, but not Huashu's (schema version ${schemaVersion}${missing}) (不是 Huashu 的数据库)`,
    );
  }
  const count = (table: string) =>
    db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  return { schemaVersion, followers: count("followers"), flowVersions: count("flow_versions") };
}

/** "schema version 7, 1,000 followers, 1 published flow version", for the commands' output. */
export function describeDatabase(summary: DatabaseSummary): string {
  const count = (n: number, what: string) =>
    `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  return `schema version ${summary.schemaVersion}, ${count(summary.followers, "follower")}, ${count(summary.flowVersions, "published flow version")}`;
}
