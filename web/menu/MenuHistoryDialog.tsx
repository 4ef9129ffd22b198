// Every menu published to WeChat, newest (live) first; one is shown read-only on the phone and can be
// loaded into the draft as one undoable edit. A rollback is that load, then the usual publish.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import { errorText } from "../api/ApiError";
import { api } from "../api/client";
import type { MenuPublishRecord } from "../api/types";
import { askConfirm } from "../app/confirm";
import { formatDateTime, formatTime } from "../app/formatTime";
import { Modal } from "../app/Modal";
import { toast } from "../app/toasts";
import { MenuPhoneView } from "./MenuPhone";
import type { MenuEditorStore } from "./menuStore";
import { menuSummary } from "./menuSummary";
import { draftDiffers } from "./publishState";

/** How many publishes the dialog lists; older ones stay in the database. */
const HISTORY_LIMIT = 50;

type History =
  | { kind: "loading" }
  | { kind: "failed"; error: unknown }
  | { kind: "ready"; publishes: MenuPublishRecord[] };

interface MenuHistoryDialogProps {
  store: MenuEditorStore;
  onClose: () => void;
}

export function MenuHistoryDialog({ store, onClose }: MenuHistoryDialogProps) {
  const { t, i18n } = useTranslation("menu");
  const [history, setHistory] = useState<History>({ kind: "loading" });
  const [version, setVersion] = useState<number | null>(null);
  const draft = useStore(store, (s) => s.menu);

  const load = useCallback(() => {
    setHistory({ kind: "loading" });
    api
      .menuPublishes(HISTORY_LIMIT)
      .then(({ publishes }) => {
        const newestFirst = [...publishes].sort((a, b) => b.version - a.version);
        setHistory({ kind: "ready", publishes: newestFirst });
        setVersion((v) => v ?? newestFirst[0]?.version ?? null);
      })
      .catch((error) => setHistory({ kind: "failed", error }));
  }, []);

  useEffect(load, [load]);

  const publishes = history.kind === "ready" ? history.publishes : [];
  const live = publishes[0]?.version;
  const selected = publishes.find((p) => p.version === version) ?? null;

  async function loadIntoDraft(record: MenuPublishRecord) {
    if (store.getState().dirty) {
      const ok = await askConfirm({
        title: t("historyDirtyTitle"),
        body: t("historyDirtyBody", { version: record.version }),
        confirmLabel: t("historyDirtyConfirm", { version: record.version }),
        danger: true,
      });
      if (!ok) return;
    }
    store.getState().replace(record.menu);
    // Loading the live version back only discards the draft's changes: nothing left to publish.
    const key = record.version === live ? "historyLoadedLive" : "historyLoaded";
    toast("success", t(key, { version: record.version }));
    onClose();
  }

  return (
    <Modal
      title={t("historyTitle")}
      onClose={onClose}
      // Wide enough for the list beside the phone once there is a list; a plain dialog until then.
      wide
      className={publishes.length > 0 ? "menu-history" : undefined}
      testId="menu-history-dialog"
      actions={
        <button type="button" className="btn" onClick={onClose}>
          {t("common:close")}
        </button>
      }
    >
      {history.kind === "loading" ? (
        <div className="empty small">{t("common:loading")}</div>
      ) : history.kind === "failed" ? (
        <div className="empty small" role="alert" data-testid="menu-history-error">
          <div className="empty-title">{t("historyLoadFailed")}</div>
          <p>{errorText(history.error, i18n.language)}</p>
          <button type="button" className="btn btn-primary" onClick={load}>
            {t("common:retry")}
          </button>
        </div>
      ) : publishes.length === 0 ? (
        <div className="empty small" data-testid="menu-history-empty">
          <div className="empty-title">{t("historyEmpty")}</div>
          <p>{t("historyEmptyHint")}</p>
        </div>
      ) : (
        <>
          <p className="modal-text muted">{t("historyLead")}</p>
          <div className="menu-history-body">
            <ul className="menu-history-list" data-testid="menu-history-list">
              {publishes.map((p) => (
                <li key={p.version}>
                  <HistoryRow
                    record={p}
                    live={p.version === live}
                    sameAsDraft={!draftDiffers(draft, p.menu)}
                    selected={p.version === selected?.version}
                    onSelect={() => setVersion(p.version)}
                  />
                </li>
              ))}
            </ul>
            {selected ? (
              <VersionPreview
                key={selected.version}
                record={selected}
                sameAsDraft={!draftDiffers(draft, selected.menu)}
                onLoad={() => void loadIntoDraft(selected)}
              />
            ) : (
              <p className="muted small">{t("historyPick")}</p>
            )}
          </div>
        </>
      )}
    </Modal>
  );
}

function HistoryRow(props: {
  record: MenuPublishRecord;
  live: boolean;
  sameAsDraft: boolean;
  selected: boolean;
  onSelect: () => void;
}) {
  const { record, live, sameAsDraft, selected, onSelect } = props;
  const { t, i18n } = useTranslation("menu");
  const relative = formatTime(record.publishedAt, i18n.language);
  const absolute = formatDateTime(record.publishedAt, i18n.language);
  const summary = menuSummary(record.menu, t);
  return (
    <button
      type="button"
      className={`menu-history-row${selected ? " is-selected" : ""}`}
      data-testid="menu-history-row"
      aria-pressed={selected}
      onClick={onSelect}
    >
      <span className="menu-history-head">
        <span className="strong">{t("historyVersion", { version: record.version })}</span>
        {live ? <span className="badge badge-green">{t("historyLive")}</span> : null}
        {sameAsDraft ? (
          <span className="badge badge-blue" data-testid="menu-history-same">
            {t("historySameAsDraft")}
          </span>
        ) : live ? (
          <span className="badge badge-amber" data-testid="menu-history-differs">
            {t("historyDraftDiffers")}
          </span>
        ) : null}
      </span>
      <span className="muted small">
        {relative === absolute ? absolute : t("historyWhen", { relative, absolute })}
      </span>
      <span className="menu-history-summary" title={summary} data-testid="menu-history-summary">
        {summary}
      </span>
    </button>
  );
}

/** The version on a read-only phone, the first sub-menu open so its sub-buttons show too. */
function VersionPreview(props: {
  record: MenuPublishRecord;
  sameAsDraft: boolean;
  onLoad: () => void;
}) {
  const { record, sameAsDraft, onLoad } = props;
  const { t } = useTranslation("menu");
  const { buttons } = record.menu;
  const parent = buttons.find((b) => b.children.length > 0);
  const hasSubMenu = parent !== undefined;
  const [selectedId, setSelectedId] = useState<string | null>((parent ?? buttons[0])?.id ?? null);
  return (
    <section className="menu-history-preview" data-testid="menu-history-preview">
      <h3 className="menu-side-title">{t("historyPreview", { version: record.version })}</h3>
      <MenuPhoneView
        menu={record.menu}
        selectedId={selectedId}
        hint={t(hasSubMenu ? "historyPreviewHint" : "historyPreviewPlain")}
        onSelect={setSelectedId}
        compact
      />
      <button
        type="button"
        className="btn btn-primary"
        data-testid="menu-history-load"
        disabled={sameAsDraft}
        onClick={onLoad}
      >
        {sameAsDraft ? t("historyLoadSame") : t("historyLoad")}
      </button>
    </section>
  );
}
