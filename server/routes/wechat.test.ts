import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callbackXml, type FakeWechat, textXml } from "../runtime/fakeWechatClient";
import { buildFlow, counterFlow, handoffFlow, threeFlow } from "../runtime/testFlows";
import {
  startTestServer,
  TEST_AES_KEY,
  TEST_APP_ID,
  TEST_TOKEN,
  type TestServer,
  tempDbPath,
} from "../runtime/testServer";
import { createWechatCrypto } from "../wechat/crypto";
import { sha1Signature } from "../wechat/signature";

let db: ReturnType<typeof tempDbPath>;
let server: TestServer | undefined;

beforeEach(() => {
  db = tempDbPath();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  db.cleanup();
});

/** WeChat in safe mode towards the server, with the test AppID and key. */
function safeModeClient(s: TestServer) {
  return s.fakeWechat({ appId: TEST_APP_ID, encodingAESKey: TEST_AES_KEY });
}

/** A compatible-mode request: the message's plaintext fields and its <Encrypt>, as WeChat sends it. */
function compatibleRequest(client: FakeWechat, xml: string) {
  const signed = client.sign(xml);
  const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(signed.body)?.[1] ?? "";
  const compatible = xml.replace("</xml>", `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
  return { signed, compatible, encrypt };
}

/** GET /wechat with each query, as status and body: for the refusals of URL verification. */
async function verifications(s: TestServer, queries: string[]) {
  const answers: Array<{ query: string; status: number; body: string }> = [];
  for (const query of queries) {
    const response = await fetch(`${s.wechatUrl}?${query}`);
    answers.push({ query, status: response.status, body: await response.text() });
  }
  return answers;
}

async function messageCount(s: TestServer, openid: string): Promise<number> {
  return (await s.store.listMessages(openid, 10_000)).length;
}

describe("GET /wechat URL verification", () => {
  it("answers echostr for WeChat's documented signature and 401 for a wrong one", async () => {
    server = await startTestServer({ dbPath: db.path, env: { WECHAT_TOKEN: "AAAAA" } });
    const good = await fetch(
      `${server.wechatUrl}?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249`,
    );
    expect(good.status).toBe(200);
    expect(good.headers.get("content-type")).toMatch(/text\/plain/);
    expect(good.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await good.text()).toBe("4375120948345356249");
    const bad = await fetch(
      `${server.wechatUrl}?signature=899cf89e464efb63f54ddac96b0a0a235f53aa78&timestamp=1714036504&nonce=1514711492&echostr=1`,
    );
    expect(bad.status).toBe(401);
    expect(await bad.text()).toMatch(/WECHAT_TOKEN/);
  });

  it("answers at /wechat/ too, as an operator may enter the URL with a trailing slash", async () => {
    server = await startTestServer({ dbPath: db.path, env: { WECHAT_TOKEN: "AAAAA" } });
    const query =
      "signature=f464b24fc39322e44b38aa78f5edd27bd1441696&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249";
    const slash = await fetch(`${server.wechatUrl}/?${query}`);
    expect(slash.status).toBe(200);
    expect(await slash.text()).toBe("4375120948345356249");
  });

  it("decrypts an encrypted echostr in safe mode", async () => {
    server = await startTestServer({
      dbPath: db.path,
      env: { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
    });
    const crypto = createWechatCrypto({
      token: TEST_TOKEN,
      appId: TEST_APP_ID,
      encodingAESKey: TEST_AES_KEY,
    });
    const { encrypt, msgSignature } = crypto.encrypt("echo-42", {
      timestamp: "1411525903",
      nonce: "461056294",
    });
    const q = new URLSearchParams({
      msg_signature: msgSignature,
      timestamp: "1411525903",
      nonce: "461056294",
      echostr: encrypt,
    });
    const response = await fetch(`${server.wechatUrl}?${q}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("echo-42");
    q.set("msg_signature", "0".repeat(40));
    expect((await fetch(`${server.wechatUrl}?${q}`)).status).toBe(401);
  });

  it("names echostr when a safe-mode verification does not open", async () => {
    server = await startTestServer({
      dbPath: db.path,
      env: { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
    });
    const [timestamp, nonce] = ["1411525903", "461056294"];
    const signed = (echostr: string) =>
      new URLSearchParams({
        msg_signature: sha1Signature([TEST_TOKEN, timestamp, nonce, echostr]),
        timestamp,
        nonce,
        echostr,
      }).toString();
    const sealed = (appId: string, encodingAESKey: string) =>
      createWechatCrypto({ token: TEST_TOKEN, appId, encodingAESKey }).encrypt("echo-42", {
        timestamp,
        nonce,
        random16: Buffer.alloc(16, 7),
      }).encrypt;
    const answers = await verifications(server, [
      signed("not*base64"),
      signed(sealed(TEST_APP_ID, `${"A".repeat(42)}E`)),
      signed(sealed("wx0000000000000000", TEST_AES_KEY)),
    ]);
    expect(answers.map(({ status, body }) => [status, body])).toEqual([
      [400, "not a WeChat URL verification: echostr is not base64 of whole AES blocks."],
      [400, "cannot decrypt echostr: check WECHAT_ENCODING_AES_KEY"],
      [403, "echostr encrypted for another AppID: check WECHAT_APP_ID"],
    ]);
  });

  it("refuses a verification missing a parameter or with one empty, naming it, instead of echoing nothing", async () => {
    server = await startTestServer({
      dbPath: db.path,
      env: { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
    });
    const signature = sha1Signature([TEST_TOKEN, "1", "2"]);
    const answers = await verifications(server, [
      `signature=${signature}&timestamp=1&nonce=2`,
      `signature=${signature}&timestamp=1&nonce=2&echostr=`,
      // Signed over an empty timestamp: still not a verification WeChat sends.
      `signature=${sha1Signature([TEST_TOKEN, "", "2"])}&nonce=2&echostr=3`,
      // An empty msg_signature does not make a safe-mode verification a plaintext one.
      `msg_signature=&signature=${signature}&timestamp=1&nonce=2&echostr=3`,
    ]);
    expect(answers.map(({ status, body }) => [status, body.split(":")[1]])).toEqual([
      [400, " echostr is missing"],
      [400, " echostr is empty"],
      [400, " timestamp is missing"],
      [400, " msg_signature is empty"],
    ]);
  });

  it("refuses a parameter given twice, naming it, instead of reading the first", async () => {
    server = await startTestServer({ dbPath: db.path });
    const signature = sha1Signature([TEST_TOKEN, "1", "2"]);
    const answers = await verifications(server, [
      `signature=${signature}&signature=${"0".repeat(40)}&timestamp=1&nonce=2&echostr=3`,
      `signature=${signature}&timestamp=1&nonce=2&echostr=3&echostr=4`,
      // The same name, percent-encoded.
      `signature=${signature}&timestamp=1&nonce=2&echostr=3&%65chostr=3`,
    ]);
    expect(answers.map(({ status, body }) => [status, body.split(":")[1]])).toEqual([
      [400, " signature appears 2 times in the query"],
      [400, " echostr appears 2 times in the query"],
      [400, " echostr appears 2 times in the query"],
    ]);
  });

  it("refuses a parameter that is not valid percent-encoded UTF-8 instead of echoing it as written", async () => {
    server = await startTestServer({ dbPath: db.path });
    const signature = sha1Signature([TEST_TOKEN, "1", "2"]);
    const answers = await verifications(server, [
      `signature=${signature}&timestamp=1&nonce=2&echostr=%zz`,
      // Half a character, and an encoded surrogate: no UTF-8 text reads so.
      `signature=${signature}&timestamp=1&nonce=2&echostr=12%E4%B8`,
      `signature=${signature}&timestamp=1&nonce=2&echostr=%ED%A0%80`,
      `signature=${sha1Signature([TEST_TOKEN, "1%", "2"])}&timestamp=1%&nonce=2&echostr=3`,
    ]);
    expect(answers.map(({ status, body }) => [status, body.split(":")[1]])).toEqual([
      [400, " echostr is not valid percent-encoded UTF-8"],
      [400, " echostr is not valid percent-encoded UTF-8"],
      [400, " echostr is not valid percent-encoded UTF-8"],
      [400, " timestamp is not valid percent-encoded UTF-8"],
    ]);
  });

  it("refuses a parameter holding a control character instead of echoing it", async () => {
    server = await startTestServer({ dbPath: db.path });
    const signature = sha1Signature([TEST_TOKEN, "1", "2"]);
    const answers = await verifications(server, [
      `signature=${signature}&timestamp=1&nonce=2&echostr=%00`,
      `signature=${signature}&timestamp=1&nonce=2&echostr=1%0D%0ASet-Cookie%3A%20x`,
      `signature=${sha1Signature([TEST_TOKEN, "1", "2\u007f"])}&timestamp=1&nonce=2%7F&echostr=3`,
    ]);
    expect(answers.map(({ status, body }) => [status, body.split(":")[1]])).toEqual([
      [400, " echostr contains a control character (U+0000)"],
      [400, " echostr contains a control character (U+000D)"],
      [400, " nonce contains a control character (U+007F)"],
    ]);
  });

  it("answers 503 saying what to set when WECHAT_TOKEN is missing", async () => {
    server = await startTestServer({ dbPath: db.path, env: { WECHAT_TOKEN: "" } });
    const response = await fetch(`${server.wechatUrl}?signature=x&timestamp=1&nonce=2&echostr=3`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/WECHAT_TOKEN/);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, wechat: "off" });
  });
});

