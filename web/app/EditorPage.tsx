// The editor page: header (name, save state, undo/redo, layout, data, publish), palette or the data
// view's panel, canvas, right pane.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import type { Flow } from "../../shared/schema";
import { type Problem, validateFlow } from "../../shared/validate";
import { ApiError, errorText } from "../api/ApiError";
import { api, fetchAllFlows } from "../api/client";
import type { PublishedInfo } from "../api/types";
import { FlowCanvas, Palette } from "../canvas";
import { FunnelPanel } from "../funnel/FunnelPanel";
import { PublishDialog } from "../panels/PublishDialog";
import { type PaneTab, RightPane } from "../panels/RightPane";
import { useLiveProblems } from "../panels/useLiveProblems";
import { VersionsDialog } from "../panels/VersionsDialog";
import { SimulatorPane } from "../simulator/SimulatorPane";
import { createEditorStore, EditorStoreProvider } from "../store";
import { ConflictDialog } from "./ConflictDialog";
import { EditorHeader } from "./EditorHeader";
import { navigate } from "./router";
import { toast } from "./toasts";
import { useEditorShortcuts } from "./useEditorShortcuts";
import { useFlowSaver } from "./useFlowSaver";
import { useLeaveGuard } from "./useLeaveGuard";

// A failed load keeps its error, not its text: the words follow the language switch.
type LoadState = { kind: "loading" } | { kind: "ready" } | { kind: "failed"; error: unknown };

