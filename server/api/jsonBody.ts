// Request-body validation with zod: a 400 that names every field that was wrong and why.
import { zValidator } from "@hono/zod-validator";
import type { z } from "zod";
import { errorBody } from "./apiError";

/** `zValidator("json", schema)` answering `invalid_request` with `issues: [{field, message}]`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return zValidator("json", schema, (result, c) => {
    if (result.success) return;
    const issues = result.error.issues.map((issue) => ({
      field: issue.path.map(String).join(".") || "(body)",
      message: issue.message,
    }));
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
    return c.json(
      errorBody(
        "invalid_request",
        { zh: `请求内容有误：${summary}`, en: `invalid request body: ${summary}` },
        { issues },
      ),
      400,
    );
  });
}
