// Copies a Huashu database into one new file, as it was at one instant, while its server keeps serving.
//
// Why VACUUM INTO: it reads the whole database inside one read transaction. In WAL mode that neither
// blocks the server's writer nor is disturbed by it: the copy is the database as of the
// transaction's start, whatever is committed meanwhile. SQLite's page-by-page backup API instead
// starts over whenever another connection writes during the copy, so on a busy server it might never
// finish. The server's checkpoints cannot empty the log past the copy's snapshot, so the -wal grows
// by what is written during the backup and is emptied by the next checkpoints. The copy is compact,
// in rollback-journal mode, and needs no file beside it.
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { checkHuashuDatabase, type DatabaseSummary } from "./checkHuashuDatabase";
import {
  createEmpty,
  fileStamp,
  moveWithoutOverwrite,
  removeDatabaseFile,
  syncFile,
  syncFolder,
} from "./databaseFiles";
import { BackupError } from "./storeErrors";

export interface BackupResult extends DatabaseSummary {
  /** The backup file written. */
  path: string;
  bytes: number;
  /** From the start of the command's work to the synced file under its name. */
  ms: number;
}

/** `<db folder>/backups/huashu-<UTC time>.db`: beside the database, sorted by time. */
export function defaultBackupPath(dbPath: string, now: Date): string {
  return join(dirname(dbPath), "backups", `huashu-${fileStamp(now)}.db`);
}

/** The names defaultBackupPath gives: only these are ever removed by pruneBackups. */
const DEFAULT_NAME = /^huashu-\d{8}T\d{6}Z\.db$/;

/**
 * Removes from `folder` the backups named by defaultBackupPath beyond the newest `keep` (their
 * names sort by time); other files are never touched, nor is `justMade`, which counts as the
 * newest whatever its name (a clock set back would otherwise remove it at once). Returns the names
 * removed, oldest first.
 */
export function pruneBackups(folder: string, keep: number, justMade: string): string[] {
  const ours = readdirSync(folder)
    .filter((name) => DEFAULT_NAME.test(name) && name !== justMade)
    .sort();
  const old = ours.slice(0, Math.max(0, ours.length - (keep - 1)));
  for (const name of old) removeDatabaseFile(join(folder, name));
  return old;
}

/** How long the copy waits for a checkpoint that briefly holds readers off. */
const BUSY_TIMEOUT_MS = 5000;

const codeOf = (error: unknown) => String((error as { code?: unknown }).code ?? "");
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Copies the database at `dbPath` (absolute) into `target`, which must not exist: first into a
 * temporary file beside it, which gets the final name only once it is synced to disk, passes
 * SQLite's integrity check and reads as a Huashu database. Throws BackupError, having removed the
 * temporary file, when anything fails. Never writes to the database; creates no file at `dbPath`.
 * `createFolder` creates the target's folder (the default backups folder).
 */
export function backupDatabase(
  dbPath: string,
  target: string,
  options: { createFolder?: boolean } = {},
): BackupResult {
  const started = performance.now();
  if (!existsSync(dbPath)) {
    throw new BackupError(
      `HUASHU_DB: there is no database at ${dbPath}; check HUASHU_DB (the server creates the file on its first start) (找不到数据库)`,
    );
  }
  if (!statSync(dbPath).isFile()) {
    throw new BackupError(`HUASHU_DB: ${dbPath} is a folder; point HUASHU_DB at the database file`);
  }
  if (existsSync(target)) {
    throw new BackupError(
      `${target} already exists; a backup never replaces a file: name a new file, or move that one away first (文件已存在)`,
    );
  }
  const folder = dirname(target);
  try {
    if (options.createFolder) mkdirSync(folder, { recursive: true });
    else if (!statSync(folder).isDirectory()) throw new Error("not a folder");
  } catch (error) {
    throw new BackupError(
      `cannot write a backup into the folder ${folder} (${messageOf(error)}); name a file in a folder that exists and this user can write`,
    );
  }
  // Named after the target, so an interrupted backup's leftover is easy to recognise.
  const temp = `${target}.${process.pid}.partial`;
  try {
    createEmpty(temp);
  } catch (error) {
    throw new BackupError(
      `cannot create ${temp} (${messageOf(error)}); name a file in a folder this user can write`,
    );
  }
  try {
    copyInto(dbPath, temp);
    syncFile(temp);
    const copy = new Database(temp, { readonly: true, fileMustExist: true });
    let summary: DatabaseSummary;
    try {
      summary = checkHuashuDatabase(copy, `the copy of ${dbPath}`);
    } finally {
      copy.close();
    }
    try {
      moveWithoutOverwrite(temp, target);
    } catch (error) {
      if (codeOf(error) !== "EEXIST") throw error;
      throw new BackupError(
        `${target} was created by someone else during the backup; a backup never replaces a file: run it again with another name (文件已存在)`,
      );
    }
    syncFolder(folder);
    return {
      ...summary,
      path: target,
      bytes: statSync(target).size,
      ms: performance.now() - started,
    };
  } catch (error) {
    removeDatabaseFile(temp);
    if (error instanceof BackupError) throw error;
    const full = ["SQLITE_FULL", "ENOSPC"].includes(codeOf(error)) ? "; the disk is full" : "";
    throw new BackupError(
      `the backup of ${dbPath} into ${target} failed (${codeOf(error) || "error"}: ${messageOf(error)})${full} (备份失败)`,
    );
  }
}

/** VACUUM INTO from a read-only connection, with the source's own problems named as such. */
function copyInto(dbPath: string, temp: string): void {
  let source: Database.Database | undefined;
  try {
    source = new Database(dbPath, { readonly: true, fileMustExist: true });
    source.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    source.prepare("VACUUM INTO ?").run(temp);
  } catch (error) {
    const code = codeOf(error);
    if (code === "SQLITE_NOTADB") {
      throw new BackupError(
        `HUASHU_DB: ${dbPath} is not a SQLite database (${messageOf(error)}); point HUASHU_DB at Huashu's database (不是 SQLite 数据库)`,
      );
    }
    if (code.startsWith("SQLITE_CORRUPT")) {
      throw new BackupError(
        `HUASHU_DB: ${dbPath} is damaged: SQLite cannot read all of it (${messageOf(error)}); restore the last good backup with npm run restore (数据库已损坏)`,
      );
    }
    if (code === "SQLITE_BUSY") {
      throw new BackupError(
        `HUASHU_DB: ${dbPath} stayed locked for ${BUSY_TIMEOUT_MS / 1000} s (${messageOf(error)}); run the backup again`,
      );
    }
    throw error;
  } finally {
    source?.close();
  }
}
