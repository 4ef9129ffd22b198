import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_TTL_MS } from "../auth/adminAuth";
import { type ApiTestKit, createApiTestKit, sampleFlow, TEST_PASSWORD } from "./apiTestKit";

let kit: ApiTestKit;
beforeEach(async () => {
  kit = await createApiTestKit();
});
afterEach(() => kit.close());

const OPEN_ROUTES = new Set(["/api/login", "/api/logout", "/api/session"]);

/** Every route the API registers (taken from the router, so a new route cannot be forgotten). */
function protectedRoutes(): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  return kit.app.routes
    .filter((r) => r.method !== "ALL" && !OPEN_ROUTES.has(r.path))
    .map((r) => ({
      method: r.method,
      path: r.path.replace(":trashId", "greeting.1").replace(":id", "greeting").replace(":v", "1"),
    }))
    .filter((r) => {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function login(password: string) {
  return kit.call("POST", "/api/login", { password }, { cookie: null });
}

describe("without a session", () => {
  it("every admin route answers 401 with no data", async () => {
    // A real flow exists, so a leak would have something to leak.
    await kit.login();
    await kit.call("POST", "/api/flows/import", sampleFlow());
    const routes = protectedRoutes();
    // The contract's routes are all there (the simulator's are added later and covered the same way).
    const contract = [
      "GET /api/flows",
      "POST /api/flows",
      "GET /api/flows/greeting",
      "PUT /api/flows/greeting",
      "POST /api/flows/greeting/duplicate",
      "DELETE /api/flows/greeting",
      "GET /api/trash",
      "POST /api/trash/greeting.1/restore",
      "POST /api/flows/import",
      "GET /api/flows/greeting/export",
      "POST /api/flows/greeting/validate",
      "POST /api/flows/greeting/publish",
      "GET /api/flows/greeting/versions",
      "GET /api/flows/greeting/versions/1",
      "POST /api/flows/greeting/rollback",
      "GET /api/templates",
    ];
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(contract));
    for (const { method, path } of routes) {
      const res = await kit.call(method, path, method === "GET" ? undefined : {}, { cookie: null });
      expect(res.status, `${method} ${path}`).toBe(401);
      const body = await res.json();
      expect(Object.keys(body), `${method} ${path}`).toEqual(["error"]);
      expect(body.error.code).toBe("unauthorized");
      expect(JSON.stringify(body)).not.toContain("greeting");
    }
  });

  it("an unknown /api path is 401 too, so the route list is not disclosed", async () => {
    expect((await kit.call("GET", "/api/nope", undefined, { cookie: null })).status).toBe(401);
  });

  it("GET /api/session says not authenticated", async () => {
    const res = await kit.call("GET", "/api/session", undefined, { cookie: null });
    expect(await res.json()).toEqual({ authenticated: false });
  });
});

describe("POST /api/login", () => {
  it("a wrong password is 401 and sets no cookie", async () => {
    const res = await login("wrong");
    expect(res.status).toBe(401);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect((await res.json()).error.code).toBe("wrong_password");
  });

  it("a missing password is 400 naming the field", async () => {
    const res = await kit.call("POST", "/api/login", {}, { cookie: null });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues[0].field).toBe("password");
  });

  it("the right password sets an HttpOnly, SameSite=Strict session cookie that opens the API", async () => {
    const res = await login(TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^huashu_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = setCookie.split(";")[0] as string;
    expect((await kit.call("GET", "/api/flows", undefined, { cookie })).status).toBe(200);
    expect(await (await kit.call("GET", "/api/session", undefined, { cookie })).json()).toEqual({
      authenticated: true,
    });
  });

  it("marks the cookie Secure when the request came over https", async () => {
    const res = await kit.app.request("https://admin.example.com/api/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ password: TEST_PASSWORD }),
    });
    expect(res.headers.get("Set-Cookie")).toMatch(/Secure/);
    const proxied = await kit.app.request("/api/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-Proto": "https" },
      body: JSON.stringify({ password: TEST_PASSWORD }),
    });
    expect(proxied.headers.get("Set-Cookie")).toMatch(/Secure/);
  });

  it("after 5 failures answers 429 with Retry-After, even for the right password, until the window passes", async () => {
    for (let i = 0; i < 5; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    const blocked = await login(TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(blocked.headers.get("Set-Cookie")).toBeNull();
    expect((await blocked.json()).error.code).toBe("rate_limited");

    kit.clock.now += 15 * 60 * 1000;
    expect((await login(TEST_PASSWORD)).status).toBe(200);
  });

  it("guesses sent all at once are limited too: only 5 are checked, the rest answer 429", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(`wrong-${i}`).then((res) => res.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect((await login(TEST_PASSWORD)).status).toBe(429);
  });

  const loginFrom = (forwardedFor: string, password: string) =>
    kit.app.request("/api/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": forwardedFor },
      body: JSON.stringify({ password }),
    });

  it("ignores X-Forwarded-For unless told a proxy is in front: a guesser cannot escape the limit", async () => {
    for (let i = 0; i < 5; i++) expect((await loginFrom(`10.0.0.${i}`, "wrong")).status).toBe(401);
    expect((await loginFrom("10.0.0.99", TEST_PASSWORD)).status).toBe(429);
    // The operator is told, once, that every client now counts as the proxy.
    expect(kit.warnings).toEqual([expect.stringMatching(/X-Forwarded-For.*HUASHU_TRUST_PROXY=1/)]);
  });

  const loginAt = (remoteAddress: string, password: string) =>
    kit.app.request(
      "/api/login",
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ password }),
      },
      { incoming: { socket: { remoteAddress } } },
    );

  it("counts an IPv6 client by its /64: a guesser cannot take a new address for each try", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await loginAt(`2001:db8:1:2::${i + 1}`, "wrong")).status).toBe(401);
    }
    expect((await loginAt("2001:db8:1:2:ffff::9", TEST_PASSWORD)).status).toBe(429);
    expect((await loginAt("2001:db8:1:3::1", TEST_PASSWORD)).status).toBe(200);
    // IPv4 clients of a dual-stack socket (::ffff:a.b.c.d) still count one by one.
    for (let i = 0; i < 5; i++)
      expect((await loginAt("::ffff:192.0.2.1", "wrong")).status).toBe(401);
    expect((await loginAt("::ffff:192.0.2.2", TEST_PASSWORD)).status).toBe(200);
  });

  it("says nothing about X-Forwarded-For when there is none, or when it is trusted", async () => {
    expect(
      (await kit.call("POST", "/api/login", { password: "wrong" }, { cookie: null })).status,
    ).toBe(401);
    expect(kit.warnings).toEqual([]);
    await kit.close();
    kit = await createApiTestKit({ trustProxy: true });
    expect((await loginFrom("198.51.100.20", TEST_PASSWORD)).status).toBe(200);
    expect(kit.warnings).toEqual([]);
  });

  it("behind a trusted proxy counts per client: one client's guessing does not lock out the admin", async () => {
    await kit.close();
    kit = await createApiTestKit({ trustProxy: true });
    // The proxy appends the real client; what the client wrote before it is not believed.
    for (let i = 0; i < 5; i++) {
      expect((await loginFrom(`1.2.3.${i}, 203.0.113.7`, "wrong")).status).toBe(401);
    }
    expect((await loginFrom("9.9.9.9, 203.0.113.7", TEST_PASSWORD)).status).toBe(429);
    expect((await loginFrom("198.51.100.20", TEST_PASSWORD)).status).toBe(200);
  });
});

