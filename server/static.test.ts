import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serveEditor } from "./static";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "huashu-web-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function appServing(webDir: string): Hono {
  const app = new Hono();
  app.get("/api/flows", (c) => c.json({ flows: [] }));
  app.post("/wechat", (c) => c.text("success"));
  app.use("*", serveEditor({ root: webDir }));
  return app;
}

describe("serveEditor with a built editor", () => {
  beforeEach(() => {
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "index.html"), "<!doctype html><div id=root></div>");
    writeFileSync(join(root, "assets", "index-abc123.js"), "console.log(1)");
    writeFileSync(join(root, "assets", "index-abc123.css"), "body{}");
    writeFileSync(join(root, "favicon.svg"), "<svg/>");
  });

  it("serves index.html at / and for the editor's routes, not cached", async () => {
    const app = appServing(root);
    for (const path of ["/", "/flows/ecommerce", "/login"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("Cache-Control")).toBe("no-cache");
      expect(await res.text()).toContain("<div id=root>");
    }
  });

  it("forbids other pages to show the editor in a frame (clickjacking)", async () => {
    const app = appServing(root);
    for (const path of ["/", "/flows/ecommerce"]) {
      const res = await app.request(path);
      expect(res.headers.get("X-Frame-Options"), path).toBe("DENY");
      expect(res.headers.get("Content-Security-Policy"), path).toBe("frame-ancestors 'none'");
    }
  });

  it("serves hashed assets with their content type and a year-long cache", async () => {
    const app = appServing(root);
    const js = await app.request("/assets/index-abc123.js");
    expect(js.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await js.text()).toBe("console.log(1)");
    const css = await app.request("/assets/index-abc123.css");
    expect(css.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    const svg = await app.request("/favicon.svg");
    expect(svg.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(svg.headers.get("Cache-Control")).toBe("no-cache");
  });

  it("never answers /api, /wechat or a missing asset with the editor page", async () => {
    const app = appServing(root);
    expect(await (await app.request("/api/flows")).json()).toEqual({ flows: [] });
    expect((await app.request("/api/unknown")).status).toBe(404);
    expect((await app.request("/wechat")).status).toBe(404);
    expect((await app.request("/wechat", { method: "POST" })).status).toBe(200);
    expect((await app.request("/assets/gone-123.js")).status).toBe(404);
    expect((await app.request("/flows", { method: "POST" })).status).toBe(404);
  });

  it("does not serve files outside its folder", async () => {
    writeFileSync(join(root, "..", `${root.split("/").pop()}-secret.txt`), "secret");
    const app = appServing(root);
    for (const path of ["/../secret.txt", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fx"]) {
      const res = await app.request(path);
      expect(await res.text(), path).not.toContain("secret");
      expect(await (await app.request(path)).text()).not.toContain("root:");
    }
    rmSync(join(root, "..", `${root.split("/").pop()}-secret.txt`));
  });
});

describe("serveEditor before the editor is built", () => {
  it("answers / with a page saying to run npm run build, and leaves /api alone", async () => {
    const app = appServing(join(root, "missing"));
    const res = await app.request("/");
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(await res.text()).toContain("npm run build");
    expect((await app.request("/api/flows")).status).toBe(200);
  });
});
