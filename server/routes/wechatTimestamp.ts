// Refuses a POST /wechat whose `timestamp` is far from this server's clock, and tells the operator.
//
// WeChat's signature covers the timestamp but never expires: without this, a captured request is
// good forever. In safe mode the whole request can be sent again once its processed id is
// forgotten (PROCESSED_KEEP_MS), and the conversation advances again; in plaintext mode the body is
// not signed at all, so one captured query string carries any forged body.
import { HTTPException } from "hono/http-exception";
import { PROCESSED_KEEP_MS } from "../runtime/housekeeping";
import type { Logger } from "../runtime/types";
import { verifyUrlSignature } from "../wechat/signature";

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * How far a message's `timestamp` may be from this server's clock, either way: 11 hours.
 *
 * WeChat stamps a request when it sends it, and retries within seconds, so its own requests are
 * always seconds old; the window is there for this server's clock. A clock that is hours off is
 * what a mistake looks like (a hardware clock kept in China time and read as UTC is 8 hours off),
 * and refusing every follower's message for it is worse than a long window. 11 hours forgives that.
 *
 * What bounds it is that every replay inside the window must still find its processed id, and be
 * answered as the duplicate it is (the same reply, no second advance). A processed id is stamped
 * with this server's clock when the message is handled, and purged once that clock has gone
 * PROCESSED_KEEP_MS past it. The worst case is a message handled while the clock reads W (the
 * window) before its timestamp, and sent again when the clock reads W after it: the two readings
 * are 2W apart, not W. So 2W ≤ PROCESSED_KEEP_MS keeps every replay inside the window a duplicate,
 * whatever the clock's error, as long as the clock does not go back (a jump forward is fine). The
 * hourly purge (HOUSEKEEPING_EVERY_MS) only ever keeps ids longer than that, so its interval takes
 * nothing from it. A clock set back after a purge ran while it was ahead is the case left: that
 * purge forgot ids that a replay, inside the window again, needs. CLOCK_SET_BACK_MARGIN_MS is what
 * 11 hours leaves for it: 24 h − 2 × 11 h = 2 h. (12 hours would leave nothing.)
 *
 * What stays open is plaintext mode within the window: a query string captured less than 11 hours
 * ago still carries any body. Only safe mode (安全模式) closes that; the route says so once when
 * plaintext arrives while a key is set.
 */
export const TIMESTAMP_WINDOW_MS = 11 * HOUR_MS;

/** How far the clock may be set back after a purge without a replay slipping through (see above). */
export const CLOCK_SET_BACK_MARGIN_MS = 2 * HOUR_MS;

// Checked when the server loads, so that shortening PROCESSED_KEEP_MS or widening the window cannot
// quietly let a replay through.
if (2 * TIMESTAMP_WINDOW_MS + CLOCK_SET_BACK_MARGIN_MS > PROCESSED_KEEP_MS) {
  throw new Error(
    `TIMESTAMP_WINDOW_MS (${TIMESTAMP_WINDOW_MS / HOUR_MS} h) is too wide for PROCESSED_KEEP_MS (${PROCESSED_KEEP_MS / HOUR_MS} h): a replay inside the window could find its processed id purged; keep 2 × window + ${CLOCK_SET_BACK_MARGIN_MS / HOUR_MS} h within it`,
  );
}

/** At the first refusal, then at most this often, with how many since: the log is not flooded. */
export const TIMESTAMP_WARNING_EVERY_MS = HOUR_MS;

const WINDOW_TEXT = `${TIMESTAMP_WINDOW_MS / HOUR_MS} hours`;
const NTP_ADVICE =
  "synchronise it with NTP (`timedatectl set-ntp true`; `timedatectl` or `chronyc tracking` shows how far off it is)";

