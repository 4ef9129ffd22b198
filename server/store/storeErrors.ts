// Errors the store throws on purpose, so callers can tell bad data from a broken database.

/** A stored row that no longer reads as what was written: the caller decides whether to skip or stop. */
export class StoreCorruptError extends Error {
  override readonly name = "StoreCorruptError";
  constructor(
    /** The table the row is in. */
    readonly table: string,
    /** The row's key, e.g. the openid or `flowId@version`. */
    readonly key: string,
    /** What did not read back, e.g. `column tags is not a JSON array of strings`. */
    readonly detail: string,
  ) {
    super(
      `Huashu store: row ${key} in table ${table} is corrupt (${detail}); restore it from a backup or delete that row`,
    );
  }
}

/** The database was written by a newer Huashu: opening it with this one could lose data. */
export class StoreVersionError extends Error {
  override readonly name = "StoreVersionError";
  constructor(
    readonly path: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `Huashu store: database ${path} has schema version ${found}, but this Huashu knows only up to ${known}; upgrade Huashu or point it at another database file`,
    );
  }
}

/** A turn for a message already committed: WeChat retried it while the first was still being handled. */
export class DuplicateTurnError extends Error {
  override readonly name = "DuplicateTurnError";
  constructor(readonly dedupKey: string) {
    super(
      `Huashu store: message ${dedupKey} was already handled; nothing was written (reply with processedReply instead)`,
    );
  }
}

/** A value the store refuses to write (it would not read back), named with its field. */
export class StoreInputError extends Error {
  override readonly name = "StoreInputError";
}

/**
 * SQLite refused a write for lack of space (SQLITE_FULL): the disk is full, or the database reached
 * its page cap. Nothing of the write was stored; reads still work.
 */
export class StoreFullError extends Error {
  override readonly name = "StoreFullError";
  readonly code = "SQLITE_FULL";
  constructor(
    /** The database file. */
    readonly path: string,
    /** What was not stored, e.g. `the turn msg:1 of follower o-1`. */
    readonly what: string,
  ) {
    super(
      `Huashu store: the database ${path} is full (no space left on its disk), so ${what} was not stored; free space on that disk and it takes writes again (数据库已满：请释放磁盘空间)`,
    );
  }
}

/**
 * A backup or restore that was refused or failed, for the operator: which file, what is wrong, and
 * that nothing was changed (the commands leave no partial file behind).
 */
export class BackupError extends Error {
  override readonly name = "BackupError";
}
