// One error type for every failed admin API call, carrying the server's code and bilingual message.
import type { Bilingual, FlowLoadErrorItem, Problem } from "./types";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly text: Bilingual | undefined;
  /** The whole `error` object of the answer, for extras such as `currentRevision`. */
  readonly detail: Record<string, unknown>;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: string,
    text: Bilingual | undefined,
    detail: Record<string, unknown> = {},
    retryAfterSeconds?: number,
  ) {
    super(text?.en ?? `${code} (HTTP ${status})`);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.text = text;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  get isStale(): boolean {
    return this.status === 409;
  }

  /** The per-node errors of an `invalid_flow` answer (import, save). */
  get flowErrors(): FlowLoadErrorItem[] {
    const errors = this.detail.errors;
    return Array.isArray(errors) ? (errors as FlowLoadErrorItem[]) : [];
  }

  /** The validation problems of a `has_errors` answer (publish). */
  get problems(): Problem[] {
    const problems = this.detail.problems;
    return Array.isArray(problems) ? (problems as Problem[]) : [];
  }
}

/** The message a person reads, in their language; falls back to the code. */
export function errorText(error: unknown, lang: string): string {
  if (error instanceof ApiError) {
    if (error.text) return lang === "en" ? error.text.en : error.text.zh;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A server message that may be plain or bilingual. */
export function localText(message: string | Bilingual, lang: string): string {
  if (typeof message === "string") return message;
  return lang === "en" ? message.en : message.zh;
}
