// The 预览 tab: the phone running the draft, follower and clock controls, the variables and the flow's tests.
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Flow } from "../../shared/schema";
import { useEditorStore, useEditorStoreApi } from "../store";
import { ClockControl } from "./ClockControl";
import { FollowerControls } from "./FollowerControls";
import { Phone } from "./Phone";
import { phoneMenuOf } from "./phoneMenu";
import { simulatorApi, textIn } from "./simulatorApi";
import { TestsPanel } from "./TestsPanel";
import { useSavedMenu } from "./useSavedMenu";
import { catalogOf, useSim, useSimulatorStore } from "./useSimulator";
import { VariablesInspector } from "./VariablesInspector";
import "./simulator.css";

const RERUN_DELAY_MS = 400;

export function SimulatorPane({ flowId, otherFlows }: { flowId: string; otherFlows: Flow[] }) {
  const { t, i18n } = useTranslation("simulator");
  const editor = useEditorStoreApi();
  const store = useSimulatorStore(editor, flowId, otherFlows);
  const mode = useSim(store, (s) => s.mode);
  const hasConversation = useSim(store, (s) => s.entries.length > 0);
  const selected = useEditorStore((s) =>
    s.selectedNodeIds.length === 1 ? s.selectedNodeIds[0]! : null,
  );
  const triggersVersion = useEditorStore((s) => s.meta.triggers);
  const flowName = useEditorStore((s) => s.meta.name);

  // The canvas shows the path of this conversation and where it stands.
  useEffect(() => {
    const show = () => {
      const { path, currentNodeId, mode: m } = store.getState();
      editor.getState().setHighlight(m === "local" ? { ...path, currentNodeId } : null);
    };
    show();
    return store.subscribe((now, before) => {
      if (
        now.path !== before.path ||
        now.currentNodeId !== before.currentNodeId ||
        now.mode !== before.mode
      )
        show();
      // The canvas follows the conversation, so the lit node is in view.
      if (now.currentNodeId && now.currentNodeId !== before.currentNodeId) {
        editor.getState().requestCenter(now.currentNodeId);
      }
    });
  }, [store, editor]);

  // Saved cases once, then re-run (debounced) after every edit and when the other flows arrive.
  useEffect(() => {
    simulatorApi.tests(flowId).then(
      (cases) => store.getState().setCases(cases),
      (error) => console.warn(textIn(error, i18n.language)),
    );
  }, [flowId, store, i18n.language]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = editor.subscribe((now, before) => {
      if (now.docVersion === before.docVersion) return;
      clearTimeout(timer);
      timer = setTimeout(() => store.getState().runCases(), RERUN_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [editor, store]);
  useEffect(() => {
    if (otherFlows.length > 0) store.getState().runCases();
  }, [otherFlows, store]);

  // The account's saved menu; without one, a button per click trigger (the draft's included).
  const savedMenu = useSavedMenu();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the fallback follows the draft's triggers
  const menu = useMemo(
    () => phoneMenuOf(savedMenu, catalogOf(editor.getState().toFlow(), otherFlows)),
    [editor, otherFlows, triggersVersion, savedMenu],
  );

  return (
    <div className="sim" data-testid="simulator">
      <div className="sim-toolbar">
        <label className="sim-mode" title={t("mode.serverHint")}>
          <input
            type="checkbox"
            data-testid="sim-mode-server"
            checked={mode === "server"}
            onChange={(e) => store.getState().setMode(e.target.checked ? "server" : "local")}
          />
          {t("mode.server")}
        </label>
        <div className="btn-group">
          <button
            type="button"
            className="btn btn-small"
            data-testid="sim-start-selected"
            disabled={mode !== "local" || !selected}
            title={selected ? undefined : t("startSelectedHint")}
            onClick={() => selected && store.getState().startAt(selected)}
          >
            {t("startSelected")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="sim-restart"
            disabled={!hasConversation}
            onClick={() => store.getState().restart()}
          >
            {t("restart")}
          </button>
        </div>
      </div>
      {mode === "server" ? (
        <div className="sim-note sim-note-info">{t("mode.serverNote")}</div>
      ) : null}
      <FollowerControls store={store} />
      <Phone
        store={store}
        flowId={flowId}
        title={t("accountName", { flow: flowName })}
        menu={menu.buttons}
      />
      <ClockControl store={store} />
      <details className="sim-section" open>
        <summary>{t("section.vars")}</summary>
        <VariablesInspector store={store} />
      </details>
      <details className="sim-section" open>
        <summary>{t("section.tests")}</summary>
        <TestsPanel store={store} flowId={flowId} />
      </details>
    </div>
  );
}
