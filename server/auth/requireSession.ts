// Middleware that lets a request through only with a valid admin session cookie; otherwise 401 and no data.
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type AdminAuth, SESSION_COOKIE } from "./adminAuth";

export function requireSession(auth: AdminAuth, now: () => number): MiddlewareHandler {
  return async (c, next) => {
    if (auth.isValidSession(getCookie(c, SESSION_COOKIE), now())) return next();
    return c.json(
      {
        error: {
          code: "unauthorized",
          message: { zh: "请先登录管理后台", en: "log in to the admin first" },
        },
      },
      401,
    );
  };
}
