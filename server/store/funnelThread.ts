// Funnel reports on a worker thread with its own read connection, started at the first report. A
// report reads every node row of the period's runs (0.2-0.4 s for the 70,000 runs of a busy
// flow's week, measured in memory; a year is fifty times that); on the thread answering WeChat
// that would hold up every follower's reply meanwhile.
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { FunnelReply, FunnelRequest, FunnelWorkerData } from "./funnelWorker";
import type { FunnelQuery, FunnelReport } from "./types";
import { workerBootstrap } from "./writerThread";

export interface FunnelThread {
  report(query: FunnelQuery): Promise<FunnelReport>;
  /** Ends the thread; reports still running fail. Idempotent. */
  stop(): Promise<void>;
}

export function startFunnelThread(path: string): FunnelThread {
  const worker = new Worker(workerBootstrap(new URL("./funnelWorker.ts", import.meta.url)), {
    eval: true,
    workerData: { path } satisfies FunnelWorkerData,
    // `type` is honoured by Node for eval workers but missing from @types/node's options.
    ...({ type: "module" } as object),
  });
  // An idle reader never keeps a stopping server alive.
  worker.unref();
  let nextId = 1;
  let stopped: Error | undefined;
  const pending = new Map<number, { resolve(r: FunnelReport): void; reject(e: Error): void }>();
  const failAll = (error: Error) => {
    stopped ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", (reply: FunnelReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if (reply.ok) waiting.resolve(reply.report);
    else if (reply.name === "SqliteError") {
      waiting.reject(new Database.SqliteError(reply.message, reply.code ?? "SQLITE_ERROR"));
    } else waiting.reject(new Error(reply.message));
  });
  worker.on("error", (error) => failAll(new Error(`the funnel thread failed: ${error.message}`)));
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", (code) => {
      failAll(new Error(`the funnel thread stopped (exit code ${code})`));
      resolve();
    }),
  );
  return {
    report(query) {
      if (stopped) return Promise.reject(stopped);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, query } satisfies FunnelRequest);
      });
    },
    async stop() {
      if (!stopped) worker.postMessage("stop");
      stopped ??= new Error("the funnel thread is stopped");
      await exited;
    },
  };
}
