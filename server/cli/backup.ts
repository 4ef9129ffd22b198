// `npm run backup -- [file]`: a consistent copy of the database, made while the server keeps serving.

import { basename, dirname, resolve } from "node:path";
import { loadConfig } from "../config";
import { backupDatabase, defaultBackupPath, pruneBackups } from "../store/backupDatabase";
import { describeDatabase } from "../store/checkHuashuDatabase";
import { BackupError } from "../store/storeErrors";

const USAGE = `Usage: npm run backup -- [file]
       npm run backup -- --keep N

Copies the database (HUASHU_DB, default data/huashu.db) into one new file, as it was at one
instant, while the server keeps serving and writing. Without a file name the copy goes to
backups/huashu-<UTC time>.db in the database's folder (created when needed). An existing file is
never replaced. The copy gets its name only once it is on disk and has passed SQLite's integrity
check; a failed backup leaves no file behind.
--keep N, for a scheduled backup into the default folder: after the copy, removes the older
huashu-<UTC time>.db files there beyond the newest N (no other file is touched).
Bring a copy back with npm run restore -- <file> (the server stopped).
(在服务运行时备份数据库；用 npm run restore 恢复。)`;

const MIB = 1024 * 1024;

function main(): number {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const keepAt = args.findIndex((a) => a === "--keep" || a.startsWith("--keep="));
  let keep: number | undefined;
  if (keepAt >= 0) {
    const [option] = args.splice(keepAt, 1) as [string];
    const text = option.includes("=")
      ? option.slice(option.indexOf("=") + 1)
      : args.splice(keepAt, 1)[0];
    keep = /^\d+$/.test(text ?? "") ? Number(text) : Number.NaN;
    if (!(keep >= 1)) {
      console.error(`--keep: "${text ?? ""}" is not a number of backups to keep (1 or more)\n`);
      console.error(USAGE);
      return 1;
    }
    if (args.length > 0) {
      console.error("--keep works with the default backups folder only: name no file\n");
      console.error(USAGE);
      return 1;
    }
  }
  const unknown = args.find((a) => a.startsWith("-"));
  if (unknown !== undefined || args.length > 1) {
    console.error(
      unknown !== undefined ? `unknown option ${unknown}\n` : "name one backup file at most\n",
    );
    console.error(USAGE);
    return 1;
  }
  // No folder is created for a database that is not there: there is nothing to back up.
  const loaded = loadConfig(process.env, { createDbFolder: false });
  if (!loaded.ok) {
    console.error("Nothing backed up; fix these settings first (see npm start -- --help):");
    for (const error of loaded.errors) console.error(`  - ${error}`);
    return 1;
  }
  const { dbPath } = loaded.config;
  const target = args[0] === undefined ? defaultBackupPath(dbPath, new Date()) : resolve(args[0]);
  try {
    const done = backupDatabase(dbPath, target, { createFolder: args[0] === undefined });
    console.log(`backed up ${dbPath} to ${done.path} (备份完成)`);
    console.log(`  ${(done.bytes / MIB).toFixed(1)} MiB, ${describeDatabase(done)}`);
    console.log(`  took ${(done.ms / 1000).toFixed(2)} s`);
    if (keep !== undefined) {
      const removed = pruneBackups(dirname(done.path), keep, basename(done.path));
      console.log(
        removed.length === 0
          ? `  kept every backup (${keep} at most)`
          : `  removed ${removed.length} older backup(s), keeping the newest ${keep}: ${removed.join(", ")}`,
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(error.message);
    console.error("Nothing backed up (未备份).");
    return 1;
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
