// A flow's saved test cases (flows/<id>.tests.json) for the simulator: read, and replace as a whole.
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { z } from "zod";
import {
  formatTestFileErrors,
  parseTestCases,
  parseTestFile,
  serializeTestFile,
} from "../../shared/testcase";
import { isFlowId } from "../flows/flowRepository";
import type { ApiDeps } from "./apiDeps";
import { ApiError, flowNotFound } from "./apiError";
import { jsonBody } from "./jsonBody";

const putBody = z.object({ cases: z.array(z.unknown()) });

async function exists(path: string): Promise<boolean> {
  return fsp.access(path).then(
    () => true,
    () => false,
  );
}

export function createFlowTestRoutes(deps: Pick<ApiDeps, "flowsDir">): Hono {
  const routes = new Hono();
  const flowPath = (id: string) => join(deps.flowsDir, `${id}.json`);
  const testsPath = (id: string) => join(deps.flowsDir, `${id}.tests.json`);

  async function requireFlow(id: string): Promise<void> {
    if (!isFlowId(id) || !(await exists(flowPath(id)))) throw flowNotFound(id);
  }

  routes.get("/flows/:id/tests", async (c) => {
    const id = c.req.param("id");
    await requireFlow(id);
    let text: string;
    try {
      text = await fsp.readFile(testsPath(id), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return c.json({ cases: [] });
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed =
      raw === undefined
        ? {
            ok: false as const,
            errors: [{ field: "(file)", message: "JSON 语法错误 / JSON syntax error" }],
          }
        : parseTestFile(raw);
    if (!parsed.ok) {
      const detail = formatTestFileErrors(`${id}.tests.json`, parsed.errors);
      throw new ApiError(
        422,
        "invalid_test_file",
        {
          zh: `测试用例文件无法读取，请修正后重试：${detail}`,
          en: `the test-case file cannot be read; fix it and try again: ${detail}`,
        },
        { errors: parsed.errors },
      );
    }
    return c.json({ cases: parsed.file.cases });
  });

  routes.put("/flows/:id/tests", jsonBody(putBody), async (c) => {
    const id = c.req.param("id");
    await requireFlow(id);
    const parsed = parseTestCases(c.req.valid("json").cases);
    if (!parsed.ok) {
      const first = parsed.errors[0]!;
      throw new ApiError(
        400,
        "invalid_test_cases",
        {
          zh: `测试用例无效（field ${first.field}）：${first.message}，未保存`,
          en: `the test cases are not valid (field ${first.field}): ${first.message}; nothing was saved`,
        },
        { errors: parsed.errors },
      );
    }
    // Written beside and renamed over: a reader never sees half a file.
    const temp = join(deps.flowsDir, `.${id}.tests.${randomBytes(4).toString("hex")}.tmp`);
    await fsp.writeFile(temp, serializeTestFile(id, parsed.cases), "utf8");
    await fsp.rename(temp, testsPath(id));
    return c.json({ ok: true, count: parsed.cases.length });
  });

  return routes;
}
