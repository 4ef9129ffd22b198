// Puts a backup in the place of a stopped server's database, keeping the database it replaces.
//
// The steps, so that a failure at any point leaves a database that opens, and nothing is lost:
// 1. Take the serving lock (servingLock.ts): no server serves the file, and none starts meanwhile.
// 2. Check the backup (integrity, a Huashu schema this code knows) and copy it into a temporary file
//    beside the database: VACUUM INTO from a read-only connection, which also takes in a -wal the
//    backup may have beside it (a database kept aside by an earlier restore, say).
// 3. Turn the current database into one self-contained file: switching it to rollback-journal mode
//    makes SQLite copy its write-ahead log into it and delete the -wal and -shm. Why not move the
//    -wal along instead: a log belongs to its database by name only, moving three files takes three
//    steps, and a crash between two of them leaves a log beside the wrong file, which SQLite would
//    then replay into it. One file moves in one step, and opens anywhere on its own. When it cannot
//    be opened as SQLite (damaged, perhaps the reason for the restore), it is moved as it is, with
//    its side files.
// 4. Give it a second name, `<db>.before-restore-<UTC time>` (a hard link, so the database keeps
//    its own name until the last step), and rename the checked copy over the database's name: one
//    atomic step from the old database to the new one.
// Before that rename, the copy's queued customer-service messages that the replaced database has
// sent since the backup are marked sent (carryOverSends.ts): a restore sends nothing twice.
import { closeSync, existsSync, linkSync, openSync, readSync, renameSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { type CarriedSends, carryOverSends } from "./carryOverSends";
import { checkHuashuDatabase, type DatabaseSummary } from "./checkHuashuDatabase";
import {
  createEmpty,
  fileStamp,
  noHardLinks,
  realDatabasePath,
  removeDatabaseFile,
  sideFiles,
  syncFile,
  syncFolder,
} from "./databaseFiles";
import { LATEST_SCHEMA_VERSION } from "./migrations";
import { DatabaseServedError, type ServingLock, takeServingLock } from "./servingLock";
import { BackupError } from "./storeErrors";

export interface RestoreResult extends DatabaseSummary {
  /** The database file now holding the backup (HUASHU_DB, symbolic links followed). */
  path: string;
  /** Where the database it replaced is kept; undefined when there was none. */
  keptAs: string | undefined;
  /** Why the replaced database was moved as it was, with its side files (it did not open as SQLite). */
  keptAsItWas: string | undefined;
  /** Queued messages of the backup that the replaced database had sent or given up on since. */
  carried: CarriedSends | undefined;
  ms: number;
}

const codeOf = (error: unknown) => String((error as { code?: unknown }).code ?? "");
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Replaces the database at `dbPath` (absolute) with the backup at `backupPath` (absolute). Throws
 * DatabaseServedError while a server serves it, BackupError when the backup is not fit or a step
 * fails; in both cases the database is as it was.
 */
export function restoreDatabase(dbPath: string, backupPath: string, now: Date): RestoreResult {
  const started = performance.now();
  if (!existsSync(backupPath)) {
    throw new BackupError(`${backupPath}: no such file (找不到备份文件)`);
  }
  if (!statSync(backupPath).isFile()) {
    throw new BackupError(
      `${backupPath} is a folder; name a backup file such as data/backups/huashu-<time>.db`,
    );
  }
  const live = realDatabasePath(dbPath);
  if (existsSync(live) && !statSync(live).isFile()) {
    throw new BackupError(`HUASHU_DB: ${dbPath} is a folder; point HUASHU_DB at the database file`);
  }
  if (realDatabasePath(backupPath) === live) {
    throw new BackupError(`${backupPath} is the database itself (HUASHU_DB); name a backup file`);
  }
  let lock: ServingLock;
  try {
    lock = takeServingLock(dbPath);
  } catch (error) {
    if (error instanceof DatabaseServedError) throw error;
    throw new BackupError(messageOf(error));
  }
  try {
    const temp = `${live}.restore-${process.pid}.partial`;
    const summary = copyBackup(backupPath, temp);
    let kept: ReturnType<typeof keepAside>;
    let carried: CarriedSends | undefined;
    try {
      kept = keepAside(live, fileStamp(now));
      if (kept && kept.asItWas === undefined) {
        carried = carryOverSends(temp, kept.path);
        syncFile(temp);
      }
      renameSync(temp, live);
    } catch (error) {
      removeDatabaseFile(temp);
      if (error instanceof BackupError) throw error;
      throw new BackupError(
        `the restore into ${dbPath} failed (${codeOf(error) || "error"}: ${messageOf(error)}) (恢复失败)`,
      );
    }
    syncFolder(dirname(live));
    return {
      ...summary,
      path: live,
      keptAs: kept?.path,
      keptAsItWas: kept?.asItWas,
      carried,
      ms: performance.now() - started,
    };
  } finally {
    lock.release();
  }
}

/** Checks the backup, then copies it into `temp` (removed again on failure): what the restore puts in place. */
function copyBackup(backupPath: string, temp: string): DatabaseSummary {
  let backup: Database.Database;
  try {
    backup = new Database(backupPath, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`cannot open ${backupPath} (${messageOf(error)})`);
  }
  try {
    const summary = checkHuashuDatabase(backup, backupPath);
    if (summary.schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new BackupError(
        `${backupPath} has schema version ${summary.schemaVersion}, but this Huashu knows only up to ${LATEST_SCHEMA_VERSION}: a newer Huashu made it; upgrade Huashu first, then restore (备份来自更新版本的 Huashu)`,
      );
    }
    try {
      createEmpty(temp);
    } catch (error) {
      throw new BackupError(
        `cannot create ${temp} (${messageOf(error)}); the database's folder must be writable`,
      );
    }
    try {
      backup.prepare("VACUUM INTO ?").run(temp);
      syncFile(temp);
      const copy = new Database(temp, { readonly: true, fileMustExist: true });
      try {
        checkHuashuDatabase(copy, `the copy of ${backupPath}`, "quick_check");
      } finally {
        copy.close();
      }
    } catch (error) {
      removeDatabaseFile(temp);
      if (error instanceof BackupError) throw error;
      const full = ["SQLITE_FULL", "ENOSPC"].includes(codeOf(error)) ? "; the disk is full" : "";
      throw new BackupError(
        `cannot copy ${backupPath} into ${temp} (${codeOf(error) || "error"}: ${messageOf(error)})${full}`,
      );
    }
    return summary;
  } finally {
    backup.close();
  }
}

/**
 * Gives the current database (and any side file) the name `<db>.before-restore-<stamp>`, after
 * making it one file where it opens as SQLite. The database keeps its own name too, where the file
 * system has hard links; otherwise it is renamed. Undefined when there is nothing at `live`.
 */
function keepAside(
  live: string,
  stamp: string,
): { path: string; asItWas: string | undefined } | undefined {
  const present = [live, ...sideFiles(live)].filter((file) => existsSync(file));
  if (present.length === 0) return undefined;
  const asItWas = existsSync(live)
    ? intoOneFile(live)
    : "there was no database file, only its side files";
  const path = freeName(`${live}.before-restore-${stamp}`);
  if (existsSync(live)) {
    try {
      linkSync(live, path);
    } catch (error) {
      if (!noHardLinks(error)) throw error;
      renameSync(live, path);
    }
  }
  // Only when the database did not open: a log and its database move together.
  for (const side of sideFiles(live)) {
    if (existsSync(side)) renameSync(side, `${path}${side.slice(live.length)}`);
  }
  return { path, asItWas };
}

/**
 * Copies the write-ahead log into the database file and removes -wal and -shm. Undefined when done;
 * why not, when the file does not open as SQLite. BackupError when another program has it open.
 */
function intoOneFile(live: string): string | undefined {
  // Not opened at all when it is not SQLite: closing it, SQLite would delete a -wal beside it unread.
  if (!looksLikeSqlite(live)) return "it is not a SQLite file";
  let db: Database.Database | undefined;
  try {
    db = new Database(live, { fileMustExist: true });
    db.pragma("busy_timeout = 2000");
    const mode = db.pragma("journal_mode = DELETE", { simple: true });
    return mode === "delete" ? undefined : `it stayed in journal mode ${String(mode)}`;
  } catch (error) {
    if (codeOf(error) === "SQLITE_BUSY") {
      throw new BackupError(
        `another program has ${live} open (npm run publish, a sqlite3 shell …); close it and run the restore again (数据库正被其他程序使用)`,
      );
    }
    return `it did not open as SQLite: ${messageOf(error)}`;
  } finally {
    db?.close();
  }
}

/** An empty file (SQLite's new database) or one that starts with SQLite's header string. */
function looksLikeSqlite(path: string): boolean {
  const header = Buffer.alloc(16);
  const fd = openSync(path, "r");
  try {
    const read = readSync(fd, header, 0, 16, 0);
    return read === 0 || header.toString("latin1") === "SQLite format 3\0";
  } finally {
    closeSync(fd);
  }
}

/** `base`, or `base-2`, `base-3` … when a restore in the same second already used it. */
function freeName(base: string): string {
  const taken = (name: string) => [name, ...sideFiles(name)].some((file) => existsSync(file));
  let name = base;
  for (let n = 2; taken(name); n++) name = `${base}-${n}`;
  return name;
}
