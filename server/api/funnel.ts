// GET /api/flows/:id/funnel: per node, how many runs of the flow reached it and how they ended there.
import { Hono } from "hono";
import { z } from "zod";
import { idSchema } from "../../shared/schema";
import type { FlowRepository } from "../flows/flowRepository";
import { dayOf } from "../runtime/interactions";
import type { ApiDeps } from "./apiDeps";
import { ApiError, type Bilingual, flowNotFound } from "./apiError";
import { flowIdParam } from "./flows";

const DAY_MS = 24 * 60 * 60 * 1000;
export const FUNNEL_DEFAULT_DAYS = 7;
export const FUNNEL_MAX_DAYS = 365;

/** Whole numbers as a person types them: no sign, no leading zero, no decimals. */
const wholeNumber = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
const parameters = {
  days: {
    schema: wholeNumber.pipe(z.number().max(FUNNEL_MAX_DAYS)),
    expected: {
      zh: `1 到 ${FUNNEL_MAX_DAYS} 之间的整数（统计最近几天，默认 ${FUNNEL_DEFAULT_DAYS}）`,
      en: `a whole number from 1 to ${FUNNEL_MAX_DAYS} (the last so many days; ${FUNNEL_DEFAULT_DAYS} when left out)`,
    },
  },
  version: {
    schema: wholeNumber,
    expected: {
      zh: "正整数（已发布的版本号；不填则统计所有版本）",
      en: "a positive whole number (a published version; all versions when left out)",
    },
  },
  // A node id as the flow schema has them: only the runs that reached that node, so that a marketer
  // can compare A/B variants by selecting each variant's node.
  through: {
    schema: idSchema,
    expected: {
      zh: "节点 ID：1 到 64 个字母、数字、_ 或 -（只统计经过该节点的会话；不填则统计全部）",
      en: "a node id: 1 to 64 letters, digits, _ or - (only the runs through that node; all runs when left out)",
    },
  },
} as const;
type Parameter = keyof typeof parameters;
type Read = { [P in Parameter]?: z.output<(typeof parameters)[P]["schema"]> };

function badRequest(parameter: string, message: Bilingual): ApiError {
  return new ApiError(400, "bad_request", message, { parameter });
}

/**
 * The query's days, version and through, or a 400 naming the parameter that is wrong and what it
 * takes.
 */
function readQuery(query: Record<string, string[]>): {
  days: number;
  version?: number;
  through?: string;
} {
  const read: Read = {};
  for (const [name, values] of Object.entries(query)) {
    if (!Object.hasOwn(parameters, name)) {
      throw badRequest(name, {
        zh: `未知的参数 ${name}：只接受 days、version 和 through`,
        en: `unknown parameter ${name}: only days, version and through are accepted`,
      });
    }
    const parameter = parameters[name as Parameter];
    if (values.length !== 1) {
      throw badRequest(name, {
        zh: `参数 ${name} 只能给一次`,
        en: `the ${name} parameter was given ${values.length} times; give it once`,
      });
    }
    const parsed = parameter.schema.safeParse(values[0]);
    if (!parsed.success) {
      const given = JSON.stringify(values[0]);
      throw badRequest(name, {
        zh: `参数 ${name} 应为${parameter.expected.zh}，收到 ${given}`,
        en: `the ${name} parameter must be ${parameter.expected.en}, not ${given}`,
      });
    }
    // The schema of parameter `name` gave it: a number for days and version, a string for through.
    (read as Record<Parameter, unknown>)[name as Parameter] = parsed.data;
  }
  return {
    days: read.days ?? FUNNEL_DEFAULT_DAYS,
    ...(read.version === undefined ? {} : { version: read.version }),
    ...(read.through === undefined ? {} : { through: read.through }),
  };
}

/** A China-time day (see dayOf) as the calendar date it is there: 2026-11-24. */
export function chinaDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function createFunnelRoutes(deps: ApiDeps, repository: FlowRepository): Hono {
  const { store, now } = deps;
  return new Hono().get("/flows/:id/funnel", async (c) => {
    const id = flowIdParam(c.req.param("id"));
    const { days, version, through } = readQuery(c.req.queries());
    // A flow deleted from the folder still has the runs of its published versions.
    const [file, published] = await Promise.all([repository.read(id), store.listFlowVersions(id)]);
    if (!file && published.length === 0) throw flowNotFound(id);
    const at = now();
    const toDay = dayOf(at);
    const fromDay = toDay - days + 1;
    const report = await store.funnelReport({
      flowId: id,
      fromDay,
      toDay,
      now: at,
      ...(version === undefined ? {} : { version }),
      ...(through === undefined ? {} : { through }),
    });
    return c.json({
      flowId: id,
      from: chinaDate(fromDay),
      to: chinaDate(toDay),
      days,
      version: version ?? null,
      through: through ?? null,
      versions: report.versions,
      runs: report.runs,
      nodes: report.nodes,
      since: report.since,
    });
  });
}
