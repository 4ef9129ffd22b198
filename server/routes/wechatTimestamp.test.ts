// POST /wechat and the message's `timestamp`, over real HTTP: inside the window a message is
// answered (and a replay is a duplicate, also after a restart or a purge); outside it, or without a
// timestamp in Unix seconds, it is refused, nothing is stored, and the operator is told, once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Flow } from "../../shared/schema";
import { textXml } from "../runtime/fakeWechatClient";
import { HOUSEKEEPING_EVERY_MS, PROCESSED_KEEP_MS, runHousekeeping } from "../runtime/housekeeping";
import { counterFlow } from "../runtime/testFlows";
import {
  startTestServer,
  TEST_AES_KEY,
  TEST_APP_ID,
  TEST_TOKEN,
  type TestServer,
  tempDbPath,
} from "../runtime/testServer";
import { type Logger, silentLogger } from "../runtime/types";
import { sqliteDatabaseOf } from "../store/sqliteStore";
import { sha1Signature } from "../wechat/signature";
import {
  CLOCK_SET_BACK_MARGIN_MS,
  describeSpan,
  TIMESTAMP_WARNING_EVERY_MS,
  TIMESTAMP_WINDOW_MS,
} from "./wechatTimestamp";

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const W = TIMESTAMP_WINDOW_MS;
/** 2026-06-01 12:00 China time: the server's clock, on a whole second as timestamps are. */
const START = Date.UTC(2026, 5, 1, 4, 0, 0);
const SAFE_ENV = { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY };
/**
 * The counter flow with conversations kept a week (the longest allowed): a replay a day later then
 * meets the conversation it came from, and a second advance would show in the count.
 */
const patientCounter: Flow = {
  ...counterFlow,
  settings: { ...counterFlow.settings, sessionTimeoutMinutes: 7 * 24 * 60 },
};

let db: ReturnType<typeof tempDbPath>;
let server: TestServer | undefined;
/** The server's clock; tests move it. */
let clock: number;
let warnings: string[];
const logger: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };

beforeEach(() => {
  db = tempDbPath();
  clock = START;
  warnings = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  db.cleanup();
});

async function start(env: Record<string, string> = {}, first = true): Promise<TestServer> {
  server = await startTestServer({
    dbPath: db.path,
    flows: first ? [patientCounter] : [],
    env,
    deps: { now: () => clock, logger },
  });
  return server;
}

/** WeChat with a clock `offset` from the server's: it stamps its requests with that. */
function wechatAt(s: TestServer, offset: number, safe = false) {
  return s.fakeWechat({
    now: () => clock + offset,
    ...(safe ? { appId: TEST_APP_ID, encodingAESKey: TEST_AES_KEY } : {}),
  });
}

/** Everything a turn could write: followers, sessions, the message log, processed ids, the queue. */
async function stored(s: TestServer): Promise<string> {
  await s.huashu.runtime.conversation.idle();
  const sql = sqliteDatabaseOf(s.store)!;
  const tables = ["followers", "sessions", "messages", "processed", "outbound"];
  // Some tables have no rowid: sorted here rather than by the database.
  const rows = (t: string) =>
    sql
      .prepare(`SELECT * FROM ${t}`)
      .all()
      .map((row) => JSON.stringify(row))
      .sort();
  return JSON.stringify(tables.map(rows));
}

async function post(request: { url: string; body: string }) {
  const response = await fetch(request.url, { method: "POST", body: request.body });
  return { status: response.status, body: await response.text() };
}

/** A plaintext request signed over `timestamp` as given (or without one). */
function signedOver(s: TestServer, timestamp: string | undefined, body: string) {
  const nonce = "4242";
  const query = new URLSearchParams({
    signature: sha1Signature([TEST_TOKEN, timestamp ?? "", nonce]),
    nonce,
  });
  if (timestamp !== undefined) query.set("timestamp", timestamp);
  return { url: `${s.wechatUrl}?${query}`, body };
}

