import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startTestServer,
  TEST_AES_KEY,
  TEST_APP_ID,
  TEST_TOKEN,
  type TestServer,
  tempDbPath,
} from "../runtime/testServer";
import { encryptBytes } from "./wechatFuzzCases";
import { clip, range, FUZZ_SEED as SEED, watchErrors } from "./wechatFuzzHarness";
import { createRng } from "./wechatFuzzMutations";
import { createVerifyCases, type VerifyCase, wireTarget } from "./wechatVerifyFuzzCases";
import { type Expected, expectedAnswer, nodeRefusal, sign } from "./wechatVerifyFuzzOracle";

// Robustness of GET /wechat, WeChat's URL verification: seeded mutations of the query over real
// HTTP, to a server with WECHAT_ENCODING_AES_KEY (safe mode) and one without (plaintext). Only a
// verification valid in every part gets 200, and then exactly its echo; anything else gets a 4xx
// whose body names the fault. Never a 5xx, a hang or a logged error, and after every case the same
// server still answers a valid verification. A failure prints its seed and case;
// `WECHAT_FUZZ_SEED=<seed> npx vitest run <this file>` replays the same URLs.

/** A verification is answered at once: anything slower is a hang. */
const REQUEST_TIMEOUT_MS = 3_000;
/** Unanswered requests after which a phase stops, so its report comes before the test's timeout. */
const MAX_UNANSWERED = 3;

interface Outcome {
  status: number;
  contentType: string;
  body: Buffer;
}

const dbs = [tempDbPath(), tempDbPath()];
let keyed: TestServer;
let plain: TestServer;
const errors = watchErrors();
/** What every case was expected to get, to show the run reached each kind of answer. */
const expectedStatuses = new Map<number, number>();

