// The flow files: list, read, create (blank or from a template), save, duplicate, delete, import, export.
import { Hono } from "hono";
import { z } from "zod";
import { type Flow, type FlowLoadError, idSchema, parseFlow } from "../../shared/schema";
import { withoutClaimedTriggers } from "../../shared/validate";
import { type FlowRepository, isFlowId } from "../flows/flowRepository";
import { type ApiDeps, iso } from "./apiDeps";
import { ApiError, flowNotFound } from "./apiError";
import { countProblems, problemsOf, unreadableFlowFile } from "./flowProblems";
import { jsonBody } from "./jsonBody";
import { loadTemplates } from "./templates";

const flowName = z.string().trim().min(1).max(100);
const createBody = z.object({ name: flowName, templateId: idSchema.optional() });
const saveBody = z.object({
  flow: z.record(z.string(), z.unknown()),
  baseRevision: z
    .string()
    .regex(/^[0-9a-f]{40}$/, "must be the revision (sha1 hex) the edit started from"),
});
const duplicateBody = z.object({ name: flowName.optional() });

/** A new flow: one message node that is also the start, ready for the marketer to build on. */
export function blankFlow(name: string): Flow {
  return {
    schemaVersion: 1,
    id: "new-flow",
    name,
    description: "",
    startNodeId: "start",
    settings: { sessionTimeoutMinutes: 30, utcOffsetMinutes: 480 },
    variables: [],
    triggers: [],
    nodes: [
      {
        id: "start",
        kind: "message",
        label: "开始",
        position: { x: 0, y: 0 },
        messages: [{ type: "text", text: "您好！请问有什么可以帮您？" }],
        delaySeconds: 0,
      },
    ],
    edges: [],
  };
}

export function invalidFlow(errors: FlowLoadError[]): ApiError {
  const first = errors[0];
  const where = first
    ? [first.nodeId ? `node ${first.nodeId}` : "", first.field ? `field ${first.field}` : ""]
        .filter(Boolean)
        .join(", ")
    : "";
  return new ApiError(
    400,
    "invalid_flow",
    {
      zh: `流程内容无效${where ? `（${where}）` : ""}：${first?.message ?? ""}，未保存`,
      en: `the flow is not valid${where ? ` (${where})` : ""}: ${first?.message ?? ""}; nothing was saved`,
    },
    { errors },
  );
}

/** The `:id` of the address, or 404 for anything that cannot be a flow id (so it never reaches the disk). */
export function flowIdParam(id: string): string {
  if (!isFlowId(id)) throw flowNotFound(id);
  return id;
}

export async function readFlowOr404(repository: FlowRepository, id: string) {
  const entry = await repository.read(flowIdParam(id));
  if (!entry) throw flowNotFound(id);
  if (!entry.ok) throw unreadableFlowFile(entry);
  return entry;
}

/** A copy keeps only the keyword and fallback triggers no saved flow claims yet (see withoutClaimedTriggers). */
async function quietCopy(repository: FlowRepository, flow: Flow): Promise<Flow> {
  const others = (await repository.list()).flatMap((entry) => (entry.ok ? [entry.flow] : []));
  return withoutClaimedTriggers(flow, others).flow;
}

export function createFlowRoutes(
  deps: ApiDeps,
  repository: FlowRepository,
  templatesDir: string,
): Hono {
  return new Hono()
    .get("/flows", async (c) => {
      const [entries, published] = await Promise.all([repository.list(), deps.store.latestFlows()]);
      const publishedById = new Map(published.map((p) => [p.flowId, p]));
      const flows = entries.map((entry) => {
        const p = publishedById.get(entry.id);
        const common = {
          id: entry.id,
          file: entry.file,
          updatedAt: entry.updatedAt === undefined ? null : iso(entry.updatedAt),
          revision: entry.revision ?? null,
          published: p ? { version: p.version, publishedAt: iso(p.publishedAt) } : null,
        };
        if (!entry.ok) {
          return {
            ...common,
            name: entry.file,
            description: "",
            nodeCount: 0,
            errors: entry.errors.length,
            warnings: 0,
            loadErrors: entry.errors,
          };
        }
        const summary = {
          ...common,
          name: entry.flow.name,
          description: entry.flow.description,
          nodeCount: entry.flow.nodes.length,
        };
        try {
          return { ...summary, ...countProblems(problemsOf(entry.flow, entries)) };
        } catch (error) {
          // A checker that trips over one flow must not take the whole list down with it.
          deps.logError?.(`validating ${entry.file} failed`, error);
          const message = `${entry.file}: 检查时出错，请查看服务器日志 / checking failed (${(error as Error).message}); see the server log`;
          return { ...summary, errors: 1, warnings: 0, loadErrors: [{ field: "", message }] };
        }
      });
      return c.json({ flows });
    })

    .post("/flows/import", async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        throw invalidFlow([
          { field: "", message: "上传的内容不是有效的 JSON / the upload is not valid JSON" },
        ]);
      }
      const parsed = parseFlow(raw);
      if (!parsed.ok) throw invalidFlow(parsed.errors);
      const created = await repository.create(parsed.flow, { keepId: true });
      const renamed = created.flow.id !== parsed.flow.id;
      return c.json({ ...created, ...(renamed ? { renamedFrom: parsed.flow.id } : {}) }, 201);
    })

    .post("/flows", jsonBody(createBody), async (c) => {
      const { name, templateId } = c.req.valid("json");
      let flow = blankFlow(name);
      if (templateId) {
        const template = (await loadTemplates(templatesDir)).find((t) => t.id === templateId);
        if (!template) {
          throw new ApiError(404, "not_found", {
            zh: `找不到模板 ${templateId}`,
            en: `no template with id ${templateId}`,
          });
        }
        flow = await quietCopy(repository, { ...template, name });
      }
      return c.json(await repository.create(flow), 201);
    })

    .get("/flows/:id", async (c) => {
      const entry = await readFlowOr404(repository, c.req.param("id"));
      return c.json({ flow: entry.flow, revision: entry.revision });
    })

    .put("/flows/:id", jsonBody(saveBody), async (c) => {
      const id = flowIdParam(c.req.param("id"));
      const { flow, baseRevision } = c.req.valid("json");
      const result = await repository.save(id, flow, baseRevision);
      if (result.ok) return c.json({ revision: result.revision });
      if (result.reason === "not_found") throw flowNotFound(id);
      if (result.reason === "invalid") throw invalidFlow(result.errors);
      throw new ApiError(
        409,
        "stale_revision",
        {
          zh: "该流程已在别处被修改，请重新加载后再保存",
          en: "the flow was changed elsewhere since you opened it; reload it before saving",
        },
        { currentRevision: result.currentRevision },
      );
    })

    .post("/flows/:id/duplicate", jsonBody(duplicateBody), async (c) => {
      const entry = await readFlowOr404(repository, c.req.param("id"));
      const name = c.req.valid("json").name ?? `${entry.flow.name}（副本）`;
      return c.json(
        await repository.create(await quietCopy(repository, { ...entry.flow, name })),
        201,
      );
    })

    .delete("/flows/:id", async (c) => {
      const id = flowIdParam(c.req.param("id"));
      const removed = await repository.remove(id, deps.now());
      if (!removed) throw flowNotFound(id);
      return c.json(removed);
    })

    .get("/flows/:id/export", async (c) => {
      const id = flowIdParam(c.req.param("id"));
      const bytes = await repository.readBytes(id);
      if (!bytes) throw flowNotFound(id);
      return c.body(new Uint8Array(bytes), 200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${id}.json"`,
      });
    });
}
