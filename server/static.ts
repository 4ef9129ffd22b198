// Serves the built editor (dist/web) at /, falling back to index.html for the editor's own routes.
import { promises as fsp } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { MiddlewareHandler } from "hono";

/** Where `npm run build` (vite build) writes the editor. */
export const defaultWebDir = fileURLToPath(new URL("../dist/web/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm",
};

/** Paths that belong to the server: never answered with the editor, so their 404s stay honest. */
const SERVER_PREFIXES = ["/api", "/wechat", "/healthz"];

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>话术 Huashu</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.6">
<h1>编辑器尚未构建 / The editor is not built yet</h1>
<p>请在项目目录运行 <code>npm run build</code>（或用 <code>npm start</code> 启动，会自动构建），然后刷新本页。</p>
<p>Run <code>npm run build</code> in the project folder (or start with <code>npm start</code>, which builds it for you), then reload this page.</p>
</body></html>
`;

/**
 * No other page may show the editor in a frame: a page of the same site (another port or subdomain)
 * would get the logged-in editor and could trick the admin into clicking publish or delete.
 */
const NO_FRAMING = {
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": "frame-ancestors 'none'",
} as const;

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

async function readFileIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    const stat = await fsp.stat(path);
    return stat.isFile() ? await fsp.readFile(path) : undefined;
  } catch {
    return undefined;
  }
}

/** The file under `root` that the URL path names, or undefined when the path tries to leave `root`. */
function fileUnder(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const path = normalize(join(root, decoded));
  const base = root.endsWith(sep) ? root : `${root}${sep}`;
  return path.startsWith(base) ? path : undefined;
}

/**
 * GET/HEAD middleware, mounted after the API: a file from `root` if there is one; index.html for
 * extensionless paths (the editor's routes); Vite's hashed `/assets/*` cached for a year.
 */
export function serveEditor(options: { root?: string } = {}): MiddlewareHandler {
  const root = normalize(options.root ?? defaultWebDir);
  return async (c, next) => {
    const method = c.req.method;
    if ((method !== "GET" && method !== "HEAD") || isServerPath(c.req.path)) return next();

    const indexPath = join(root, "index.html");
    const requested = c.req.path === "/" ? indexPath : fileUnder(root, c.req.path);
    if (!requested) return next();

    const file = await readFileIfPresent(requested);
    if (file) {
      const hashed = c.req.path.startsWith("/assets/");
      return c.body(new Uint8Array(file), 200, {
        "Content-Type":
          CONTENT_TYPES[extname(requested).toLowerCase()] ?? "application/octet-stream",
        "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        "X-Content-Type-Options": "nosniff",
        ...NO_FRAMING,
      });
    }
    // A missing script or image is a 404, not the editor page (which the browser would refuse as a script).
    if (extname(c.req.path) !== "") return next();

    const index = await readFileIfPresent(indexPath);
    if (!index) return c.html(NOT_BUILT_PAGE, 503, NO_FRAMING);
    return c.body(new Uint8Array(index), 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-cache",
      ...NO_FRAMING,
    });
  };
}