describe("the window", () => {
  it("leaves room in PROCESSED_KEEP_MS for a replay at one edge of a message handled at the other", () => {
    // Asserted when wechatTimestamp.ts loads too; here it is in numbers.
    expect(W).toBe(11 * HOUR);
    expect(2 * W + CLOCK_SET_BACK_MARGIN_MS).toBeLessThanOrEqual(PROCESSED_KEEP_MS);
  });

  it("describes how far a timestamp is as a person reads it", () => {
    expect(describeSpan(W + SECOND)).toBe("11 hours 1 second");
    expect(describeSpan(90 * SECOND)).toBe("1 minute 30 seconds");
    expect(describeSpan(579 * 24 * HOUR + 14 * HOUR + 5 * SECOND)).toBe("579 days 14 hours");
    expect(describeSpan(Number.POSITIVE_INFINITY)).toBe("more than 1000 years");
  });
});

describe("POST /wechat and the timestamp", () => {
  it("answers a message stamped at either edge: 11 hours before or after the server's clock", async () => {
    const s = await start();
    expect((await wechatAt(s, -W).text("o-edge", "a")).content).toBe("1:");
    expect((await wechatAt(s, +W).text("o-edge", "b")).content).toBe("2:b");
    expect(warnings).toEqual([]);
  });

  it("refuses one a second outside, either way, with a 403 saying how far; stores nothing; answers the next", async () => {
    const s = await start();
    expect((await s.wechat.text("o-out", "a")).content).toBe("1:");
    const before = await stored(s);

    const late = await wechatAt(s, -W - SECOND).text("o-out", "late");
    expect(late.status).toBe(403);
    expect(late.raw).toBe(
      "timestamp 1780246799 (2026-05-31T16:59:59Z) is more than 11 hours from this server's clock, which reads 2026-06-01T04:00:00Z, 11 hours 1 second ahead of it: refused, as an old request sent again would be. If WeChat sent it, this server's clock is wrong: synchronise it with NTP (`timedatectl set-ntp true`; `timedatectl` or `chronyc tracking` shows how far off it is)",
    );
    const early = await wechatAt(s, W + SECOND).text("o-out", "early");
    expect(early.status).toBe(403);
    expect(early.raw).toMatch(
      /^timestamp 1780326001 \(2026-06-01T15:00:01Z\) is more than 11 hours from this server's clock, which reads 2026-06-01T04:00:00Z, 11 hours 1 second behind it: refused.* this server's clock is wrong: synchronise it with NTP/,
    );
    // A follower never seen is not created either.
    expect((await wechatAt(s, W + SECOND).text("o-new", "hi")).status).toBe(403);
    // A tool of one's own that writes milliseconds is told so.
    const millis = await post(signedOver(s, String(clock), textXml("o-out", "ms")));
    expect(millis.status).toBe(403);
    expect(millis.body).toContain("It looks like milliseconds: WeChat's timestamp is in seconds.");
    expect(await stored(s)).toBe(before);

    expect((await s.wechat.text("o-out", "next")).content).toBe("2:next");
    expect((await s.wechat.text("o-new", "hi")).content).toBe("1:");
  });

  it("refuses a timestamp missing, empty or not Unix seconds with a 400 naming it, storing nothing", async () => {
    const s = await start();
    expect((await s.wechat.text("o-bad-ts", "a")).content).toBe("1:");
    const before = await stored(s);
    const seconds = String(Math.floor(clock / SECOND));
    const answers = [];
    // Each signed over what it carries: the timestamp alone is at fault.
    for (const timestamp of [undefined, "", "abc", "-5", `${seconds}.0`, `+${seconds}`, "1.78e9"]) {
      answers.push(await post(signedOver(s, timestamp, textXml("o-bad-ts", "x"))));
    }
    expect(answers).toEqual([
      ...["is missing", "is empty"].map((problem) => ({
        status: 400,
        body: `not a WeChat message: timestamp ${problem}; WeChat stamps every message with the time it sent it, in Unix seconds`,
      })),
      ...Array.from({ length: 5 }, () => ({
        status: 400,
        body: "not a WeChat message: timestamp is not digits only; WeChat stamps every message with the time it sent it, in Unix seconds",
      })),
    ]);
    expect(await stored(s)).toBe(before);
    // Not the clock's fault: nothing for the operator.
    expect(warnings).toEqual([]);
    expect((await post(signedOver(s, seconds, textXml("o-bad-ts", "y")))).body).toContain("2:y");
  });

  it("holds in safe mode too: both edges answered, a second beyond refused, no timestamp a 400", async () => {
    const s = await start(SAFE_ENV);
    expect((await wechatAt(s, -W, true).text("o-safe", "a")).content).toBe("1:");
    expect((await wechatAt(s, +W, true).text("o-safe", "b")).content).toBe("2:b");
    const before = await stored(s);
    for (const offset of [-W - SECOND, W + SECOND]) {
      const refused = await wechatAt(s, offset, true).text("o-safe", "c");
      expect(refused.status).toBe(403);
      expect(refused.raw).toMatch(/is more than 11 hours from this server's clock/);
    }
    const signed = s
      .fakeWechat({ appId: TEST_APP_ID, encodingAESKey: TEST_AES_KEY })
      .sign(textXml("o-safe", "d"));
    const missing = new URL(signed.url);
    missing.searchParams.delete("timestamp");
    expect(await post({ url: missing.toString(), body: signed.body })).toMatchObject({
      status: 400,
      body: expect.stringMatching(/^not a WeChat message: timestamp is missing/),
    });
    expect(await stored(s)).toBe(before);
    expect((await wechatAt(s, 0, true).text("o-safe", "e")).content).toBe("3:e");
  });
});

describe("a signed request sent again", () => {
  it("inside the window, after a restart on the same database: the same reply, no second advance", async () => {
    let s = await start();
    expect((await s.wechat.text("o-again", "a")).content).toBe("1:");
    const captured = s.wechat.sign(textXml("o-again", "b", "880001"));
    const first = await post(captured);
    expect(first.body).toContain("2:b");
    await s.close();
    server = undefined;

    clock += 10 * HOUR;
    s = await start({}, false);
    const before = await stored(s);
    // The same bytes, to the restarted server (on another port).
    const replay = { url: captured.url.replace(/^[^?]*/, s.wechatUrl), body: captured.body };
    expect(await post(replay)).toEqual(first);
    expect(await stored(s)).toBe(before);
    expect((await s.wechat.text("o-again", "c")).content).toBe("3:c");
  });

  it("handled at the window's one edge, replayed at the other 22 hours later with a purge between: a duplicate", async () => {
    // The worst case for the window: the server's clock 11 hours behind WeChat's when the message
    // is handled (its processed id is stamped with that clock), 11 hours ahead when it comes again.
    const s = await start(SAFE_ENV);
    const wechat = wechatAt(s, W, true);
    expect((await wechat.text("o-edges", "a")).content).toBe("1:");
    const captured = wechat.sign(textXml("o-edges", "b", "880002"));
    const first = await post(captured);
    expect(wechat.open(first.body)).toContain("2:b");

    clock += 2 * W;
    await runHousekeeping({ store: s.store, now: () => clock, logger, logRetentionDays: null });
    expect(await s.store.processedReply("msg:o-edges:880002")).toBeDefined();
    const before = await stored(s);
    const again = await post(captured);
    expect(again.status).toBe(200);
    // Encrypted afresh (another nonce), the same reply inside, and nothing new stored.
    expect(wechat.open(again.body)).toBe(wechat.open(first.body));
    expect(await stored(s)).toBe(before);
    expect((await wechatAt(s, 0, true).text("o-edges", "c")).content).toBe("3:c");
  });

  it("the attack: replayed once its processed id is purged, it is refused for its timestamp", async () => {
    const s = await start(SAFE_ENV);
    const wechat = wechatAt(s, 0, true);
    // A follower confirms an order. Someone on the path keeps a copy of the signed request.
    expect((await wechat.text("o-victim", "下单")).content).toBe("1:");
    const captured = wechat.sign(textXml("o-victim", "确认", "880003"));
    expect(wechat.open((await post(captured)).body)).toContain("2:确认");

    // A day and an hour later the hourly pass has forgotten the message's id: the store no longer
    // knows it was handled, so only its timestamp can tell the copy from a new message.
    clock += PROCESSED_KEEP_MS + HOUSEKEEPING_EVERY_MS;
    await runHousekeeping({ store: s.store, now: () => clock, logger, logRetentionDays: null });
    expect(await s.store.processedReply("msg:o-victim:880003")).toBeUndefined();

    const before = await stored(s);
    const replayed = await post(captured);
    expect(replayed.status).toBe(403);
    expect(replayed.body).toMatch(
      /^timestamp \d+ \(2026-06-01T04:00:00Z\) is more than 11 hours from this server's clock, which reads 2026-06-02T05:00:00Z, 1 day 1 hour ahead of it: refused/,
    );
    // No turn ran: the conversation did not advance, no reply or customer-service message went out.
    expect(await stored(s)).toBe(before);
    expect((await s.store.getSession("o-victim"))?.variables).toMatchObject({ count: 2 });

    // What the refusal prevented: the same message, signed afresh (only WeChat can), is taken as a
    // new one and advances the conversation a second time.
    expect((await wechat.text("o-victim", "确认", "880003")).content).toBe("3:确认");
  });

  it("in plaintext mode, a captured query string with a forged body is refused once out of the window", async () => {
    const s = await start();
    expect((await s.wechat.text("o-forged", "a")).content).toBe("1:");
    const captured = s.wechat.sign(textXml("o-forged", "b"));
    expect((await post(captured)).body).toContain("2:b");

    clock += W + SECOND;
    const before = await stored(s);
    // The signature covers only token, timestamp and nonce: the body is the attacker's.
    const forged = { url: captured.url, body: textXml("o-forged", "任意内容", "880004") };
    expect((await post(forged)).status).toBe(403);
    expect(await stored(s)).toBe(before);
  });
});

describe("telling the operator", () => {
  it("warns at the first refusal, naming the skew and the clock, then at most hourly with the count", async () => {
    // The server's clock runs 12 hours fast: every message WeChat sends is refused.
    let fast = 12 * HOUR;
    const s = await start();
    const wechat = s.fakeWechat({ now: () => clock - fast });
    for (const text of ["a", "b", "c"])
      expect((await wechat.text("o-clock", text)).status).toBe(403);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      "POST /wechat refused a request (signed with WECHAT_TOKEN) whose timestamp was more than 11 hours from this server's clock. The clock reads 2026-06-01T04:00:00Z, 12 hours ahead of its timestamp (2026-05-31T16:00:00Z). If WeChat sent it, followers are going unanswered because this server's clock is wrong: synchronise it with NTP (`timedatectl set-ntp true`; `timedatectl` or `chronyc tracking` shows how far off it is). If not, it is an old request sent again, and refusing it is right. Said again at most hourly while it goes on (时间戳超出范围：请检查服务器时钟)",
    );

    clock += TIMESTAMP_WARNING_EVERY_MS - SECOND;
    expect((await wechat.text("o-clock", "d")).status).toBe(403);
    // Not signed with the token: counted, and told apart.
    const unsigned = signedOver(s, String(Math.floor((clock - 12 * HOUR) / SECOND)), "<xml/>");
    expect(
      (await post({ ...unsigned, url: unsigned.url.replace(/signature=\w+/, "signature=0") }))
        .status,
    ).toBe(403);
    expect(warnings).toHaveLength(1);

    clock += SECOND;
    expect((await wechat.text("o-clock", "e")).status).toBe(403);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(
      /^POST \/wechat refused 5 requests since 2026-06-01T04:00:00Z \(4 signed with WECHAT_TOKEN\) whose timestamp was more than 11 hours from this server's clock\. The clock reads 2026-06-01T05:00:00Z, 12 hours ahead of the last one's timestamp/,
    );

    // NTP sets the clock right: WeChat's messages are answered again (none of the refused stored).
    clock -= fast;
    fast = 0;
    expect((await wechat.text("o-clock", "f")).content).toBe("1:");
    expect((await wechat.text("o-clock", "g")).content).toBe("2:g");
    expect(warnings).toHaveLength(2);
  });
});
