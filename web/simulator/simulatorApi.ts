// The simulator's HTTP calls: saved test cases and the server sandbox (POST /api/sandbox/send).
import type { TestCase, TestInput } from "../../shared/testcase";
import type { SandboxAnswer } from "./simulatorStore";

export interface Bilingual {
  zh: string;
  en: string;
}

export class SimulatorApiError extends Error {
  constructor(
    readonly status: number,
    readonly text: Bilingual,
  ) {
    super(text.en);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new SimulatorApiError(0, {
      zh: "无法连接服务器，请检查网络后重试。",
      en: "Cannot reach the server. Check the connection and try again.",
    });
  }
  const data = (await res.json().catch(() => null)) as {
    error?: { message?: Bilingual | string };
  } | null;
  if (res.ok) return data as T;
  const message = data?.error?.message;
  const text =
    typeof message === "string"
      ? { zh: message, en: message }
      : (message ?? {
          zh: `请求失败（HTTP ${res.status}）`,
          en: `request failed (HTTP ${res.status})`,
        });
  throw new SimulatorApiError(res.status, text);
}

const enc = encodeURIComponent;

export const simulatorApi = {
  tests: (flowId: string) =>
    call<{ cases: TestCase[] }>("GET", `/api/flows/${enc(flowId)}/tests`).then((r) => r.cases),
  saveTests: (flowId: string, cases: TestCase[]) =>
    call<unknown>("PUT", `/api/flows/${enc(flowId)}/tests`, { cases }),
  sandboxSend: (flowId: string, openid: string, input: TestInput) =>
    call<SandboxAnswer>("POST", "/api/sandbox/send", { flowId, openid, input }),
};

export function textIn(error: unknown, language: string): string {
  if (error instanceof SimulatorApiError)
    return language.startsWith("en") ? error.text.en : error.text.zh;
  return error instanceof Error ? error.message : String(error);
}
