// `npm run publish -- flows/<file>.json`: validates a flow file and stores it as the next version.

import { resolve } from "node:path";
import { formatProblem } from "../../shared/validate";
import { databaseProblem, loadConfig } from "../config";
import { publishFlowFiles } from "../runtime/publishFlowFile";
import { openSqliteStore } from "../store/sqliteStore";

const USAGE = `Usage: npm run publish -- flows/<file>.json [more files…]

Validates each flow file and publishes it as the next numbered version in the database
(HUASHU_DB, default data/huashu.db). Errors refuse the publish; warnings are printed.
A flow whose content equals its latest version (node positions aside) is not published again:
the command says which version it matches and still exits 0.
A running server picks up the new version within a few seconds; followers in the middle of a
conversation stay on the version they started with.
(校验流程文件并发布为新版本；内容与最新版本相同时不会重复发布。)`;

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => a !== "--");
  if (files.length === 0 || files.includes("--help") || files.includes("-h")) {
    console.log(USAGE);
    return files.length === 0 ? 1 : 0;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error("Nothing published; fix these settings first (see npm start -- --help):");
    for (const error of loaded.errors) console.error(`  - ${error}`);
    return 1;
  }
  const { dbPath } = loaded.config;
  const store = await openSqliteStore(dbPath).catch((error: unknown) => {
    const problem = databaseProblem(dbPath, error);
    if (!problem) throw error;
    console.error(problem);
    return undefined;
  });
  if (!store) return 1;
  let failed = 0;
  try {
    // Published together, so flows that jump to each other can go out in one command.
    for (const result of await publishFlowFiles(store, files)) {
      if (!result.ok) {
        console.error(result.error.message);
        failed++;
        continue;
      }
      const { published, unchanged, layoutChanged, warnings } = result.outcome;
      for (const w of warnings) console.warn(formatProblem(result.path, w));
      // The database too: publishing into another file than the server's is otherwise silent.
      if (unchanged) {
        const moved = layoutChanged
          ? " (only node positions differ, which followers never see)"
          : "";
        console.log(
          `${published.flowId}: unchanged since version ${published.version} in ${resolve(dbPath)}; nothing published${moved}`,
        );
        continue;
      }
      console.log(
        `published ${published.flowId} as version ${published.version} into ${resolve(dbPath)}`,
      );
    }
  } finally {
    await store.close();
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
