// Middleware that refuses a browser's state-changing request sent from another page than the editor's (CSRF).
import type { MiddlewareHandler } from "hono";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The SameSite=Strict cookie keeps other sites out, but not pages of the same site (another port or
 * subdomain of the host), and a text/plain POST needs no CORS preflight. So a POST, PUT or DELETE is
 * refused when the browser says it came from elsewhere: Sec-Fetch-Site other than same-origin, or,
 * from browsers too old to send that, an Origin whose host is not this one. Requests without
 * either header (curl, scripts) are not from a page and pass.
 */
export function sameOriginOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || isSameOrigin(c.req.raw)) return next();
    return c.json(
      {
        error: {
          code: "cross_origin",
          message: {
            zh: "拒绝来自其他网页的修改请求，请在话术编辑器中操作",
            en: "a change requested from another web page is refused; use the Huashu editor",
          },
        },
      },
      403,
    );
  };
}

function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("Sec-Fetch-Site");
  if (site !== null) return site === "same-origin" || site === "none";
  const origin = request.headers.get("Origin");
  if (origin === null) return true;
  try {
    return new URL(origin).host === new URL(request.url).host;
  } catch {
    return false;
  }
}
