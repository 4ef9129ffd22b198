// Typed fetch client for the admin API: 401 sends the editor to login, lost connections raise a toast.
import type { MenuDocument } from "../../shared/menu";
import type { Flow } from "../../shared/schema";
import { ApiError } from "./ApiError";
import type {
  FlowFunnel,
  FlowSummary,
  FlowVersion,
  FlowWithRevision,
  FunnelQuery,
  MenuPublishRecord,
  MenuPublishResult,
  MenuState,
  Problem,
  PublishResult,
  RollbackResult,
  Template,
  TrashItem,
} from "./types";

export interface ApiHooks {
  /** The session cookie is missing or expired. */
  onUnauthorized?: () => void;
  /** The server could not be reached at all. */
  onNetworkError?: (error: ApiError) => void;
}

let hooks: ApiHooks = {};

export function setApiHooks(next: ApiHooks): void {
  hooks = next;
}

/** Paths where 401 means "wrong password", not "log in again". */
const AUTH_PATHS = new Set(["/api/login", "/api/logout", "/api/session"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface RequestOptions {
  /** The caller shows the server's refusals (5xx included) itself, in place: no toast for them. */
  ownErrors?: boolean;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    const error = new ApiError(0, "network", {
      zh: "无法连接服务器，请检查网络后重试。",
      en: "Cannot reach the server. Check the connection and try again.",
    });
    error.cause = cause;
    hooks.onNetworkError?.(error);
    throw error;
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) return data as T;

  const errorObject = isRecord(data) && isRecord(data.error) ? data.error : {};
  const code = typeof errorObject.code === "string" ? errorObject.code : `http_${response.status}`;
  const message = isRecord(errorObject.message)
    ? { zh: String(errorObject.message.zh ?? ""), en: String(errorObject.message.en ?? "") }
    : typeof errorObject.message === "string"
      ? { zh: errorObject.message, en: errorObject.message }
      : undefined;
  const retryHeader = Number(response.headers.get("Retry-After") ?? errorObject.retryAfterSeconds);
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined;
  const error = new ApiError(response.status, code, message, errorObject, retryAfter);
  if (response.status === 401 && !AUTH_PATHS.has(path)) hooks.onUnauthorized?.();
  if (response.status >= 500 && !options.ownErrors) hooks.onNetworkError?.(error);
  return Promise.reject(error);
}

const enc = encodeURIComponent;

export const api = {
  login: (password: string) => request<{ ok: true }>("POST", "/api/login", { password }),
  logout: () => request<unknown>("POST", "/api/logout"),
  session: () => request<{ authenticated: boolean }>("GET", "/api/session"),

  listFlows: () => request<{ flows: FlowSummary[] }>("GET", "/api/flows"),
  getFlow: (id: string) => request<FlowWithRevision>("GET", `/api/flows/${enc(id)}`),
  createFlow: (name: string, templateId?: string) =>
    request<FlowWithRevision>("POST", "/api/flows", templateId ? { name, templateId } : { name }),
  saveFlow: (flow: Flow, baseRevision: string) =>
    request<{ revision: string }>("PUT", `/api/flows/${enc(flow.id)}`, { flow, baseRevision }),
  duplicateFlow: (id: string, name?: string) =>
    request<FlowWithRevision>("POST", `/api/flows/${enc(id)}/duplicate`, name ? { name } : {}),
  deleteFlow: (id: string) => request<{ trashId: string }>("DELETE", `/api/flows/${enc(id)}`),
  listTrash: () => request<{ items: TrashItem[] }>("GET", "/api/trash"),
  restoreTrash: (trashId: string) =>
    request<FlowWithRevision>("POST", `/api/trash/${enc(trashId)}/restore`),
  importFlow: (document: unknown) =>
    request<FlowWithRevision>("POST", "/api/flows/import", document),
  exportUrl: (id: string) => `/api/flows/${enc(id)}/export`,
  validate: (id: string, flow?: Flow) =>
    request<{ problems: Problem[] }>(
      "POST",
      `/api/flows/${enc(id)}/validate`,
      flow ? { flow } : {},
    ),
  publish: (id: string, note?: string) =>
    request<PublishResult>("POST", `/api/flows/${enc(id)}/publish`, note ? { note } : {}),
  versions: (id: string) =>
    request<{ versions: FlowVersion[] }>("GET", `/api/flows/${enc(id)}/versions`),
  version: (id: string, version: number) =>
    request<{ flow: Flow; version: number; publishedAt: string; note?: string }>(
      "GET",
      `/api/flows/${enc(id)}/versions/${version}`,
    ),
  rollback: (id: string, version: number) =>
    request<RollbackResult>("POST", `/api/flows/${enc(id)}/rollback`, { version }),
  templates: () => request<{ templates: Template[] }>("GET", "/api/templates"),
  funnel: (id: string, { days, version, through = null }: FunnelQuery) => {
    const query = new URLSearchParams({ days: String(days) });
    if (version !== null) query.set("version", String(version));
    if (through !== null) query.set("through", through);
    return request<FlowFunnel>("GET", `/api/flows/${enc(id)}/funnel?${query}`);
  },

  getMenu: () => request<MenuState>("GET", "/api/menu"),
  saveMenu: (menu: MenuDocument, revision: string | null) =>
    request<MenuState>("PUT", "/api/menu", { menu, revision }),
  publishMenu: (revision: string | null) =>
    request<MenuPublishResult>("POST", "/api/menu/publish", { revision }, { ownErrors: true }),
  menuPublishes: (limit = 20) =>
    request<{ publishes: MenuPublishRecord[] }>(
      "GET",
      `/api/menu/publishes?limit=${limit}`,
      undefined,
      // The history dialog says what went wrong in place, with a retry.
      { ownErrors: true },
    ),
};

/** Every flow document, for cross-flow validation and jump targets; one request per flow. */
export async function fetchAllFlows(exceptId?: string): Promise<Flow[]> {
  const { flows } = await api.listFlows();
  const others = flows.filter((f) => f.id !== exceptId);
  const loaded = await Promise.all(
    others.map((f) =>
      api.getFlow(f.id).then(
        (r) => r.flow,
        () => null,
      ),
    ),
  );
  return loaded.filter((f): f is Flow => f !== null);
}
