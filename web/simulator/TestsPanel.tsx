// The 测试 section: copy the conversation as text, save it as a test case, and see every case pass or fail.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeTestInput } from "../../shared/testcase";
import { simulatorApi, textIn } from "./simulatorApi";
import { type SimulatorStore, useSim } from "./useSimulator";

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (no permission, not a secure context): the old way.
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export function TestsPanel({ store, flowId }: { store: SimulatorStore; flowId: string }) {
  const { t, i18n } = useTranslation("simulator");
  const cases = useSim(store, (s) => s.cases);
  const results = useSim(store, (s) => s.results);
  const canSave = useSim(store, (s) => s.mode === "local" && s.recorded.length > 0);
  const [name, setName] = useState("");
  const [note, setNote] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  async function persist(next: typeof cases, done: string) {
    try {
      await simulatorApi.saveTests(flowId, next);
      store.getState().setCases(next);
      setNote({ kind: "ok", text: done });
    } catch (error) {
      setNote({ kind: "error", text: textIn(error, i18n.language) });
    }
  }

  async function save() {
    const testCase = store
      .getState()
      .toTestCase(name || t("tests.defaultName", { n: cases.length + 1 }));
    if (!testCase) return;
    setName("");
    await persist([...cases, testCase], t("tests.saved", { name: testCase.name }));
  }

  async function copy() {
    const ok = await copyText(store.getState().transcript());
    setNote(
      ok ? { kind: "ok", text: t("tests.copied") } : { kind: "error", text: t("tests.copyFailed") },
    );
  }

  const passed = cases.filter((c) => results[c.id]?.passed).length;
  return (
    <div className="sim-tests" data-testid="sim-tests">
      <div className="sim-tests-actions">
        <button
          type="button"
          className="btn btn-small"
          data-testid="sim-copy"
          onClick={() => void copy()}
        >
          {t("tests.copy")}
        </button>
        <input
          className="sim-case-name"
          data-testid="sim-case-name"
          value={name}
          placeholder={t("tests.namePlaceholder")}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="button"
          className="btn btn-small btn-primary"
          data-testid="sim-save-case"
          disabled={!canSave}
          onClick={() => void save()}
        >
          {t("tests.save")}
        </button>
      </div>
      {note ? <div className={`sim-note sim-note-${note.kind}`}>{note.text}</div> : null}
      {cases.length === 0 ? (
        <div className="sim-muted">{t("tests.none")}</div>
      ) : (
        <div className="sim-muted">{t("tests.summary", { passed, total: cases.length })}</div>
      )}
      <ul className="sim-cases">
        {cases.map((c) => {
          const result = results[c.id];
          const status = result ? (result.passed ? "pass" : "fail") : "pending";
          const failing = result?.steps.find((s) => s.diff.length > 0);
          return (
            <li
              key={c.id}
              className={`sim-case sim-case-${status}`}
              data-testid={`sim-case-${c.id}`}
              data-status={status}
            >
              <div className="sim-case-row" onClick={() => setOpen(open === c.id ? null : c.id)}>
                <span className="sim-case-dot">
                  {status === "pass" ? "✓" : status === "fail" ? "✗" : "…"}
                </span>
                <span className="sim-case-title">{c.name}</span>
                <button
                  type="button"
                  className="sim-case-remove"
                  title={t("tests.remove")}
                  onClick={(e) => {
                    e.stopPropagation();
                    void persist(
                      cases.filter((x) => x.id !== c.id),
                      t("tests.removed", { name: c.name }),
                    );
                  }}
                >
                  ×
                </button>
              </div>
              {failing && (open === c.id || status === "fail") ? (
                <div className="sim-diff">
                  <div>
                    {t("tests.step", { n: failing.index })} &gt; {describeTestInput(failing.input)}
                  </div>
                  {failing.diff.map((d) => (
                    <div key={d.position} className="sim-diff-pair">
                      <div className="sim-diff-expected">
                        −{" "}
                        {d.expected === null
                          ? t("tests.nothing")
                          : typeof d.expected === "string"
                            ? d.expected
                            : d.expected.text}
                      </div>
                      <div className="sim-diff-actual">
                        + {d.actual === null ? t("tests.nothing") : d.actual.text}
                      </div>
                    </div>
                  ))}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
