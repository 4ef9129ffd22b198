// The funnel reports' thread (see funnelThread.ts): one read connection, one report at a time.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { createFunnelReport } from "./sqliteFunnel";
import type { FunnelQuery, FunnelReport } from "./types";

export interface FunnelWorkerData {
  path: string;
}
export interface FunnelRequest {
  id: number;
  query: FunnelQuery;
}
export type FunnelReply = { id: number } & (
  | { ok: true; report: FunnelReport }
  | { ok: false; name: string; message: string; code?: string }
);

if (!parentPort) throw new Error("funnelWorker runs only as a worker thread");
const port = parentPort;
const { path } = workerData as FunnelWorkerData;
// Read-only, beside the server's connections: WAL lets it read while the writer writes, and
// between two reports it holds no snapshot that would keep the log from being checkpointed.
const db = new Database(path, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const report = createFunnelReport(db);

function answer({ id, query }: FunnelRequest): FunnelReply {
  try {
    return { id, ok: true, report: report(query) };
  } catch (error) {
    const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
    return {
      id,
      ok: false,
      name: String(name ?? "Error"),
      message: String(message ?? error),
      ...(typeof code === "string" ? { code } : {}),
    };
  }
}

port.on("message", (message: FunnelRequest | "stop") => {
  if (message === "stop") {
    db.close();
    port.close();
    return;
  }
  port.postMessage(answer(message));
});
