// `npm run restore -- <backup file>`: replaces the stopped server's database with a backup, keeping the old one.

import { resolve } from "node:path";
import { loadConfig } from "../config";
import { describeDatabase } from "../store/checkHuashuDatabase";
import { LATEST_SCHEMA_VERSION } from "../store/migrations";
import { restoreDatabase } from "../store/restoreDatabase";
import { DatabaseServedError } from "../store/servingLock";
import { BackupError } from "../store/storeErrors";

const USAGE = `Usage: npm run restore -- <backup file>

Replaces the database (HUASHU_DB, default data/huashu.db) with a backup made by npm run backup.
Stop the server first: the restore is refused while a server serves the database.
The backup is checked first (a SQLite file that passes its integrity check, with a Huashu schema
this version knows); the database it replaces is never deleted: it is kept beside it as
<database>.before-restore-<UTC time>, and restoring that file brings it back.
Customer-service messages queued in the backup that the replaced database has sent since are
marked sent, so they do not go out twice.
(用备份替换数据库；需先停止服务，原数据库会保留；已发送过的客服消息不会重发。)`;

function main(): number {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return args.length === 0 ? 1 : 0;
  }
  const unknown = args.find((a) => a.startsWith("-"));
  if (unknown !== undefined || args.length > 1) {
    console.error(unknown !== undefined ? `unknown option ${unknown}\n` : "name one backup file\n");
    console.error(USAGE);
    return 1;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error("Nothing restored; fix these settings first (see npm start -- --help):");
    for (const error of loaded.errors) console.error(`  - ${error}`);
    return 1;
  }
  const { dbPath } = loaded.config;
  const backup = resolve(args[0] as string);
  try {
    const done = restoreDatabase(dbPath, backup, new Date());
    console.log(`restored ${backup} into ${done.path} (恢复完成)`);
    console.log(`  ${describeDatabase(done)}, in ${(done.ms / 1000).toFixed(2)} s`);
    if (done.keptAs === undefined) {
      console.log("  there was no database there before");
    } else if (done.keptAsItWas === undefined) {
      console.log(`  the database it replaced is kept as ${done.keptAs} (原数据库已保留)`);
    } else {
      console.log(
        `  the database it replaced is kept as ${done.keptAs}, moved as it was (${done.keptAsItWas}), with any -wal and -shm beside it (原数据库已保留)`,
      );
    }
    const { carried } = done;
    if (carried?.skipped !== undefined) {
      console.log(
        `  queued customer-service messages were not compared with the replaced database (${carried.skipped}): any that went out after the backup may go out again (未能核对待发客服消息)`,
      );
    } else if (carried && carried.sent + carried.failed > 0) {
      console.log(
        `  ${carried.sent} customer-service message(s) queued in the backup had been sent since, and ${carried.failed} given up on: marked so, they do not go out again (备份中待发的客服消息已按原数据库标记，不会重发)`,
      );
    }
    const upgrade =
      done.schemaVersion < LATEST_SCHEMA_VERSION
        ? `; it upgrades the database from schema version ${done.schemaVersion} to ${LATEST_SCHEMA_VERSION}`
        : "";
    console.log(`Next: start the server with npm start${upgrade} (下一步：npm start 启动服务)`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError || error instanceof DatabaseServedError)) throw error;
    console.error(error.message);
    console.error("Nothing restored; the database is unchanged (未恢复，数据库未改动).");
    if (error instanceof DatabaseServedError) {
      console.error("Stop the server, then run the restore again (请先停止服务再恢复).");
    }
    return 1;
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
