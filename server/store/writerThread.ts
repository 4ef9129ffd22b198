// Runs the SQLite store's writes on a worker thread, so the event loop answering WeChat never waits
// for SQLite to write pages. Writes requested in the same tick travel as one batch and commit as
// one transaction there (group commit); reads stay on the main thread's own connection, which
// sees every write once its promise has resolved.
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { WriteOp, WriteResult } from "./sqliteWrites";
import { DuplicateTurnError } from "./storeErrors";
import type { SerializedError, WriterData, WriterReply, WriterRequest } from "./writerWorker";

/**
 * The thread stopped before it answered a write: the write may or may not have been committed.
 * The store writes on its own thread from then on.
 */
export class WriterThreadLostError extends Error {
  override readonly name = "WriterThreadLostError";
}

export interface WriterThread {
  /** False once the thread has failed or stopped: the store then writes in-process. */
  readonly alive: boolean;
  write(op: WriteOp): Promise<WriteResult>;
  /** Lets the writes already requested finish, then stops the thread. Idempotent. */
  stop(): Promise<void>;
  /** Ends the thread at once, as a crash would (tests). */
  terminate(): Promise<void>;
}

/** Turns an error from the thread back into the class the store's callers expect. */
function revive(e: SerializedError): Error {
  if (e.name === "DuplicateTurnError" && e.dedupKey !== undefined) {
    return new DuplicateTurnError(e.dedupKey);
  }
  if (e.name === "SqliteError")
    return new Database.SqliteError(e.message, e.code ?? "SQLITE_ERROR");
  if (e.name === "RangeError") return new RangeError(e.message);
  if (e.name === "TypeError") return new TypeError(e.message);
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

/**
 * The source of an eval worker running the module at `entry`. The workers are TypeScript like the
 * rest of the server; this bootstrap registers tsx's loader in the thread first, so they run the
 * same under `tsx`, vitest and plain `node --import tsx`.
 */
export function workerBootstrap(entry: URL): string {
  const tsx = import.meta.resolve("tsx/esm/api");
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
}

export interface WriterThreadOptions {
  /** The thread failed or stopped on its own after it started: the store writes in-process now. */
  onFailure?(): void;
}

export async function startWriterThread(
  data: WriterData,
  options: WriterThreadOptions = {},
): Promise<WriterThread> {
  const worker = new Worker(workerBootstrap(new URL("./writerWorker.ts", import.meta.url)), {
    eval: true,
    workerData: data,
    // `type` is honoured by Node for eval workers but missing from @types/node's options.
    ...({ type: "module" } as object),
  });
  let alive = true;
  let nextId = 1;
  let queue: WriterRequest["batch"] = [];
  const pending = new Map<number, { resolve(v: WriteResult): void; reject(e: unknown): void }>();

  const ready = new Promise<void>((resolve, reject) => {
    const onEarlyExit = (code: number) =>
      reject(new Error(`the writer thread stopped while starting (exit code ${code})`));
    worker.once("exit", onEarlyExit);
    worker.once("error", reject);
    worker.on("message", function onReady(reply: WriterReply) {
      if (reply.type === "ready") {
        worker.off("message", onReady);
        worker.off("exit", onEarlyExit);
        worker.off("error", reject);
        resolve();
      } else if (reply.type === "failed") reject(revive(reply.error));
    });
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  let drained: (() => void) | undefined;
  let stopping = false;
  const failAll = (reason: WriterThreadLostError) => {
    const failedWhileServing = alive && !stopping;
    if (failedWhileServing) {
      process.emitWarning(
        `Huashu store: ${reason.message}; writing on the main thread from now on`,
      );
    }
    alive = false;
    for (const { reject } of pending.values()) reject(reason);
    pending.clear();
    drained?.();
    if (failedWhileServing) options.onFailure?.();
  };
  worker.on("message", (reply: WriterReply) => {
    if (reply.type !== "results") return;
    for (const result of reply.results) {
      const waiting = pending.get(result.id);
      pending.delete(result.id);
      if (!waiting) continue;
      if (result.ok) waiting.resolve(result.value);
      else waiting.reject(revive(result.error));
    }
    if (pending.size === 0) drained?.();
  });
  worker.on("error", (error) =>
    failAll(new WriterThreadLostError(`the store's writer thread failed: ${error.message}`)),
  );
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", (code) => {
      // Writes in flight may or may not have committed: the store writes again those that are
      // safe to repeat (a turn, recognised by its processed id) and fails the others.
      failAll(new WriterThreadLostError(`the store's writer thread stopped (exit code ${code})`));
      resolve();
    }),
  );

  function flush(): void {
    const batch = queue;
    queue = [];
    // As JSON text: cloning one string costs the event loop half of what structured-cloning the
    // turns does (6.3 against 12.7 µs per turn, measured); the thread parses it. The store turns
    // every value into JSON or SQL anyway, so nothing a write needs is lost on the way.
    if (batch.length > 0) worker.postMessage(JSON.stringify({ batch } satisfies WriterRequest));
  }

  return {
    get alive() {
      return alive && !stopping;
    },
    write(op) {
      if (!alive || stopping)
        return Promise.reject(new WriterThreadLostError("the store's writer thread is stopped"));
      return new Promise<WriteResult>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        if (queue.length === 0) setImmediate(flush);
        queue.push({ id, op });
      });
    },
    async stop() {
      if (!stopping) {
        stopping = true;
        flush();
        if (pending.size > 0) {
          await new Promise<void>((resolve) => {
            drained = resolve;
          });
        }
        if (alive) worker.postMessage("stop");
      }
      await exited;
    },
    async terminate() {
      await worker.terminate();
      await exited;
    },
  };
}
