// Real requests for `--http real`: JSON bodies, error statuses, timeouts and refused connections.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpEffect } from "../../shared/transcript";
import { performHttp } from "./performHttp";

let server: Server;
let base = "";
const seen: Array<{ method?: string; body: string; token?: string; key?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push({
        method: req.method,
        body,
        token: req.headers["x-token"] as string | undefined,
        key: req.headers["idempotency-key"] as string | undefined,
      });
      if (req.url === "/slow") return void setTimeout(() => res.end("{}"), 1000);
      if (req.url === "/missing") {
        res.statusCode = 404;
        return void res.end("not here");
      }
      if (req.url === "/text") return void res.end("plain words");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: { status: "已签收" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function effect(path: string, extra: Partial<HttpEffect> = {}): HttpEffect {
  return {
    type: "http",
    requestId: "r1",
    nodeId: "lookup",
    method: "GET",
    url: `${base}${path}`,
    headers: {},
    body: "",
    timeoutMs: 3000,
    ...extra,
  };
}

describe("performHttp", () => {
  it("returns the parsed JSON body, sending method, headers and body", async () => {
    const result = await performHttp(
      effect("/orders/1", { method: "POST", headers: { "X-Token": "t" }, body: '{"a":1}' }),
    );
    expect(result).toEqual({ ok: true, status: 200, body: { data: { status: "已签收" } } });
    expect(seen.at(-1)).toMatchObject({ method: "POST", body: '{"a":1}', token: "t" });
  });

  it("sends a random Idempotency-Key per request, unless the node sets one", async () => {
    await performHttp(effect("/orders/1"));
    await performHttp(effect("/orders/1"));
    const [first, second] = seen.slice(-2).map((s) => s.key);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
    await performHttp(effect("/orders/1", { headers: { "Idempotency-Key": "order-1" } }));
    expect(seen.at(-1)?.key).toBe("order-1");
  });

  it("keeps a non-JSON body as text", async () => {
    expect(await performHttp(effect("/text"))).toEqual({
      ok: true,
      status: 200,
      body: "plain words",
    });
  });

  it("fails with the status on an error response", async () => {
    expect(await performHttp(effect("/missing"))).toEqual({
      ok: false,
      reason: "status",
      status: 404,
    });
  });

  it("fails as a timeout when the server is too slow", async () => {
    expect(await performHttp(effect("/slow", { timeoutMs: 100 }))).toMatchObject({
      ok: false,
      reason: "timeout",
    });
  });

  it("fails as a network error when nothing listens", async () => {
    const result = await performHttp({ ...effect(""), url: "http://127.0.0.1:1/x" });
    expect(result).toMatchObject({ ok: false, reason: "network" });
  });
});
