import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, tempDbPath } from "./runtime/testServer";

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

/** A request line no HTTP client would write, sent byte for byte; the whole answer as text. */
function sendRaw(s: TestServer, target: Buffer): Promise<string> {
  const { hostname, port } = new URL(s.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    socket.end(
      Buffer.concat([Buffer.from("GET "), target, Buffer.from(" HTTP/1.1\r\nHost: h\r\n\r\n")]),
    );
  });
}

describe("requests Node refuses before the app", () => {
  it("get a body saying why, not a bare status line", async () => {
    server = await startTestServer({ dbPath: db.path });
    const rawByte = await sendRaw(server, Buffer.from("/wechat?echostr=1\u00012", "latin1"));
    expect(rawByte).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(rawByte).toMatch(/\r\n\r\nnot a valid HTTP request: Invalid char in url query/);
    const huge = await sendRaw(server, Buffer.from(`/wechat?echostr=${"9".repeat(20_000)}`));
    expect(huge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(huge).toMatch(/\r\n\r\nrequest line and headers over 16 KiB/);
    // And the server goes on answering.
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
