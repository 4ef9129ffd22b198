// Runs tasks one at a time per key (a follower's OpenID) in arrival order; different keys run in parallel.

export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running (for tests and shutdown). */
  readonly busyKeys: number;
}

export function createKeyedQueue(): KeyedQueue {
  // The tail of each key's chain; removed when the chain drains so idle followers cost nothing.
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      // The tail never rejects (see below), so a failed task does not block the follower's later messages.
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get busyKeys() {
      return tails.size;
    },
  };
}
