// POST /login, POST /logout, GET /session: the only admin routes open without a session.
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { SESSION_COOKIE, SESSION_TTL_MS } from "../auth/adminAuth";
import { clientAddress } from "../auth/clientAddress";
import type { ApiDeps } from "./apiDeps";
import { ApiError } from "./apiError";
import { jsonBody } from "./jsonBody";

const loginBody = z.object({ password: z.string().min(1).max(1024) });

/** Cookies over https must say Secure; a proxy in front tells us with X-Forwarded-Proto. */
function isHttps(url: string, forwardedProto: string | undefined): boolean {
  return new URL(url).protocol === "https:" || forwardedProto?.split(",")[0]?.trim() === "https";
}

export function createAuthRoutes(deps: ApiDeps): Hono {
  const { auth, now } = deps;
  let toldOfProxy = false;
  return new Hono()
    .post("/login", jsonBody(loginBody), async (c) => {
      const client = clientAddress(c, deps.trustProxy);
      if (!deps.trustProxy && !toldOfProxy && c.req.header("X-Forwarded-For") !== undefined) {
        // Behind a proxy without the setting, all clients share the proxy's address: anyone's five
        // wrong passwords would lock everyone out. Said once, not per login.
        toldOfProxy = true;
        (deps.logWarn ?? console.warn)(
          "login: requests carry X-Forwarded-For but HUASHU_TRUST_PROXY is off, so the login limit counts every client as the proxy's address (5 wrong passwords from anyone lock everyone out for 15 minutes); if a reverse proxy you run appends X-Forwarded-For, set HUASHU_TRUST_PROXY=1",
        );
      }
      const wait = auth.loginLimiter.retryAfterSeconds(client, now());
      if (wait > 0) {
        throw new ApiError(
          429,
          "rate_limited",
          {
            zh: `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`,
            en: `too many failed logins; try again in ${Math.ceil(wait / 60)} minute(s)`,
          },
          { retryAfterSeconds: wait },
          { "Retry-After": String(wait) },
        );
      }
      // Counted before the check, which takes a while (scrypt): otherwise guesses sent all at once
      // would each find the count still low, and any number of them would be tried.
      auth.loginLimiter.recordFailure(client, now());
      if (!(await auth.checkPassword(c.req.valid("json").password))) {
        throw new ApiError(401, "wrong_password", { zh: "密码不正确", en: "wrong password" });
      }
      auth.loginLimiter.reset(client);
      setCookie(c, SESSION_COOKIE, auth.issueSession(now()), {
        httpOnly: true,
        sameSite: "Strict",
        path: "/",
        secure: isHttps(c.req.url, c.req.header("X-Forwarded-Proto")),
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return c.json({ ok: true });
    })
    .post("/logout", (c) => {
      // Ended on the server too: a copy of the cookie (another tab's, or a stolen one) is refused.
      try {
        auth.endSession(getCookie(c, SESSION_COOKIE), now());
      } catch (error) {
        // admin.json could not be written: ended until a restart, and this browser is logged out.
        (deps.logError ?? console.error)("logout: could not record the ended session", error);
      }
      deleteCookie(c, SESSION_COOKIE, {
        path: "/",
        httpOnly: true,
        sameSite: "Strict",
        secure: isHttps(c.req.url, c.req.header("X-Forwarded-Proto")),
      });
      return c.json({ ok: true });
    })
    .get("/session", (c) =>
      c.json({ authenticated: auth.isValidSession(getCookie(c, SESSION_COOKIE), now()) }),
    );
}
