// The one error type of the admin API and the one place that turns errors into JSON responses.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { StoreFullError } from "../store/storeErrors";

export interface Bilingual {
  zh: string;
  en: string;
}

/** Thrown by route handlers; answered as `{ error: { code, message: {zh, en}, ...extra } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(bilingual.en);
    this.name = "ApiError";
  }
}

export function errorBody(code: string, message: Bilingual, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...extra } };
}

export function notFound(what: Bilingual): ApiError {
  return new ApiError(404, "not_found", what);
}

export function flowNotFound(id: string): ApiError {
  return notFound({ zh: `找不到流程 ${id}`, en: `no flow with id ${id}` });
}

/** onError for the API: known errors keep their status; anything else is a 500 that reveals nothing. */
export function createApiErrorHandler(log: (message: string, error: unknown) => void) {
  return (error: Error, c: Context) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(errorBody(error.code, error.bilingual, error.extra), error.status);
    }
    // Said once, with the file, by the store; the editor tells the marketer what happened.
    if (error instanceof StoreFullError) {
      return c.json(
        errorBody("database_full", {
          zh: "数据库已满（服务器磁盘空间不足），没有保存任何内容；请管理员释放服务器磁盘空间后重试",
          en: "the database is full (no space left on the server's disk), so nothing was saved; free disk space on the server, then try again",
        }),
        503,
      );
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      const code = status === 413 ? "body_too_large" : "bad_request";
      return c.json(
        errorBody(code, { zh: `请求无效：${error.message}`, en: `bad request: ${error.message}` }),
        status,
      );
    }
    log(`admin API ${c.req.method} ${c.req.path} failed`, error);
    return c.json(
      errorBody("internal", {
        zh: "服务器内部错误，请查看服务器日志后重试",
        en: "internal server error; see the server log and try again",
      }),
      500,
    );
  };
}
