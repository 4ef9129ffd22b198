import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackXml, textXml } from "../runtime/fakeWechatClient";
import { counterFlow } from "../runtime/testFlows";
import {
  startTestServer,
  TEST_AES_KEY,
  TEST_TOKEN,
  type TestServer,
  tempDbPath,
} from "../runtime/testServer";
import { sha1Signature } from "../wechat/signature";

// Every bad request gets its 4xx, stores nothing, and the next good request is answered.
const db = tempDbPath();
let server: TestServer;
const OTHER_APP_ID = "wx0000000000000000";

beforeAll(async () => {
  server = await startTestServer({
    dbPath: db.path,
    flows: [counterFlow],
    env: { WECHAT_APP_ID: "wxaaaaaaaaaaaaaaaa", WECHAT_ENCODING_AES_KEY: TEST_AES_KEY },
  });
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

async function storedCount(): Promise<number> {
  const c = await server.store.counters();
  return c.messagesIn + c.messagesOut;
}

async function expectRejected(
  request: { url: string; body: string },
  status: number,
  message: RegExp,
): Promise<void> {
  const before = await storedCount();
  const response = await fetch(request.url, { method: "POST", body: request.body });
  expect(response.status).toBe(status);
  expect(await response.text()).toMatch(message);
  expect(await storedCount()).toBe(before);
  const good = await server.wechat.text("o-good", `after ${status}`);
  expect(good.status).toBe(200);
  expect(good.content).toMatch(/^\d+:/);
}

describe("bad requests to POST /wechat", () => {
  it("wrong signature → 401", async () => {
    const signed = server.wechat.sign(textXml("o-bad", "hi"));
    await expectRejected(
      {
        url: signed.url.replace(/signature=[0-9a-f]+/, `signature=${"0".repeat(40)}`),
        body: signed.body,
      },
      401,
      /signature/,
    );
  });

  it("wrong msg_signature in safe mode → 401", async () => {
    const safe = server.fakeWechat({
      appId: "wxaaaaaaaaaaaaaaaa",
      encodingAESKey: TEST_AES_KEY,
    });
    const signed = safe.sign(textXml("o-bad", "hi"));
    await expectRejected(
      {
        url: signed.url.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${"1".repeat(40)}`),
        body: signed.body,
      },
      401,
      /signature/,
    );
  });

  it("message encrypted for another AppID → 403 naming WECHAT_APP_ID", async () => {
    const other = server.fakeWechat({ appId: OTHER_APP_ID, encodingAESKey: TEST_AES_KEY });
    await expectRejected(other.sign(textXml("o-bad", "hi")), 403, /WECHAT_APP_ID/);
  });

  it("malformed XML → 400", async () => {
    await expectRejected(
      server.wechat.sign("<xml><ToUserName>oops</xml>"),
      400,
      /not a WeChat message/,
    );
  });

  it("a DOCTYPE with an entity → 400, nothing expanded", async () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' +
      textXml("o-bad", "&b;").replace("<![CDATA[&b;]]>", "&b;");
    await expectRejected(server.wechat.sign(bomb), 400, /not a WeChat message/);
  });

  it("a FromUserName longer than the store keeps → 400, where it was a lost turn answered success", async () => {
    await expectRejected(
      server.wechat.sign(textXml(`o${"F".repeat(200)}`, "hi")),
      400,
      /not a WeChat message: FromUserName has 201 characters; an OpenID has at most 128/,
    );
  });

  it("a FromUserName with a character XML forbids → 400, where the reply went to another name", async () => {
    await expectRejected(
      server.wechat.sign(textXml("o\u0001bad", "hi")),
      400,
      /not a WeChat message: FromUserName contains U\+0001/,
    );
  });

  it("a body over 64 KiB → 413", async () => {
    const huge = textXml("o-bad", "x".repeat(70 * 1024));
    await expectRejected(server.wechat.sign(huge), 413, /64 KiB/);
  });

  it("a chunked body (no Content-Length) over 64 KiB → 413", async () => {
    const signed = server.wechat.sign(textXml("o-bad", "x".repeat(70 * 1024)));
    const before = await storedCount();
    const bytes = new TextEncoder().encode(signed.body);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const response = await fetch(signed.url, {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await storedCount()).toBe(before);
    expect((await server.wechat.text("o-good", "after chunked")).status).toBe(200);
  });

  it("a missing signature → 401, and a message without FromUserName → 400", async () => {
    // Stamped now: a timestamp far from the server's clock would be refused before the signature.
    const timestamp = String(Math.floor(server.now() / 1000));
    const nonce = "1";
    const signature = sha1Signature([TEST_TOKEN, timestamp, nonce]);
    await expectRejected(
      {
        url: `${server.wechatUrl}?timestamp=${timestamp}&nonce=${nonce}`,
        body: textXml("o-bad", "hi"),
      },
      401,
      /signature/,
    );
    await expectRejected(
      {
        url: `${server.wechatUrl}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
        body: callbackXml("", "text", { Content: "x", MsgId: "5" }),
      },
      400,
      /FromUserName/,
    );
  });
});