beforeAll(async () => {
  errors.start();
  [keyed, plain] = await Promise.all([
    startTestServer({
      dbPath: dbs[0]!.path,
      env: { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
      deps: { logger: errors.logger },
    }),
    startTestServer({ dbPath: dbs[1]!.path, deps: { logger: errors.logger } }),
  ]);
});
afterAll(async () => {
  await Promise.all([keyed?.close(), plain?.close()]);
  for (const db of dbs) db.cleanup();
  errors.stop();
});

/** Byte for byte over a socket: what no HTTP client would send, Node must refuse itself. */
function sendRaw(server: TestServer, target: string): Promise<Outcome> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => {
      socket.destroy();
      reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`));
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const response = Buffer.concat(chunks);
      const split = response.indexOf("\r\n\r\n");
      const head = response.subarray(0, split < 0 ? response.length : split).toString("latin1");
      let body: Buffer = split < 0 ? Buffer.alloc(0) : response.subarray(split + 4);
      if (/^transfer-encoding:\s*chunked/im.test(head)) body = unchunk(body);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        contentType: /^content-type:\s*(.*)$/im.exec(head)?.[1] ?? "",
        body,
      });
    });
    socket.end(
      Buffer.concat([
        Buffer.from("GET "),
        Buffer.from(target, "utf8"),
        Buffer.from(` HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`),
      ]),
    );
  });
}

function unchunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

async function send(server: TestServer, target: string, raw: boolean): Promise<Outcome> {
  if (raw) return sendRaw(server, target);
  const response = await fetch(server.url + target, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    // Bytes, not text(): text() would drop a leading BOM and mend invalid UTF-8.
    body: Buffer.from(await response.arrayBuffer()),
  };
}

const serverOf = (c: VerifyCase) => (c.keyed ? keyed : plain);

function expectedFor(c: VerifyCase): Expected {
  const bytes = Buffer.from(c.raw ? c.target : wireTarget(c.target), "utf8");
  const query = new URL(c.target, "http://127.0.0.1").search.slice(1);
  return nodeRefusal(bytes, c.raw) ?? expectedAnswer(query, c.keyed);
}

function describeCase(c: VerifyCase): string {
  const how = `${c.mode}${c.raw ? ", raw" : ""} to the ${c.keyed ? "keyed" : "plain"} server`;
  return `WECHAT_FUZZ_SEED=${SEED} case ${c.index} (${how}: ${c.names.join(" + ")}) GET ${JSON.stringify(clip(c.target))}`;
}

/** What is wrong with one answer; empty when it is the expected one. */
function judge(expected: Expected, { status, contentType, body }: Outcome): string[] {
  const text = clip(body.toString("utf8"), 200);
  if (!expected.statuses.includes(status)) {
    return [`status ${status}, expected ${expected.statuses.join("/")} (${expected.why}): ${text}`];
  }
  if (status === 200) {
    const echo = Buffer.from(expected.echo ?? "", "utf8");
    const problems: string[] = [];
    if (!body.equals(echo)) {
      problems.push(
        `echoed ${JSON.stringify(text)}, expected ${JSON.stringify(clip(expected.echo ?? ""))}`,
      );
    }
    if (!/^text\/plain/.test(contentType)) problems.push(`echo sent as ${contentType}`);
    return problems;
  }
  return expected.says?.test(body.toString("utf8"))
    ? []
    : [`${status} does not name the fault (${expected.why}): ${JSON.stringify(text)}`];
}

let liveness = 0;
/** A valid verification, plain or (on the keyed server) encrypted, that must get its echo. */
async function stillVerifies(server: TestServer): Promise<string | undefined> {
  const echo = `alive-${++liveness}`;
  const timestamp = String(1_700_000_000 + liveness);
  const nonce = String(liveness);
  const query = new URLSearchParams({ timestamp, nonce });
  if (server === keyed && liveness % 2 === 0) {
    const echostr = encryptBytes(Buffer.from(echo), createRng(liveness));
    query.set("msg_signature", sign([TEST_TOKEN, timestamp, nonce, echostr]));
    query.set("echostr", echostr);
  } else {
    query.set("signature", sign([TEST_TOKEN, timestamp, nonce]));
    query.set("echostr", echo);
  }
  try {
    const outcome = await send(server, `/wechat?${query}`, false);
    const problems = judge({ statuses: [200], echo, why: "valid" }, outcome);
    return problems.length > 0 ? `a valid verification afterwards: ${problems[0]}` : undefined;
  } catch (error) {
    return `a valid verification afterwards got no answer: ${(error as Error).message}`;
  }
}

async function tryCase(c: VerifyCase): Promise<{ problems: string[]; unanswered: boolean }> {
  const expected = expectedFor(c);
  for (const status of expected.statuses) {
    expectedStatuses.set(status, (expectedStatuses.get(status) ?? 0) + 1);
  }
  try {
    return {
      problems: judge(expected, await send(serverOf(c), c.target, c.raw)),
      unanswered: false,
    };
  } catch (error) {
    return { problems: [`no answer: ${(error as Error).message}`], unanswered: true };
  }
}

/** One by one: each case judged, then the server it went to must still verify. */
async function runSequentially(cases: VerifyCase[]): Promise<string[]> {
  const failures: string[] = [];
  let unanswered = 0;
  for (const c of cases) {
    if (unanswered >= MAX_UNANSWERED) {
      failures.push(`stopped after ${unanswered} unanswered requests`);
      break;
    }
    const errorsBefore = errors.loggedErrors.length;
    const outcome = await tryCase(c);
    const problems = outcome.problems;
    if (outcome.unanswered) unanswered++;
    const after = await stillVerifies(serverOf(c));
    if (after) problems.push(after);
    for (const message of errors.loggedErrors.slice(errorsBefore)) {
      problems.push(`server logged an error: ${message}`);
    }
    if (problems.length > 0) {
      failures.push(`${describeCase(c)}\n    ${problems.map((p) => clip(p, 400)).join("\n    ")}`);
    }
  }
  return failures;
}

/** Case numbers: each kind its own range, so a case number names one request. */
const PLAIN = range(0, 300);
const SAFE = range(10_000, 300);
const CONCURRENT = range(20_000, 160);
const BATCH = 20;

describe(`GET /wechat under mutated queries (WECHAT_FUZZ_SEED=${SEED})`, () => {
  it("plaintext verification: only a valid one is echoed, anything else is a 4xx naming its fault", async () => {
    const { plainCase } = createVerifyCases(SEED);
    expect(await runSequentially(PLAIN.map(plainCase))).toEqual([]);
  }, 60_000);

  it("safe mode: msg_signature checked, echostr decrypted, AppID and framing checked", async () => {
    const { safeCase } = createVerifyCases(SEED);
    expect(await runSequentially(SAFE.map(safeCase))).toEqual([]);
  }, 60_000);

  it("a share of them at once, to both servers and in both modes", async () => {
    const { plainCase, safeCase } = createVerifyCases(SEED);
    const cases = CONCURRENT.map((index) => (index % 2 ? plainCase(index) : safeCase(index)));
    const failures: string[] = [];
    const errorsBefore = errors.loggedErrors.length;
    for (let i = 0; i < cases.length; i += BATCH) {
      const batch = cases.slice(i, i + BATCH);
      const outcomes = await Promise.all(batch.map(tryCase));
      outcomes.forEach(({ problems }, j) => {
        if (problems.length > 0)
          failures.push(`${describeCase(batch[j]!)}\n    ${problems.join("\n    ")}`);
      });
      if (outcomes.filter((o) => o.unanswered).length >= MAX_UNANSWERED) break;
    }
    for (const message of errors.loggedErrors.slice(errorsBefore)) {
      failures.push(
        `WECHAT_FUZZ_SEED=${SEED} concurrent batch: server logged an error: ${clip(message, 400)}`,
      );
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("afterwards: both servers verify in both modes, nothing was left unhandled, every kind of answer was tried", async () => {
    expect(errors.unhandled).toEqual([]);
    for (const server of [keyed, plain, keyed]) expect(await stillVerifies(server)).toBeUndefined();
    // A seed whose cases never reach a status would test less than it seems to.
    for (const status of [200, 400, 401, 403, 431]) {
      expect(expectedStatuses.get(status) ?? 0, `cases expected to get ${status}`).toBeGreaterThan(
        0,
      );
    }
  });
});