describe("session cookie", () => {
  it("a tampered cookie is 401", async () => {
    const cookie = await kit.login();
    const [name, value] = cookie.split("=") as [string, string];
    const [version, expiry, id, signature] = value.split(".") as [string, string, string, string];
    const later = `${name}=${version}.${Number(expiry) + 1_000_000}.${id}.${signature}`;
    expect((await kit.call("GET", "/api/flows", undefined, { cookie: later })).status).toBe(401);
    const forged = `${name}=${version}.${expiry}.${id}.${"A".repeat(signature.length)}`;
    expect((await kit.call("GET", "/api/flows", undefined, { cookie: forged })).status).toBe(401);
  });

  it("an expired cookie is 401", async () => {
    const cookie = await kit.login();
    kit.clock.now += SESSION_TTL_MS - 1000;
    expect((await kit.call("GET", "/api/flows", undefined, { cookie })).status).toBe(200);
    kit.clock.now += 1000;
    expect((await kit.call("GET", "/api/flows", undefined, { cookie })).status).toBe(401);
  });

  it("logout clears the cookie and ends the session on the server", async () => {
    const cookie = await kit.login();
    const res = await kit.call("POST", "/api/logout");
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^huashu_session=;/);
    expect(setCookie).toMatch(/Max-Age=0/);
    // A copy of the cookie kept elsewhere (another tab, or stolen) no longer opens anything.
    expect((await kit.call("GET", "/api/flows", undefined, { cookie })).status).toBe(401);
    const session = await kit.call("GET", "/api/session", undefined, { cookie });
    expect(await session.json()).toEqual({ authenticated: false });
    // Logging in again works.
    expect(
      (await kit.call("GET", "/api/flows", undefined, { cookie: await kit.login() })).status,
    ).toBe(200);
  });
});

