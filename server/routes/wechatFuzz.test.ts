import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { counterFlow } from "../runtime/testFlows";
import {
  startTestServer,
  TEST_AES_KEY,
  TEST_APP_ID,
  type TestServer,
  tempDbPath,
} from "../runtime/testServer";
import { sqliteDatabaseOf } from "../store/sqliteStore";
import { type FollowerRow, followerFromRow, sessionFromJson } from "../store/storeRows";
import {
  createFuzzCases,
  fuzzCrypto as crypto,
  FUZZ_CLOCK_START_S,
  type FuzzCase,
} from "./wechatFuzzCases";
import { clip, range, FUZZ_SEED as SEED, watchErrors } from "./wechatFuzzHarness";
import { caseTagsIn } from "./wechatFuzzMutations";

// Robustness of POST /wechat: several hundred seeded mutations of WeChat's bodies, over real HTTP,
// in plaintext and safe mode, some at once. Each must get 200 (`success` or a reply that parses)
// or a 4xx that says what is wrong, store nothing when refused, and leave the server answering.
// A failure prints its seed and case; `WECHAT_FUZZ_SEED=<seed> npx vitest run <this file>` replays
// the same bytes (another seed explores further).
/** WeChat itself gives up after 5 s; the server answers at 4 s whatever the turn is doing. */
const REQUEST_TIMEOUT_MS = 8_000;
/** Unanswered requests after which a phase stops, so its report comes before the test's timeout. */
const MAX_UNANSWERED = 3;
/** What each refusal must say, for a person reading the WeChat admin's error or the server log. */
const REFUSAL_TEXT: Record<number, RegExp> = {
  400: /not a WeChat message: \S|cannot decrypt the message: check WECHAT_ENCODING_AES_KEY/,
  401: /signature does not match/,
  403: /another AppID: check WECHAT_APP_ID|^timestamp \d+ .*is more than 11 hours from this server's clock.* NTP/,
  413: /body over 64 KiB/,
};

interface Outcome {
  fuzzCase: FuzzCase;
  status: number;
  body: string;
}

const db = tempDbPath();
let server: TestServer;
/** The server's clock runs from where the cases' timestamps are drawn around (see FUZZ_CLOCK_START_S). */
const startedAt = Date.now();
const fuzzClock = () => FUZZ_CLOCK_START_S * 1000 + (Date.now() - startedAt);
const errors = watchErrors();
const { loggedErrors, unhandled } = errors;
/** Every case sent, with what it got. */
const outcomes: Outcome[] = [];

const replyParser = new XMLParser({ processEntities: false, parseTagValue: false });

