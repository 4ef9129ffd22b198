// While an http node waits: answer it with a mock success, a failure, a timeout, or the real URL from the browser.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { HttpResult } from "../../shared/engine";
import { useEditorStore } from "../store";
import type { HttpEffect } from "./simulatorStore";
import type { SimulatorStore } from "./useSimulator";

/** A body that fills every mapped path, so "success" works without typing JSON. */
export function sampleBody(paths: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const path of paths) {
    const parts = path.split(".");
    let at: Record<string, unknown> = body;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) at[part] = `示例${part}`;
      else {
        at[part] = (at[part] as Record<string, unknown> | undefined) ?? {};
        at = at[part] as Record<string, unknown>;
      }
    });
  }
  return body;
}

async function callReal(effect: HttpEffect): Promise<HttpResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), effect.timeoutMs);
  try {
    const res = await fetch(effect.url, {
      method: effect.method,
      headers: effect.headers,
      body: effect.body || undefined,
      signal: controller.signal,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the text itself
    }
    return res.ok
      ? { ok: true, status: res.status, body }
      : { ok: false, reason: "status", status: res.status };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, reason: "timeout" };
    return {
      ok: false,
      reason: "network",
      // The marketer reads the translated http.cors text; the trace keeps the browser's own error.
      message: String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

export function HttpCard({ store, effect }: { store: SimulatorStore; effect: HttpEffect }) {
  const { t } = useTranslation("simulator");
  const node = useEditorStore((s) => s.nodes.find((n) => n.id === effect.nodeId)?.data);
  const paths = useMemo(
    () => (node?.kind === "http" ? node.responseMappings.map((m) => m.path) : []),
    [node],
  );
  const [body, setBody] = useState(() => JSON.stringify(sampleBody(paths), null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const [calling, setCalling] = useState(false);

  async function answer(result: HttpResult) {
    await store.getState().answerHttp(result);
  }

  function succeed() {
    try {
      setProblem(null);
      void answer({ ok: true, status: 200, body: JSON.parse(body || "null") });
    } catch {
      setProblem(t("http.badJson"));
    }
  }

  async function real() {
    setCalling(true);
    setProblem(null);
    const result = await callReal(effect);
    setCalling(false);
    if (!result.ok && result.reason === "network") setProblem(t("http.cors"));
    await answer(result);
  }

  return (
    <div className="sim-http" data-testid="sim-http">
      <div className="sim-http-head">
        {t("http.waiting")} <code>{effect.method}</code>{" "}
        <span className="sim-http-url">{effect.url}</span>
      </div>
      <textarea
        className="sim-http-body"
        data-testid="sim-http-body"
        value={body}
        rows={4}
        onChange={(e) => setBody(e.target.value)}
      />
      {problem ? <div className="sim-http-problem">{problem}</div> : null}
      <div className="sim-http-actions">
        <button
          type="button"
          className="btn btn-small btn-primary"
          data-testid="sim-http-success"
          onClick={succeed}
        >
          {t("http.success")}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void answer({ ok: false, reason: "status", status: 500 })}
        >
          {t("http.failure")}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void answer({ ok: false, reason: "timeout" })}
        >
          {t("http.timeout")}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={calling}
          onClick={() => void real()}
        >
          {calling ? t("http.calling") : t("http.real")}
        </button>
      </div>
    </div>
  );
}
