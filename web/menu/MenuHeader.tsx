// The menu page's top bar: back, title, save state, undo/redo, what WeChat has now, save and publish.
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import { localText } from "../api/ApiError";
import type { MenuPublishRecord } from "../api/types";
import { formatTime } from "../app/formatTime";
import { LanguageSwitch } from "../app/LanguageSwitch";
import { navigate } from "../app/router";
import { SaveStatusBadge } from "../app/SaveStatus";
import type { MenuEditorStore } from "./menuStore";
import type { PublishBlocker } from "./publishState";
import type { MenuSaver } from "./useMenuSaver";

interface MenuHeaderProps {
  store: MenuEditorStore;
  saver: MenuSaver;
  published: MenuPublishRecord | null;
  differs: boolean;
  blocker: PublishBlocker | null;
  publishing: boolean;
  onSave: () => void;
  onPublish: () => void;
  onHistory: () => void;
}

export function MenuHeader(props: MenuHeaderProps) {
  const { store, saver, published, differs, blocker, publishing, onSave, onPublish, onHistory } =
    props;
  const { t, i18n } = useTranslation("menu");
  const dirty = useStore(store, (s) => s.dirty);
  const canUndo = useStore(store, (s) => s.past.length > 0);
  const canRedo = useStore(store, (s) => s.future.length > 0);
  const why = blocker
    ? blocker.reason === "errors"
      ? t("publishBlockedErrors", { count: blocker.count })
      : t(
          blocker.reason === "conflict"
            ? "publishBlockedConflict"
            : blocker.reason === "invalid"
              ? "publishBlockedInvalid"
              : "publishBlockedNotConfigured",
        )
    : null;

  return (
    <header className="editor-header menu-header">
      <button
        type="button"
        className="btn btn-ghost back-btn"
        data-testid="back-to-list"
        onClick={() => void navigate({ page: "flows" })}
      >
        ← {t("common:flows")}
      </button>
      <h1 className="menu-title">{t("title")}</h1>
      <SaveStatusBadge status={saver.status} dirty={dirty} />
      {saver.status === "invalid" && saver.invalid ? (
        <span className="header-error" data-testid="menu-save-error">
          {t("cannotSave", { reason: localText(saver.invalid, i18n.language) })}
        </span>
      ) : null}
      <div className="header-spacer" />
      <div className="btn-group">
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="menu-undo"
          title={t("undoTitle")}
          disabled={!canUndo}
          onClick={() => store.getState().undo()}
        >
          ↶ {t("undo")}
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="menu-redo"
          title={t("redoTitle")}
          disabled={!canRedo}
          onClick={() => store.getState().redo()}
        >
          ↷ {t("redo")}
        </button>
      </div>
      <span className="menu-published" data-testid="menu-published">
        {published
          ? t("published", {
              version: published.version,
              time: formatTime(published.publishedAt, i18n.language),
            })
          : t("neverPublished")}
        {published && differs ? (
          <span className="menu-differs" data-testid="menu-differs">
            {t("draftDiffers")}
          </span>
        ) : null}
      </span>
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="menu-history"
        title={t("historyButtonTitle")}
        onClick={onHistory}
      >
        {t("history")}
      </button>
      <button
        type="button"
        className="btn"
        data-testid="menu-save"
        title={`${t("common:save")} (Ctrl+S)`}
        disabled={saver.status === "saving"}
        onClick={onSave}
      >
        {t("common:save")}
      </button>
      <div className="menu-publish">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="menu-publish"
          disabled={blocker !== null || publishing}
          title={why ?? undefined}
          aria-describedby={why ? "menu-publish-why" : undefined}
          onClick={onPublish}
        >
          {publishing ? t("publishing") : t("publish")}
        </button>
        {why ? (
          <span className="menu-publish-why" id="menu-publish-why" data-testid="menu-publish-why">
            {why}
          </span>
        ) : null}
      </div>
      <LanguageSwitch />
    </header>
  );
}
