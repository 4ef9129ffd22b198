// What the /wechat fuzz tests (POST and GET) share: the seed that replays a run, how a failure is
// clipped for reading, and the record of what the server logged as an error or left unhandled.
import type { Logger } from "../runtime/types";

/**
 * Every case is drawn from this seed: a failure prints it, and
 * `WECHAT_FUZZ_SEED=<seed> npx vitest run <test file>` replays the same bytes (another seed explores further).
 */
export const FUZZ_SEED = Number(process.env.WECHAT_FUZZ_SEED ?? 20_260_611);

/** `count` whole numbers from `from`: the case numbers of one kind of case. */
export function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

/** Long values (a 20,000-character OpenID) would bury the failure list. */
export function clip(text: string, max = 240): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

export interface ErrorWatch {
  /** Hand to the server: its errors are recorded, the rest dropped. */
  logger: Logger;
  /** What the server logged as an error, in order, with the error's message. */
  loggedErrors: string[];
  /** Promise rejections nobody handled while the watch ran. */
  unhandled: unknown[];
  start(): void;
  stop(): void;
}

/** A server that answered but logged an error, or left a rejection behind, has failed its case. */
export function watchErrors(): ErrorWatch {
  const loggedErrors: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  return {
    logger: {
      info() {},
      warn() {},
      error: (message, error) =>
        loggedErrors.push(`${message}${error instanceof Error ? `: ${error.message}` : ""}`),
    },
    loggedErrors,
    unhandled,
    start: () => process.on("unhandledRejection", onUnhandled),
    stop: () => process.off("unhandledRejection", onUnhandled),
  };
}