describe("logout when admin.json cannot be written", () => {
  it("still logs out, and the session is refused until a restart", async () => {
    const cookie = await kit.login();
    const endSession = kit.auth.endSession.bind(kit.auth);
    kit.auth.endSession = (token, at) => {
      endSession(token, at);
      throw new Error("EACCES: permission denied, open 'admin.json'");
    };
    const res = await kit.call("POST", "/api/logout");
    expect(res.status).toBe(200);
    expect(res.headers.get("Set-Cookie") ?? "").toMatch(/^huashu_session=;/);
    expect((await kit.call("GET", "/api/flows", undefined, { cookie })).status).toBe(401);
  });
});

describe("requests from another page of the same site (CSRF)", () => {
  // A page on another port or subdomain of the host is same-site: the SameSite=Strict cookie goes
  // along, and a text/plain POST needs no CORS preflight.
  const fromPage = async (path: string, headers: Record<string, string>, body?: unknown) =>
    kit.app.request(path, {
      method: "POST",
      headers: { Cookie: await kit.login(), "Content-Type": "text/plain", ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("cannot import or publish a flow, and nothing is stored", async () => {
    const imported = await fromPage(
      "/api/flows/import",
      { "Sec-Fetch-Site": "same-site" },
      sampleFlow(),
    );
    expect(imported.status).toBe(403);
    expect((await imported.json()).error.code).toBe("cross_origin");
    expect((await (await kit.call("GET", "/api/flows")).json()).flows).toEqual([]);

    await kit.call("POST", "/api/flows/import", sampleFlow());
    // A browser too old to send Sec-Fetch-Site still sends Origin.
    const published = await fromPage("/api/flows/greeting/publish", {
      Origin: "http://localhost:8080",
    });
    expect(published.status).toBe(403);
    expect(await kit.store.latestFlows()).toEqual([]);
  });

  it("the editor's own requests, and scripts that send neither header, still work", async () => {
    await kit.login();
    await kit.call("POST", "/api/flows/import", sampleFlow());
    const editor = await fromPage(
      "/api/flows/greeting/publish",
      {
        "Sec-Fetch-Site": "same-origin",
        Origin: "http://localhost",
        "Content-Type": "application/json",
      },
      {},
    );
    expect(editor.status).toBe(201);
    const oldBrowser = await fromPage("/api/flows/greeting/publish", {
      Origin: "http://localhost",
    });
    // Let through: 200, as the content is live since the first publish.
    expect(oldBrowser.status).toBe(200);
    expect((await kit.call("POST", "/api/flows/greeting/publish", {})).status).toBe(200);
  });
});
