// Liveness for load balancers and the installer's first check.
import { Hono } from "hono";

export function healthRoutes(): Hono {
  return new Hono().get("/", (c) => c.json({ ok: true }));
}
