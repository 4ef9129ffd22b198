// Starts the Huashu server: reads configuration, opens the store, serves HTTP until SIGINT/SIGTERM.
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { openAdminAuth } from "./auth/adminAuth";
import { adminCredentialsPath, forgetGeneratedPassword } from "./auth/adminCredentials";
import { configHelp, databaseProblem, loadConfig, SQLITE_CACHE_KIB } from "./config";
import { explainRefusedRequests } from "./explainRefusedRequests";
import { flowFilesIn, publishFlowFiles } from "./runtime/publishFlowFile";
import { consoleLogger } from "./runtime/types";
import { DatabaseServedError } from "./store/servingLock";
import { openSqliteStore } from "./store/sqliteStore";
import type { Store } from "./store/types";
import { createWechatApiClient } from "./wechat/apiClient";

/** A fresh database answers out of the box: every example flow in the flows folder is published. */
async function publishExamples(store: Store, flowsDir: string): Promise<void> {
  if ((await store.latestFlows()).length > 0) return;
  const files = await flowFilesIn(flowsDir);
  if (files.length === 0) {
    console.warn(
      `no flow files in ${flowsDir} (HUASHU_FLOWS_DIR): nothing is published, so /wechat answers followers with nothing yet; create a flow in the editor and publish it (未找到流程文件)`,
    );
    return;
  }
  for (const result of await publishFlowFiles(store, files)) {
    if (!result.ok) {
      console.warn(`not published: ${result.error.message}`);
      continue;
    }
    const { published, unchanged, warnings } = result.outcome;
    // The database was empty: only a second file holding the same flow gets here.
    if (unchanged) {
      console.log(
        `${published.flowId}: unchanged since version ${published.version} (${result.path})`,
      );
      continue;
    }
    console.log(`published ${published.flowId} as version ${published.version} (${result.path})`);
    if (warnings.length > 0) {
      console.log(
        `  ${warnings.length} warning(s); run npm run publish -- ${result.path} to see them`,
      );
    }
  }
}

/** Why the HTTP port could not be opened, named by the variable that chose it. */
function listenProblem(port: number, error: NodeJS.ErrnoException): string {
  if (error.code === "EADDRINUSE") {
    return `PORT: ${port} is already in use by another program; stop it or set PORT to a free port (端口已被占用)`;
  }
  if (error.code === "EACCES") {
    return `PORT: ${port} may not be opened by this user; use a port above 1023 (behind a reverse proxy for 80/443)`;
  }
  return `PORT: cannot listen on ${port} (${error.message})`;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(configHelp());
    return;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error("Huashu cannot start; fix these settings (see --help):");
    for (const error of loaded.errors) console.error(`  - ${error}`);
    process.exit(1);
  }
  const { config } = loaded;
  for (const note of loaded.notes) console.log(note);

  const store = await openSqliteStore(config.dbPath, {
    cacheKiB: SQLITE_CACHE_KIB,
    backgroundCheckpoints: true,
    writerThread: true,
    // Its caches are right only while it is the one server of the file: a second start is refused.
    serving: true,
  }).catch((error: unknown) => {
    const problem = databaseProblem(config.dbPath, error);
    if (!problem) throw error;
    console.error(`Huashu cannot start: ${problem}`);
    process.exit(1);
  });
  await publishExamples(store, config.flowsDir);
  const { wechat } = config;
  const api =
    wechat.appId && wechat.appSecret
      ? createWechatApiClient({
          appId: wechat.appId,
          appSecret: wechat.appSecret,
          apiBase: wechat.apiBase,
        })
      : undefined;
  // A generated password is shown once the port is ours: printed above a start that then failed,
  // it would scroll away, and the next start (finding its hash) would not show it again.
  const passwordNotice: string[] = [];
  const adminAuth = await openAdminAuth({
    dbPath: config.dbPath,
    adminPassword: config.adminPassword,
    print: (line) => passwordNotice.push(line),
  });
  const huashu = createApp({ store, config, api, logger: consoleLogger, adminAuth });

  const server = serve({ fetch: huashu.app.fetch, port: config.port }, (info) => {
    console.log(`Huashu listening on http://localhost:${info.port} (database ${config.dbPath})`);
    if (wechat.mode !== "off")
      console.log(`WeChat callback URL: http://<your host>:${info.port}/wechat`);
    for (const line of passwordNotice) console.log(line);
  });
  explainRefusedRequests(server);
  server.once("error", (error: NodeJS.ErrnoException) => {
    console.error(`Huashu cannot start: ${listenProblem(config.port, error)}`);
    // Never shown, so never kept: the next start generates one and shows it.
    if (passwordNotice.length > 0) forgetGeneratedPassword(adminCredentialsPath(config.dbPath));
    void huashu
      .close()
      .then(() => store.close())
      .finally(() => process.exit(1));
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing turns in progress and closing the database…`);
    server.close();
    await huashu.close();
    await store.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseServedError) console.error(`Huashu cannot start: ${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
