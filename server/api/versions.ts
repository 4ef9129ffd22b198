// Validate, publish the saved file (unless its content is live already), list versions, roll back.
import { Hono } from "hono";
import { z } from "zod";
import { type Flow, parseFlow } from "../../shared/schema";
import type { FlowRepository } from "../flows/flowRepository";
import { type ApiDeps, iso } from "./apiDeps";
import { ApiError, notFound } from "./apiError";
import { hasErrors, problemsOf } from "./flowProblems";
import { flowIdParam, invalidFlow, readFlowOr404 } from "./flows";
import { jsonBody } from "./jsonBody";

const validateBody = z.object({ flow: z.record(z.string(), z.unknown()).optional() });
const publishBody = z.object({ note: z.string().max(500).optional() });
const rollbackBody = z.object({ version: z.number().int().min(1) });

function versionNotFound(id: string, version: number | string): ApiError {
  return notFound({
    zh: `流程 ${id} 没有第 ${version} 版`,
    en: `flow ${id} has no published version ${version}`,
  });
}

export function createVersionRoutes(deps: ApiDeps, repository: FlowRepository): Hono {
  const { store, now } = deps;
  return new Hono()
    .post("/flows/:id/validate", jsonBody(validateBody), async (c) => {
      const id = flowIdParam(c.req.param("id"));
      const draft = c.req.valid("json").flow;
      const entries = await repository.list();
      let flow: Flow;
      if (draft) {
        const parsed = parseFlow(draft);
        if (!parsed.ok) throw invalidFlow(parsed.errors);
        flow = parsed.flow;
      } else {
        flow = (await readFlowOr404(repository, id)).flow;
      }
      return c.json({ problems: problemsOf(flow, entries) });
    })

    .post("/flows/:id/publish", jsonBody(publishBody), async (c) => {
      const entry = await readFlowOr404(repository, c.req.param("id"));
      const problems = problemsOf(entry.flow, await repository.list());
      if (hasErrors(problems)) {
        throw new ApiError(
          422,
          "has_errors",
          {
            zh: "流程还有错误，修正后才能发布",
            en: "the flow has errors; fix them before publishing",
          },
          { problems },
        );
      }
      // Content the live version already has makes no new version, only a 200 naming it. A note
      // sent with it is dropped: versions are immutable, notes included, and the note describes a
      // change that is not there. The editor tells the marketer so.
      const result = await store.publishFlowIfChanged(
        entry.flow,
        now(),
        c.req.valid("json").note ?? "",
      );
      const { published } = result;
      if (result.unchanged) {
        return c.json({
          version: published.version,
          publishedAt: iso(published.publishedAt),
          revision: entry.revision,
          problems,
          unchanged: true,
          layoutChanged: result.layoutChanged,
        });
      }
      deps.onPublished?.(published.flowId, published.version);
      return c.json(
        {
          version: published.version,
          publishedAt: iso(published.publishedAt),
          revision: entry.revision,
          problems,
          unchanged: false,
        },
        201,
      );
    })

    .get("/flows/:id/versions", async (c) => {
      const id = flowIdParam(c.req.param("id"));
      const versions = await store.listFlowVersions(id);
      return c.json({
        versions: versions.map((v) => ({
          version: v.version,
          publishedAt: iso(v.publishedAt),
          note: v.note,
        })),
      });
    })

    .get("/flows/:id/versions/:v", async (c) => {
      const id = flowIdParam(c.req.param("id"));
      const text = c.req.param("v");
      const version = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
      const found = Number.isNaN(version) ? undefined : await store.getFlowVersion(id, version);
      if (!found) throw versionNotFound(id, text);
      return c.json({
        flow: found.flow,
        version: found.version,
        publishedAt: iso(found.publishedAt),
        note: found.note,
      });
    })

    .post("/flows/:id/rollback", jsonBody(rollbackBody), async (c) => {
      const id = flowIdParam(c.req.param("id"));
      const { version } = c.req.valid("json");
      const old = await store.getFlowVersion(id, version);
      if (!old) throw versionNotFound(id, version);
      // A new number for the old content: history stays as it was, and followers can tell the
      // versions apart. Unless the live version has that content already.
      const result = await store.publishFlowIfChanged(
        old.flow,
        now(),
        `回滚到第 ${version} 版 / rollback to version ${version}`,
      );
      const { published } = result;
      if (result.unchanged) {
        return c.json({
          version: published.version,
          publishedAt: iso(published.publishedAt),
          rolledBackTo: version,
          unchanged: true,
        });
      }
      deps.onPublished?.(published.flowId, published.version);
      return c.json(
        {
          version: published.version,
          publishedAt: iso(published.publishedAt),
          rolledBackTo: version,
          unchanged: false,
        },
        201,
      );
    });
}