describe("POST /wechat", () => {
  it("answers plaintext while a key is set, and tells the operator once that WeChat still sends plaintext", async () => {
    const warnings: string[] = [];
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow],
      env: { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
      deps: { logger: { info() {}, warn: (m) => warnings.push(m), error() {} } },
    });
    // Encrypted: nothing to say.
    expect((await safeModeClient(server).text("o-safe", "hi")).content).toBe("1:");
    expect(warnings).toEqual([]);
    // The account is still in 明文模式 in WeChat's admin: answered, and said once.
    expect((await server.wechat.text("o-still-plain", "hi")).content).toBe("1:");
    expect((await server.wechat.text("o-still-plain", "again")).content).toBe("2:again");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/plaintext.*WECHAT_ENCODING_AES_KEY.*安全模式/);
  });

  it("answers wechatpy's published safe-mode message on a clock of its day, and refuses it today", async () => {
    // The decryption vector of the protocol notes: a request WeChat signed in September 2014.
    const [token, timestamp, nonce] = ["123456", "1411525903", "461056294"];
    const query = new URLSearchParams({
      signature: sha1Signature([token, timestamp, nonce]),
      timestamp,
      nonce,
      encrypt_type: "aes",
      msg_signature: "74d92dfeb87ba7c714f89d98870ae5eb62dff26d",
    });
    const body = `<xml><ToUserName><![CDATA[${TEST_APP_ID}]]></ToUserName><Encrypt><![CDATA[RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=]]></Encrypt></xml>`;
    const env = {
      WECHAT_TOKEN: token,
      WECHAT_APP_ID: TEST_APP_ID,
      WECHAT_ENCODING_AES_KEY: TEST_AES_KEY,
    };
    // A minute after WeChat sent it.
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow],
      env,
      deps: { now: () => Number(timestamp) * 1000 + 60_000 },
    });
    const then = await fetch(`${server.wechatUrl}?${query}`, { method: "POST", body });
    expect(then.status).toBe(200);
    const opened = server.fakeWechat({ token, appId: TEST_APP_ID, encodingAESKey: TEST_AES_KEY });
    const reply = opened.open(await then.text());
    expect(reply).toContain("<ToUserName><![CDATA[messense]]></ToUserName>");
    expect(reply).toContain("<Content><![CDATA[1:]]></Content>");
    await server.close();
    server = undefined;

    // Today the same signed bytes are an old request sent again: refused, nothing stored. (Within
    // the hour of 02:31 UTC the distance is whole days, and says no hours.)
    server = await startTestServer({ dbPath: db.path, env });
    const today = await fetch(`${server.wechatUrl}?${query}`, { method: "POST", body });
    expect(today.status).toBe(403);
    expect(await today.text()).toMatch(
      /^timestamp 1411525903 \(2014-09-24T02:31:43Z\) is more than 11 hours from this server's clock, which reads \S+, \d+ days( \d+ hours?)? ahead of it: refused/,
    );
    expect(await messageCount(server, "messense")).toBe(2);
  });

  it("answers a plaintext text message with the flow's reply", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    const first = await server.wechat.text("o-plain", "hello");
    expect(first.status).toBe(200);
    expect(first.msgType).toBe("text");
    expect(first.content).toBe("1:");
    const second = await server.wechat.text("o-plain", "again");
    expect(second.content).toBe("2:again");
    expect(second.xml).toContain("<ToUserName><![CDATA[o-plain]]></ToUserName>");
  });

  it("answers in safe mode with an encrypted reply that verifies and decrypts", async () => {
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow],
      env: { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
    });
    const safe = safeModeClient(server);
    const reply = await safe.text("o-safe", "hi");
    expect(reply.status).toBe(200);
    expect(reply.raw).toContain("<Encrypt>");
    expect(reply.raw).toContain("<MsgSignature>");
    expect(reply.content).toBe("1:");
  });

  it("answers in compatible mode (plaintext fields plus Encrypt) with an encrypted reply", async () => {
    server = await startTestServer({
      dbPath: db.path,
      flows: [counterFlow],
      env: { WECHAT_APP_ID: TEST_APP_ID, WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
    });
    const safe = safeModeClient(server);
    const { signed, compatible } = compatibleRequest(safe, textXml("o-compat", "hi"));
    const response = await fetch(signed.url, { method: "POST", body: compatible });
    expect(response.status).toBe(200);
    const opened = safe.open(await response.text());
    expect(opened).toContain("<Content><![CDATA[1:]]></Content>");
    // The plaintext mode still works on an account with a key: WeChat's "compatible" mode allows both.
    expect((await server.wechat.text("o-compat", "plain too")).content).toBe("2:plain too");
  });

  it("answers compatible mode in plaintext while WECHAT_ENCODING_AES_KEY is not set yet", async () => {
    // The operator switched the account to compatible mode (兼容模式) before configuring the key.
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    const withKey = safeModeClient(server);
    const { signed, compatible, encrypt } = compatibleRequest(
      withKey,
      textXml("o-compat-nokey", "hi"),
    );
    const response = await fetch(signed.url, { method: "POST", body: compatible });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain("<Content><![CDATA[1:]]></Content>");
    expect(body).not.toContain("<Encrypt>");
    const logged = await server.store.listMessages("o-compat-nokey", 10);
    expect(logged.find((m) => m.direction === "in")?.content).not.toContain(encrypt);

    // The plain signature is still checked: a wrong token is refused and nothing is stored.
    const forged = new URL(signed.url);
    forged.searchParams.set("signature", "0".repeat(40));
    const refused = await fetch(forged, { method: "POST", body: compatible });
    expect(refused.status).toBe(401);
    expect(await messageCount(server, "o-compat-nokey")).toBe(2);
  });

  it("refuses safe mode without WECHAT_ENCODING_AES_KEY with a 400 that names the setting", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    const safe = safeModeClient(server);
    const reply = await safe.text("o-safe-nokey", "hi");
    expect(reply.status).toBe(400);
    expect(reply.raw).toMatch(/WECHAT_ENCODING_AES_KEY is not set/);
    expect(await messageCount(server, "o-safe-nokey")).toBe(0);
    expect((await server.wechat.text("o-safe-nokey", "plain")).content).toBe("1:");
  });

  it("hands over to customer service with the KfAccount", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow, handoffFlow] });
    const reply = await server.wechat.text("o-human", "人工");
    expect(reply.msgType).toBe("transfer_customer_service");
    expect(reply.kfAccount).toBe("kf2001@gh_test");
  });

  it("gives the follower back to the flows when the agent closes the customer-service session", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow, handoffFlow] });
    expect((await server.wechat.text("o-kf", "人工")).msgType).toBe("transfer_customer_service");
    expect((await server.wechat.text("o-kf", "还在吗")).msgType).toBe("transfer_customer_service");
    const before = await server.store.getFollower("o-kf");

    const closed = await server.wechat.post(
      callbackXml("o-kf", "event", { Event: "kf_close_session", KfAccount: "kf2001@gh_test" }),
    );
    expect(closed.xml).toBe("success");
    expect(await server.store.getSession("o-kf")).toMatchObject({
      flowId: "human",
      status: "done",
    });
    const logged = (await server.store.listMessages("o-kf", 100)).at(-1);
    expect(logged).toMatchObject({ direction: "in", msgType: "event" });
    expect(JSON.parse(logged?.content ?? "{}")).toMatchObject({
      Event: "kf_close_session",
      KfAccount: "kf2001@gh_test",
    });
    // The agent's event is not the follower writing: it opens no customer-service window.
    const after = await server.store.getFollower("o-kf");
    expect(after?.lastMessageAt).toBe(before?.lastMessageAt);
    expect(after?.lastEventAt).toBe(before?.lastEventAt);

    const next = await server.wechat.text("o-kf", "你好");
    expect(next.msgType).toBe("text");
    expect(next.content).toBe("1:");
  });

  it("answers three identical concurrent requests once: one state advance, identical replies", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    await server.wechat.text("o-dup", "start");
    const signed = server.wechat.sign(textXml("o-dup", "same", "900001"));
    const replies = await Promise.all(
      [1, 2, 3].map(() =>
        fetch(signed.url, { method: "POST", body: signed.body }).then((r) => r.text()),
      ),
    );
    expect(new Set(replies).size).toBe(1);
    expect(replies[0]).toContain("2:same");
    // A retry after completion gets the stored reply, and the next new message counts 3.
    const late = await fetch(signed.url, { method: "POST", body: signed.body }).then((r) =>
      r.text(),
    );
    expect(late).toBe(replies[0]);
    expect((await server.wechat.text("o-dup", "next")).content).toBe("3:next");
    expect(await messageCount(server, "o-dup")).toBe(6);
  });

  it("keeps two followers' messages apart when they carry the same MsgId", async () => {
    // WeChat's MsgIds are unique; a forged or corrupted one must still not make one follower's
    // message pass for another's retry: lost, and answered with the other follower's reply.
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    const first = await server.wechat.text("o-msgid-a", "from a", "900002");
    const second = await server.wechat.text("o-msgid-b", "from b", "900002");
    expect(first.content).toBe("1:");
    expect(second.content).toBe("1:");
    expect(second.xml).toContain("<ToUserName><![CDATA[o-msgid-b]]></ToUserName>");
    expect(await messageCount(server, "o-msgid-b")).toBe(2);
    // A retry from the same follower is still answered once.
    expect((await server.wechat.text("o-msgid-b", "from b", "900002")).xml).toBe(second.xml);
    expect(await messageCount(server, "o-msgid-b")).toBe(2);
  });

  it("logs two template results for one follower in the same second, and a retry of one once", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    // Two template messages sent back to back can finish in the same second: only MsgID differs.
    const finished = (msgId: string, status: string) =>
      server!.wechat.sign(
        callbackXml(
          "o-tpl",
          "event",
          { Event: "TEMPLATESENDJOBFINISH", MsgID: msgId, Status: status },
          { createTime: 1714036504 },
        ),
      );
    const first = finished("1001", "success");
    const second = finished("1002", "failed:user block");
    for (const request of [first, second, first]) {
      const response = await fetch(request.url, { method: "POST", body: request.body });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("success");
    }
    const logged = (await server.store.listMessages("o-tpl", 100))
      .filter((m) => m.direction === "in")
      .map((m) => (JSON.parse(m.content) as { Status?: string }).Status);
    expect(logged.sort()).toEqual(["failed:user block", "success"]);
  });

  it("never sends a text whose variables all rendered empty: success, or the next message", async () => {
    const empty = buildFlow("empty", {
      triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "券", global: true }],
      variables: [{ name: "coupon", type: "string", default: "" }],
      nodes: [
        { id: "m", kind: "message", messages: [{ type: "text", text: "{{coupon}}" }] },
        {
          id: "n",
          kind: "message",
          messages: [
            { type: "text", text: "{{coupon}}" },
            { type: "text", text: "暂无可用优惠券" },
          ],
        },
      ],
      edges: [["m", "next", "n"]],
    });
    const nothing = buildFlow("nothing", {
      triggers: [{ id: "t", type: "keyword", match: "exact", pattern: "空", global: true }],
      nodes: [{ id: "m", kind: "message", messages: [{ type: "text", text: "{{missing}}" }] }],
    });
    server = await startTestServer({ dbPath: db.path, flows: [empty, nothing] });
    // WeChat shows "该公众号暂时无法提供服务" for an empty <Content>: the first message left is the reply.
    const reply = await server.wechat.text("o-empty", "券");
    expect(reply.content).toBe("暂无可用优惠券");
    expect((await server.wechat.text("o-nothing", "空")).xml).toBe("success");
    await server.huashu.runtime.outbound.drain();
    const out = (await server.store.listMessages("o-empty", 100)).filter(
      (m) => m.direction === "out",
    );
    expect(out.map((m) => JSON.parse(m.content).text)).toEqual(["暂无可用优惠券"]);
  });

  it("handles 50 concurrent messages from one follower in arrival order", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow] });
    await server.wechat.text("o-burst", "start");
    // Sent one after another without waiting: arrival order is send order on one connection pool.
    const pending: Promise<{ content?: string }>[] = [];
    for (let i = 0; i < 50; i++) {
      pending.push(server.wechat.text("o-burst", `m${i}`));
      await new Promise((r) => setImmediate(r));
    }
    const replies = await Promise.all(pending);
    const counts = replies.map((r) => Number(r.content?.split(":")[0]));
    expect(new Set(counts).size).toBe(50);
    expect(Math.max(...counts)).toBe(51);
    // Each reply names the message it answered, and the counter moved once per message.
    for (const r of replies) expect(r.content).toMatch(/^\d+:m\d+$/);
    const log = await server.store.listMessages("o-burst", 1000);
    const incoming = log
      .filter((m) => m.direction === "in")
      .map((m) => JSON.parse(m.content).Content);
    const outgoing = log
      .filter((m) => m.direction === "out")
      .map((m) => JSON.parse(m.content).text as string);
    expect(outgoing.slice(1)).toEqual(incoming.slice(1).map((text, i) => `${i + 2}:${text}`));
  });

  it("sends the first of three messages passively and the other two through the customer-service API", async () => {
    server = await startTestServer({ dbPath: db.path, flows: [counterFlow, threeFlow] });
    const reply = await server.wechat.text("o-three", "three");
    expect(reply.content).toBe("one");
    const log = await server.store.listMessages("o-three", 100);
    const out = log.filter((m) => m.direction === "out");
    expect(out.map((m) => [m.channel, JSON.parse(m.content).text])).toEqual([
      ["passive", "one"],
      ["custom", "two"],
      ["custom", "three"],
    ]);
  });
});