export function EditorPage({ flowId }: { flowId: string }) {
  const { t, i18n } = useTranslation("common");
  const [store] = useState(createEditorStore);
  const [load, setLoad] = useState<LoadState>({ kind: "loading" });
  const [otherFlows, setOtherFlows] = useState<Flow[] | null>(null);
  // undefined until the flow list answers: "never published" must not be said before it is known.
  const [published, setPublished] = useState<PublishedInfo | null | undefined>(undefined);
  const [tab, setTab] = useState<PaneTab>("inspector");
  const [publishing, setPublishing] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const ready = load.kind === "ready";
  const funnelOpen = useStore(store, (s) => s.funnelOpen);
  const saver = useFlowSaver(store, ready);
  useLiveProblems(store, otherFlows);

  const loadFlow = useCallback(async () => {
    try {
      const { flow, revision } = await api.getFlow(flowId);
      store.getState().loadFlow(flow, revision);
      setLoad({ kind: "ready" });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return false;
      setLoad({ kind: "failed", error: e });
      return false;
    }
    // Not on the language: a new loadFlow would run the load effect again, and loading the saved
    // file over the editor loses the edits not yet saved, the undo history and the selection.
  }, [flowId, store]);

  useEffect(() => {
    void loadFlow();
    // Other flows are context for validation (keywords, jumps) and jump targets; fetched once.
    api
      .listFlows()
      .then(({ flows }) => setPublished(flows.find((f) => f.id === flowId)?.published ?? null))
      .catch(() => undefined);
    fetchAllFlows(flowId)
      .then(setOtherFlows)
      .catch(() => setOtherFlows([]));
  }, [flowId, loadFlow]);

  // Selecting a node brings its form forward.
  useEffect(
    () =>
      store.subscribe((now, previous) => {
        if (now.selectedNodeIds !== previous.selectedNodeIds && now.selectedNodeIds.length === 1) {
          setTab((current) =>
            current === "preview" || current === "problems" ? current : "inspector",
          );
        }
      }),
    [store],
  );

  // Leaving with unsaved changes asks first: in-app navigation and closing the tab.
  const dirty = useCallback(() => store.getState().dirty, [store]);
  useLeaveGuard(dirty);

  const saveNow = useCallback(async () => {
    const ok = await saver.save("manual");
    if (!ok && saver.status !== "invalid") return false;
    return ok;
  }, [saver]);

  useEditorShortcuts(useCallback(() => void saveNow(), [saveNow]));

  const startPublish = useCallback(async () => {
    if (store.getState().dirty) {
      const ok = await saver.save("manual");
      if (!ok) {
        toast("error", t("publishNeedsSave"));
        return;
      }
    }
    // Validate now rather than trust the debounced result: the last keystroke may be 300 ms old.
    const state = store.getState();
    state.setProblems(validateFlow(state.toFlow(), otherFlows ? { otherFlows } : {}));
    setPublishing(true);
  }, [store, saver, t, otherFlows]);

  async function reloadTheirs() {
    saver.clearConflict();
    if (await loadFlow()) toast("info", t("reloaded"));
  }

  async function saveAsCopy() {
    const mine = store.getState().toFlow();
    try {
      const { flow } = await api.importFlow({ ...mine, name: t("copyName", { name: mine.name }) });
      saver.clearConflict();
      toast("success", t("savedAsCopy", { name: flow.name }));
      await navigate({ page: "editor", flowId: flow.id }, { force: true });
    } catch (e) {
      toast("error", errorText(e, i18n.language));
    }
  }

  if (load.kind !== "ready") {
    return (
      <div className="page">
        <div className="empty">
          {load.kind === "loading" ? (
            t("loading")
          ) : (
            <>
              <div className="empty-title">
                {load.error instanceof ApiError && load.error.status === 404
                  ? t("flowMissing")
                  : errorText(load.error, i18n.language)}
              </div>
              <button className="btn btn-primary" onClick={() => void navigate({ page: "flows" })}>
                {t("backToList")}
              </button>
            </>
          )}
        </div>
      </div>
    );
  }

  return (
    <EditorStoreProvider store={store}>
      <div className="editor">
        <EditorHeader
          saver={saver}
          published={published ?? null}
          onSave={() => void saveNow()}
          onPublish={() => void startPublish()}
          onVersions={() => setVersionsOpen(true)}
          onProblems={() => setTab("problems")}
        />
        <div className={`editor-body${funnelOpen ? " is-data" : ""}`}>
          <aside className="palette-pane">
            {funnelOpen ? <FunnelPanel flowId={flowId} published={published} /> : <Palette />}
          </aside>
          <main className="canvas-pane">
            <FlowCanvas />
          </main>
          <RightPane
            tab={tab}
            onTab={setTab}
            otherFlows={otherFlows ?? []}
            preview={<SimulatorPane flowId={flowId} otherFlows={otherFlows ?? []} />}
          />
        </div>
      </div>
      {saver.conflict ? (
        <ConflictDialog
          onReload={() => void reloadTheirs()}
          onSaveAsCopy={() => void saveAsCopy()}
          onClose={() => undefined}
        />
      ) : null}
      {publishing ? (
        <PublishDialog
          flowId={flowId}
          problems={store.getState().problems}
          onClose={() => setPublishing(false)}
          onOpenProblem={(p: Problem) => {
            if (p.nodeId) store.getState().selectNode(p.nodeId);
            setTab("problems");
          }}
          onPublished={({ version, publishedAt, unchanged, layoutChanged }, withNote) => {
            setPublishing(false);
            setPublished({ version, publishedAt });
            if (!unchanged) {
              toast("success", t("publishedToast", { version }));
              return;
            }
            // Which sentence: moved nodes explain why nothing was new; a typed note was dropped.
            const context = layoutChanged
              ? withNote
                ? "layoutNote"
                : "layout"
              : withNote
                ? "note"
                : undefined;
            toast("info", t("publishUnchanged", { version, context }));
          }}
        />
      ) : null}
      {versionsOpen ? (
        <VersionsDialog
          flowId={flowId}
          onClose={() => setVersionsOpen(false)}
          onRolledBack={(version) =>
            setPublished({ version, publishedAt: new Date().toISOString() })
          }
        />
      ) : null}
    </EditorStoreProvider>
  );
}
