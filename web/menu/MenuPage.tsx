// The custom menu page (#/menu): the phone preview, the selected button's form, the problems, and
// saving and publishing to WeChat.
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import { checkMenu, type MenuProblem } from "../../shared/menu";
import { ApiError, errorText } from "../api/ApiError";
import { api } from "../api/client";
import type { Bilingual, MenuState } from "../api/types";
import { askConfirm } from "../app/confirm";
import { navigate } from "../app/router";
import { toast } from "../app/toasts";
import { useLeaveGuard } from "../app/useLeaveGuard";
import { ButtonForm } from "./ButtonForm";
import { MenuConflictDialog } from "./MenuConflictDialog";
import { MenuHeader } from "./MenuHeader";
import { MenuHistoryDialog } from "./MenuHistoryDialog";
import { MenuPhone } from "./MenuPhone";
import { MenuProblems } from "./MenuProblems";
import { createMenuEditorStore } from "./menuStore";
import { draftDiffers, publishBlocker } from "./publishState";
import { useMenuSaver } from "./useMenuSaver";
import { useMenuShortcuts } from "./useMenuShortcuts";
import "./menu.css";

type Context = Omit<MenuState, "menu" | "revision" | "updatedAt" | "problems">;
type LoadState = { kind: "loading" } | { kind: "ready" } | { kind: "failed"; error: unknown };

/** Why the last publish did not happen (the server names WeChat's errcode), kept until dismissed. */
interface PublishFailure {
  message: Bilingual | string;
}

export function MenuPage() {
  const { t, i18n } = useTranslation("menu");
  const [store] = useState(createMenuEditorStore);
  const [load, setLoad] = useState<LoadState>({ kind: "loading" });
  const [context, setContext] = useState<Context | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [failure, setFailure] = useState<PublishFailure | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const menu = useStore(store, (s) => s.menu);
  const ready = load.kind === "ready";

  const adopt = useCallback((state: MenuState) => {
    const { clickKeys, published, wechat } = state;
    setContext({ clickKeys, published, wechat });
  }, []);
  const saver = useMenuSaver(store, ready, adopt);

  const loadMenu = useCallback(async () => {
    try {
      const state = await api.getMenu();
      store.getState().load(state.menu, state.revision);
      adopt(state);
      setLoad({ kind: "ready" });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return false;
      setLoad({ kind: "failed", error: e });
      return false;
    }
  }, [store, adopt]);

  useEffect(() => {
    void loadMenu();
  }, [loadMenu]);

  const problems = useMemo(
    () =>
      checkMenu(
        menu,
        context ? { claimedClickKeys: new Set(context.clickKeys.map((k) => k.key)) } : {},
      ),
    [menu, context],
  );

  // Leaving with unsaved changes asks first: in-app navigation and closing the tab.
  const dirty = useCallback(() => store.getState().dirty, [store]);
  useLeaveGuard(dirty);

  const saveNow = useCallback(() => void saver.save("manual"), [saver]);
  useMenuShortcuts(store, saveNow);

  const blocker = publishBlocker({
    problems,
    wechatConfigured: context?.wechat.configured ?? false,
    saveStatus: saver.status,
    conflict: saver.conflict,
  });
  const published = context?.published ?? null;

  async function publish() {
    if (store.getState().dirty || store.getState().revision === null) {
      if (!(await saver.save("manual"))) {
        toast("error", t("publishNeedsSave"));
        return;
      }
    }
    const ok = await askConfirm({
      title: t("publishConfirmTitle"),
      body: t("publishConfirmBody"),
      confirmLabel: t("publishConfirm"),
    });
    if (!ok) return;
    setPublishing(true);
    setFailure(null);
    try {
      const result = await api.publishMenu(store.getState().revision);
      adopt(result);
      toast("success", t("publishedToast", { version: result.version }));
    } catch (e) {
      if (e instanceof ApiError && e.code === "conflict") {
        // The saved draft changed since: the same choice as a conflicting save.
        saver.markConflict();
      } else if (e instanceof ApiError && !e.isNetwork) {
        setFailure({ message: e.text ?? e.message });
      }
    } finally {
      setPublishing(false);
    }
  }

  async function reloadTheirs() {
    saver.clearConflict();
    if (await loadMenu()) toast("info", t("reloaded"));
  }

  async function overwrite() {
    try {
      // Base the next save on what the server has now, so it replaces it.
      const { revision } = await api.getMenu();
      store.setState({ revision });
      saver.clearConflict();
      await saver.save("manual");
    } catch (e) {
      toast("error", errorText(e, i18n.language));
    }
  }

  function openProblem(problem: MenuProblem) {
    if (!problem.buttonId) return;
    store.getState().select(problem.buttonId);
    // Bring the field to fix under the cursor once the form shows that button.
    requestAnimationFrame(() => {
      const field = document.querySelector<HTMLElement>(
        `[data-testid=menu-form] [data-field="${problem.field ?? "name"}"]`,
      );
      field?.focus();
    });
  }

  if (load.kind !== "ready") {
    return (
      <div className="page">
        <div className="empty">
          {load.kind === "loading" ? (
            t("common:loading")
          ) : (
            <>
              <div className="empty-title">{t("loadFailed")}</div>
              <p>{errorText(load.error, i18n.language)}</p>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void navigate({ page: "flows" })}
              >
                {t("common:backToList")}
              </button>
            </>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="editor menu-page" data-testid="menu-page">
      <MenuHeader
        store={store}
        saver={saver}
        published={published}
        differs={published ? draftDiffers(menu, published.menu) : false}
        blocker={blocker}
        publishing={publishing}
        onSave={saveNow}
        onPublish={() => void publish()}
        onHistory={() => setHistoryOpen(true)}
      />
      {failure ? (
        <div className="menu-failure" role="alert" data-testid="menu-publish-failure">
          <div>
            <strong>{t("publishFailedTitle")}</strong>
            <p>
              {typeof failure.message === "string"
                ? failure.message
                : i18n.language === "en"
                  ? failure.message.en
                  : failure.message.zh}
            </p>
          </div>
          <button type="button" className="btn btn-small" onClick={() => setFailure(null)}>
            {t("dismiss")}
          </button>
        </div>
      ) : null}
      <div className="menu-body">
        <main className="menu-stage">
          <MenuPhone store={store} problems={problems} />
        </main>
        <aside className="menu-side">
          <section className="menu-side-section">
            <ButtonForm store={store} problems={problems} clickKeys={context?.clickKeys ?? []} />
          </section>
          <section className="menu-side-section" data-testid="menu-problems-section">
            <h3 className="menu-side-title">{t("problems")}</h3>
            <MenuProblems problems={problems} onOpen={openProblem} />
          </section>
        </aside>
      </div>
      {historyOpen ? (
        <MenuHistoryDialog store={store} onClose={() => setHistoryOpen(false)} />
      ) : null}
      {saver.conflict ? (
        <MenuConflictDialog
          onReload={() => void reloadTheirs()}
          onOverwrite={() => void overwrite()}
        />
      ) : null}
    </div>
  );
}
