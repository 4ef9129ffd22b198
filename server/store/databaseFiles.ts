// File steps that keep a database whole on disk: its side files, syncing, and placing a finished copy.
import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
} from "node:fs";

/**
 * The files SQLite keeps beside a database, which belong to it: the write-ahead log and its index
 * (WAL mode) or a rollback journal. A log beside another database than its own corrupts that one.
 */
export function sideFiles(dbPath: string): string[] {
  return [`${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`];
}

/** The file a database path names: SQLite follows a symbolic link, so moving the link is not enough. */
export function realDatabasePath(dbPath: string): string {
  try {
    return realpathSync(dbPath);
  } catch {
    return dbPath; // Not there (yet).
  }
}

/** UTC time for a file name: 2025-01-31T09:05:07Z → 20250131T090507Z (sorts, no colons). */
export function fileStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * Writes a file's data to the disk. SQLite does not sync what VACUUM INTO writes, so without this a
 * power cut soon after a "finished" backup could leave a file with holes under the final name.
 */
export function syncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes renames and new names in a folder survive a power cut (a no-op where folders cannot be synced). */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Some platforms and file systems refuse to open or sync a folder; the rename still happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Creates `path` empty, failing if anything is there: the file is then ours to remove (VACUUM INTO
 * writes into an empty file, and would refuse a non-empty one).
 */
export function createEmpty(path: string): void {
  closeSync(openSync(path, "wx"));
}

/** Removes a temporary database and any side file SQLite made beside it. */
export function removeDatabaseFile(path: string): void {
  for (const file of [path, ...sideFiles(path)]) rmSync(file, { force: true });
}

/**
 * Gives `from` the name `to` without ever replacing a file there (EEXIST if one is): a hard link
 * fails when the name is taken, where a rename would silently overwrite. Where the file system has
 * no hard links, a rename after a last check.
 */
export function moveWithoutOverwrite(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if (!noHardLinks(error)) throw error;
    if (existsSync(to)) throw Object.assign(new Error(`${to} exists`), { code: "EEXIST" });
    renameSync(from, to);
    return;
  }
  unlinkSync(from);
}

/** The error of a hard link on a file system that has none (FAT, some network and FUSE mounts). */
export function noHardLinks(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  return ["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes(code);
}