beforeAll(async () => {
  errors.start();
  server = await startTestServer({
    dbPath: db.path,
    flows: [counterFlow],
    env: { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
    deps: { logger: errors.logger, now: fuzzClock },
  });
});
afterAll(async () => {
  await server.close();
  db.cleanup();
  errors.stop();
});

/** The server's URL is known only once it runs. */
const fuzzCases = () => createFuzzCases(SEED, server.wechatUrl);

function describeCase(c: FuzzCase): string {
  const raw =
    typeof c.body === "string" ? c.body : `bytes:${Buffer.from(c.body).toString("latin1")}`;
  return `WECHAT_FUZZ_SEED=${SEED} case ${c.index} (${c.mode}: ${c.names.join(" + ")}) body ${JSON.stringify(clip(raw))}`;
}

function failure(c: FuzzCase, problems: string[]): string {
  return `${describeCase(c)}\n    ${problems.map((p) => clip(p, 400)).join("\n    ")}`;
}

async function send(c: FuzzCase): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (c.contentType) headers["Content-Type"] = c.contentType;
  const response = await fetch(c.url, {
    method: "POST",
    // A copy in its own ArrayBuffer: what fetch's types accept as bytes.
    body: typeof c.body === "string" ? c.body : new Uint8Array(c.body),
    headers,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const outcome = { fuzzCase: c, status: response.status, body: await response.text() };
  outcomes.push(outcome);
  return outcome;
}

/**
 * A passive reply as WeChat would read it: well-formed, with a type it knows, and addressed to the
 * follower whose turn the store holds (a FromUserName the reply cannot carry would send it elsewhere).
 */
function replyProblem(xml: string): string | undefined {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return `reply is not well-formed XML: ${valid.err.msg}`;
  const root = (replyParser.parse(xml) as { xml?: Record<string, unknown> }).xml;
  if (!root) return "reply has no <xml> root";
  for (const field of ["ToUserName", "FromUserName", "CreateTime", "MsgType"]) {
    if (root[field] === undefined || root[field] === "") return `reply has no ${field}`;
  }
  if (!/^\d{10}$/.test(String(root.CreateTime))) return "reply CreateTime is not Unix seconds";
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) return "reply has control characters";
  const to = String(root.ToUserName);
  if (!database().prepare("SELECT 1 FROM followers WHERE openid = ?").get(to)) {
    return `reply is addressed to ${JSON.stringify(clip(to, 60))}, a follower the store does not know`;
  }
  return undefined;
}

function openReply(body: string): { xml: string } | { problem: string } {
  const valid = XMLValidator.validate(body);
  if (valid !== true) return { problem: `encrypted reply is not well-formed: ${valid.err.msg}` };
  const root = (replyParser.parse(body) as { xml?: Record<string, string> }).xml ?? {};
  try {
    const { xml } = crypto.decrypt(String(root.Encrypt ?? ""), {
      msgSignature: String(root.MsgSignature ?? ""),
      timestamp: String(root.TimeStamp ?? ""),
      nonce: String(root.Nonce ?? ""),
    });
    return { xml };
  } catch (error) {
    return { problem: `encrypted reply does not open: ${(error as Error).message}` };
  }
}

/**
 * The answer as the follower would get it: a safe-mode reply opened (its encryption differs), and
 * a refusal for the timestamp without its figures (the server's clock moves between the two tries).
 */
function answerOf({ fuzzCase: c, status, body }: Outcome): string {
  const encrypted = new URL(c.url).searchParams.get("encrypt_type") === "aes";
  if (status === 403 && body.startsWith("timestamp ")) {
    return `${status} ${body.replace(/\d/g, "#")}`;
  }
  if (status !== 200 || !encrypted || body === "success" || body === "") return `${status} ${body}`;
  const opened = openReply(body);
  return `${status} ${"xml" in opened ? opened.xml : body}`;
}

/** What is wrong with one answer, judged by the answer alone. */
function judge({ fuzzCase: c, status, body }: Outcome): string[] {
  const problems: string[] = [];
  if (!c.expect.includes(status)) {
    problems.push(`status ${status}, expected ${c.expect.join("/")}: ${body.slice(0, 200)}`);
  }
  const refusal = REFUSAL_TEXT[status];
  if (refusal && !refusal.test(body)) {
    problems.push(`${status} does not say what is wrong: ${JSON.stringify(body.slice(0, 200))}`);
  }
  if (status === 200 && body !== "success" && body !== "") {
    let xml = body;
    if (c.mode !== "plain" && new URL(c.url).searchParams.get("encrypt_type") === "aes") {
      const opened = openReply(body);
      if ("problem" in opened) problems.push(opened.problem);
      else xml = opened.xml;
    }
    const problem = replyProblem(xml);
    if (problem) problems.push(`${problem}: ${xml.slice(0, 200)}`);
    for (const text of c.forbidden) {
      if (xml.includes(text)) problems.push(`an entity was expanded into the reply (${text})`);
    }
  }
  return problems;
}

function database() {
  return sqliteDatabaseOf(server.store)!;
}

/** The rows a turn adds: a processed id and the incoming message's log row. */
function turnRows(): { processed: number; incoming: number } {
  return database()
    .prepare(
      `SELECT (SELECT count(*) FROM processed) AS processed,
              (SELECT count(*) FROM messages WHERE direction = 'in') AS incoming`,
    )
    .get() as { processed: number; incoming: number };
}

/** Sends cases one by one: each refused one must add no row, each answered one exactly its turn's. */
async function runSequentially(cases: FuzzCase[]): Promise<string[]> {
  const failures: string[] = [];
  let unanswered = 0;
  for (const c of cases) {
    if (unanswered >= MAX_UNANSWERED) {
      failures.push(`stopped after ${unanswered} unanswered requests`);
      break;
    }
    const before = turnRows();
    const errorsBefore = loggedErrors.length;
    let problems: string[];
    try {
      const outcome = await send(c);
      problems = judge(outcome);
      const after = turnRows();
      const added = {
        processed: after.processed - before.processed,
        incoming: after.incoming - before.incoming,
      };
      const wanted = outcome.status === 200 ? 1 : 0;
      if (added.processed !== wanted || added.incoming !== wanted) {
        problems.push(
          `status ${outcome.status} but the turn added ${added.processed} processed id(s) and ${added.incoming} logged message(s)`,
        );
      }
    } catch (error) {
      problems = [`no answer: ${(error as Error).message}`];
      unanswered++;
    }
    for (const message of loggedErrors.slice(errorsBefore)) {
      problems.push(`server logged an error: ${message}`);
    }
    if (problems.length > 0) failures.push(failure(c, problems));
  }
  return failures;
}

/** Case numbers: each kind its own range, so every tag (and so every stored row) names one case. */
const PLAIN = range(0, 260);
const SAFE = range(10_000, 130);
const ENVELOPE = range(20_000, 130);
const CONCURRENT = range(30_000, 180);
const BATCH = 15;
/** Every RETRIED-th concurrent case is sent twice at once. */
const RETRIED = 5;

describe(`POST /wechat under mutated input (WECHAT_FUZZ_SEED=${SEED})`, () => {
  it("plaintext mode: signed mutated bodies get 200 or a 4xx, and a refusal stores nothing", async () => {
    expect(await runSequentially(PLAIN.map(fuzzCases().plainCase))).toEqual([]);
  }, 60_000);

  it("safe mode: mutated plaintext, encrypted and signed as WeChat does", async () => {
    expect(await runSequentially(SAFE.map(fuzzCases().safeCase))).toEqual([]);
  }, 60_000);

  it("safe mode: mutated envelope, Encrypt and msg_signature", async () => {
    expect(await runSequentially(ENVELOPE.map(fuzzCases().envelopeCase))).toEqual([]);
  }, 60_000);

  it("a share of them at once, from every mode, some twice as WeChat retries", async () => {
    const { plainCase, safeCase, envelopeCase } = fuzzCases();
    const makers = [plainCase, safeCase, envelopeCase];
    const cases = CONCURRENT.map((index) => makers[index % 3]!(index));
    const failures: string[] = [];
    const errorsBefore = loggedErrors.length;
    const before = turnRows();
    let unanswered = 0;
    for (let i = 0; i < cases.length && unanswered < MAX_UNANSWERED; i += BATCH) {
      // Some go twice at once: WeChat's retry of a request still in flight gets the same answer.
      const batch = cases.slice(i, i + BATCH).flatMap((c) => (c.index % RETRIED ? [c] : [c, c]));
      const settled = await Promise.allSettled(batch.map(send));
      const firstAnswer = new Map<FuzzCase, string>();
      settled.forEach((result, j) => {
        const c = batch[j]!;
        if (result.status === "rejected") {
          failures.push(failure(c, [`no answer: ${(result.reason as Error).message}`]));
          unanswered++;
          return;
        }
        const problems = judge(result.value);
        const answer = answerOf(result.value);
        const first = firstAnswer.get(c);
        if (first === undefined) firstAnswer.set(c, answer);
        else if (first !== answer) {
          problems.push(`the retry got ${clip(answer, 120)}, the first ${clip(first, 120)}`);
        }
        if (problems.length > 0) failures.push(failure(c, problems));
      });
    }
    for (const message of loggedErrors.slice(errorsBefore)) {
      failures.push(
        `WECHAT_FUZZ_SEED=${SEED} concurrent batch: server logged an error: ${clip(message, 400)}`,
      );
    }
    // One stored turn per case answered 200, retries included; none for a refused one.
    const answered = new Set(
      outcomes.filter((o) => o.status === 200 && o.fuzzCase.index >= CONCURRENT[0]!),
    );
    const added = turnRows().processed - before.processed;
    const distinct = new Set([...answered].map((o) => o.fuzzCase.index)).size;
    if (added !== distinct) {
      failures.push(`the concurrent cases stored ${added} turns for ${distinct} answered 200`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("afterwards: new followers get the flow's reply and the store is consistent", async () => {
    expect(unhandled).toEqual([]);
    // The server still serves, in both modes, from a clean state.
    const plain = await server.wechat.text(`o-fresh-${SEED}`, "hello");
    expect(plain.content).toBe("1:");
    const safe = server.fakeWechat({ appId: TEST_APP_ID, encodingAESKey: TEST_AES_KEY });
    expect((await safe.text(`o-fresh-safe-${SEED}`, "hello")).content).toBe("1:");
    await server.huashu.runtime.conversation.idle();

    const sql = database();
    expect(sql.pragma("integrity_check", { simple: true })).toBe("ok");
    // Each committed turn is one processed id and one logged incoming message; nothing half-done.
    const rows = turnRows();
    expect(rows.processed).toBe(rows.incoming);
    expect(await server.store.pendingTurns()).toEqual([]);
    const counters = await server.store.counters();
    expect(counters.messagesIn).toBe(rows.incoming);
    expect(
      sql
        .prepare(
          `SELECT openid FROM followers f WHERE messages_in !=
             (SELECT count(*) FROM messages m WHERE m.openid = f.openid AND m.direction = 'in')`,
        )
        .all(),
    ).toEqual([]);

    const unreadable: string[] = [];
    const attempt = (what: string, read: () => unknown) => {
      try {
        read();
      } catch (error) {
        unreadable.push(`${what}: ${(error as Error).message}`);
      }
    };
    for (const row of sql.prepare("SELECT openid, session FROM sessions").all() as Array<{
      openid: string;
      session: string;
    }>) {
      attempt(`session of ${row.openid}`, () => sessionFromJson(row.session, row.openid));
    }
    for (const row of sql.prepare("SELECT * FROM followers").all() as FollowerRow[]) {
      attempt(`follower ${row.openid}`, () => followerFromRow(row));
    }
    for (const row of sql.prepare("SELECT id, content FROM messages").all() as Array<{
      id: number;
      content: string;
    }>) {
      attempt(`message ${row.id}`, () => JSON.parse(row.content));
    }
    expect(unreadable).toEqual([]);

    // Every stored row that names a case names one that was answered 200; no entity expanded.
    const answered = new Set(outcomes.filter((o) => o.status === 200).map((o) => o.fuzzCase.index));
    const forbidden = [...new Set(outcomes.flatMap((o) => o.fuzzCase.forbidden))];
    const stored = sql
      .prepare(
        `SELECT 'messages' AS tbl, openid || ' ' || content AS text FROM messages
         UNION ALL SELECT 'followers', openid FROM followers
         UNION ALL SELECT 'sessions', openid || ' ' || session FROM sessions
         UNION ALL SELECT 'processed', dedup_key || ' ' || reply FROM processed
         UNION ALL SELECT 'outbound', openid || ' ' || payload FROM outbound`,
      )
      .all() as Array<{ tbl: string; text: string }>;
    const strays: string[] = [];
    for (const { tbl, text } of stored) {
      for (const index of caseTagsIn(SEED, text)) {
        if (!answered.has(index)) strays.push(`${tbl} row for refused case ${index}`);
      }
      for (const f of forbidden) if (text.includes(f)) strays.push(`${tbl} row expanded ${f}`);
    }
    expect([...new Set(strays)]).toEqual([]);
  }, 60_000);
});
