// The admin API mounted at /api: login is open, everything else needs the session cookie.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requireSession } from "../auth/requireSession";
import { sameOriginOnly } from "../auth/sameOriginOnly";
import { createFlowRepository } from "../flows/flowRepository";
import type { ApiDeps } from "./apiDeps";
import { createApiErrorHandler, errorBody } from "./apiError";
import { createAuthRoutes } from "./auth";
import { createFlowRoutes } from "./flows";
import { createFlowTestRoutes } from "./flowTests";
import { createFunnelRoutes } from "./funnel";
import { createMenuRoutes } from "./menu";
import { createSandboxRoutes } from "./sandbox";
import { createTemplateRoutes, defaultTemplatesDir } from "./templates";
import { createTrashRoutes } from "./trash";
import { createVersionRoutes } from "./versions";

export type { ApiDeps } from "./apiDeps";

/** Large enough for a flow of thousands of nodes, small enough that one request cannot fill memory. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function createApiRoutes(deps: ApiDeps): Hono {
  const repository = deps.flowRepository ?? createFlowRepository(deps.flowsDir, { now: deps.now });
  const templatesDir = deps.templatesDir ?? defaultTemplatesDir;
  const api = new Hono();
  api.onError(createApiErrorHandler(deps.logError ?? ((m, e) => console.error(m, e))));
  api.use("*", bodyLimit({ maxSize: MAX_BODY_BYTES }));
  api.use("*", sameOriginOnly());

  // Open routes first: they answer before the session check below runs.
  api.route("/", createAuthRoutes(deps));
  api.use("*", requireSession(deps.auth, deps.now));

  api.route("/", createFlowRoutes(deps, repository, templatesDir));
  api.route("/", createVersionRoutes(deps, repository));
  api.route("/", createFunnelRoutes(deps, repository));
  api.route("/", createTrashRoutes(repository));
  api.route("/", createTemplateRoutes(templatesDir));
  api.route("/", createMenuRoutes(deps));
  // The simulator's routes (flowTests.ts, sandbox.ts) are mounted here, one line each.
  api.route("/", createFlowTestRoutes(deps));
  api.route("/", createSandboxRoutes(deps));

  api.all("*", (c) =>
    c.json(
      errorBody("not_found", {
        zh: `没有这个接口：${c.req.method} ${c.req.path}`,
        en: `no such API route: ${c.req.method} ${c.req.path}`,
      }),
      404,
    ),
  );
  return api;
}