/** A duration as a person reads it: exact to the second below a day, in days and hours above. */
export function describeSpan(ms: number): string {
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? "" : "s"}`;
  if (!Number.isFinite(ms) || ms >= 1000 * 365 * DAY_MS) return "more than 1000 years";
  const seconds = Math.floor(ms / SECOND_MS);
  if (seconds >= DAY_MS / SECOND_MS) {
    const days = Math.floor(seconds / (DAY_MS / SECOND_MS));
    const hours = Math.floor((seconds % (DAY_MS / SECOND_MS)) / (HOUR_MS / SECOND_MS));
    return hours > 0 ? `${unit(days, "day")} ${unit(hours, "hour")}` : unit(days, "day");
  }
  const parts = [
    [Math.floor(seconds / 3600), "hour"],
    [Math.floor((seconds % 3600) / 60), "minute"],
    [seconds % 60, "second"],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, name]) => unit(n, name));
  return shown.length > 0 ? shown.join(" ") : "0 seconds";
}

/** ISO time to the second, as WeChat's timestamps are. */
function iso(ms: number): string {
  return new Date(Math.floor(ms / SECOND_MS) * SECOND_MS).toISOString().replace(".000Z", "Z");
}

/** ISO time in brackets, or nothing for a time a Date cannot hold (a timestamp of 20 digits). */
function when(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? ` (${iso(ms)})` : "";
}

/** How the server's clock stands to a timestamp: "8 hours ahead of", "3 days behind". */
function clockAgainst(skewMs: number): string {
  return `${describeSpan(Math.abs(skewMs))} ${skewMs > 0 ? "ahead of" : "behind"}`;
}

export interface TimestampCheckDeps {
  /** WECHAT_TOKEN, to tell the operator how many refused requests were signed with it. */
  token: () => string;
  now: () => number;
  logger?: Logger;
}

/**
 * Returns the check the route runs first on every POST: it throws the refusal (400 for a timestamp
 * that is not Unix seconds, 403 for one outside the window) and logs the warning; otherwise nothing.
 */
export function createTimestampCheck(deps: TimestampCheckDeps) {
  // When the operator was last told (undefined: never), and the refusals since.
  let toldAt: number | undefined;
  let refused = 0;
  let signed = 0;

  function warn(nowMs: number, timestampMs: number, wasSigned: boolean): void {
    refused += 1;
    if (wasSigned) signed += 1;
    // A clock set back since the last warning does not silence the next one.
    if (toldAt !== undefined && nowMs >= toldAt && nowMs - toldAt < TIMESTAMP_WARNING_EVERY_MS) {
      return;
    }
    const one = refused === 1;
    const what =
      toldAt === undefined
        ? "a request"
        : `${refused} request${one ? "" : "s"} since ${iso(toldAt)}`;
    const signedWith = one
      ? `${wasSigned ? "" : "not "}signed with WECHAT_TOKEN`
      : `${signed} signed with WECHAT_TOKEN`;
    const [it, its, itIs] = one
      ? ["it", "its", "it is an old request"]
      : ["them", "the last one's", "they are old requests"];
    deps.logger?.warn(
      `POST /wechat refused ${what} (${signedWith}) whose timestamp was more than ${WINDOW_TEXT} from this server's clock. The clock reads ${iso(nowMs)}, ${clockAgainst(nowMs - timestampMs)} ${its} timestamp${when(timestampMs)}. If WeChat sent ${it}, followers are going unanswered because this server's clock is wrong: ${NTP_ADVICE}. If not, ${itIs} sent again, and refusing ${it} is right. Said again at most hourly while it goes on (时间戳超出范围：请检查服务器时钟)`,
    );
    toldAt = nowMs;
    refused = 0;
    signed = 0;
  }

  return function checkTimestamp(query: Record<string, string>): void {
    const timestamp = query.timestamp;
    const notSeconds = (problem: string) =>
      new HTTPException(400, {
        message: `not a WeChat message: timestamp ${problem}; WeChat stamps every message with the time it sent it, in Unix seconds`,
      });
    if (timestamp === undefined) throw notSeconds("is missing");
    if (timestamp === "") throw notSeconds("is empty");
    // Digits only: Number() would also take "1e9", " 12", "0x1f" or "-5", none of which WeChat sends.
    if (!/^\d+$/.test(timestamp)) throw notSeconds("is not digits only");
    const nowMs = deps.now();
    const timestampMs = Number(timestamp) * SECOND_MS;
    const skewMs = nowMs - timestampMs;
    if (Math.abs(skewMs) <= TIMESTAMP_WINDOW_MS) return;

    const wasSigned = verifyUrlSignature({
      token: deps.token(),
      timestamp,
      nonce: query.nonce ?? "",
      signature: query.signature ?? "",
    });
    warn(nowMs, timestampMs, wasSigned);
    const inMilliseconds =
      Math.abs(nowMs - Number(timestamp)) <= TIMESTAMP_WINDOW_MS
        ? " It looks like milliseconds: WeChat's timestamp is in seconds."
        : "";
    throw new HTTPException(403, {
      message: `timestamp ${timestamp}${when(timestampMs)} is more than ${WINDOW_TEXT} from this server's clock, which reads ${iso(nowMs)}, ${clockAgainst(skewMs)} it: refused, as an old request sent again would be.${inMilliseconds} If WeChat sent it, this server's clock is wrong: ${NTP_ADVICE}`,
    });
  };
}
