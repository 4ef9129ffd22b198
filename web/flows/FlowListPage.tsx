// The flow list: find, create, duplicate, import, export and delete flows; restore from the trash.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorText } from "../api/ApiError";
import { api } from "../api/client";
import type { FlowLoadErrorItem, FlowSummary } from "../api/types";
import { askConfirm } from "../app/confirm";
import { LanguageSwitch } from "../app/LanguageSwitch";
import { navigate } from "../app/router";
import { toast } from "../app/toasts";
import { CreateFlowDialog } from "./CreateFlowDialog";
import { FlowRow } from "./FlowRow";
import { ImportErrorsDialog } from "./ImportErrorsDialog";
import { TrashDialog } from "./TrashDialog";

export function FlowListPage() {
  const { t, i18n } = useTranslation("flows");
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const [trashOpen, setTrashOpen] = useState(false);
  const [importErrors, setImportErrors] = useState<{
    file: string;
    errors: FlowLoadErrorItem[];
  } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => {
    api
      .listFlows()
      .then(({ flows }) => {
        setFlows(flows);
        setLoadError(null);
      })
      .catch((e) => {
        if (!(e instanceof ApiError && e.status === 401)) setLoadError(errorText(e, i18n.language));
      });
  }, [i18n]);

  useEffect(reload, [reload]);

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = flows ?? [];
    const matching = q
      ? list.filter(
          (f) => f.name.toLowerCase().includes(q) || f.description.toLowerCase().includes(q),
        )
      : list;
    return [...matching].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  }, [flows, query]);

  async function duplicate(flow: FlowSummary) {
    try {
      const { flow: copy } = await api.duplicateFlow(flow.id, t("copyName", { name: flow.name }));
      toast("success", t("duplicated", { name: copy.name }));
      reload();
    } catch (e) {
      toast("error", errorText(e, i18n.language));
    }
  }

  async function remove(flow: FlowSummary) {
    const ok = await askConfirm({
      title: t("deleteTitle", { name: flow.name }),
      body: t("deleteBody"),
      confirmLabel: t("delete"),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteFlow(flow.id);
      toast("success", t("deleted", { name: flow.name }));
      reload();
    } catch (e) {
      toast("error", errorText(e, i18n.language));
    }
  }

  async function importFile(file: File) {
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch (e) {
      setImportErrors({
        file: file.name,
        errors: [{ field: "", message: t("notJson", { detail: (e as Error).message }) }],
      });
      return;
    }
    try {
      const { flow } = await api.importFlow(document);
      toast("success", t("imported", { name: flow.name }));
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const errors = e.flowErrors.length
          ? e.flowErrors
          : [{ field: "", message: errorText(e, i18n.language) }];
        setImportErrors({ file: file.name, errors });
      } else {
        toast("error", errorText(e, i18n.language));
      }
    }
  }

  return (
    <div className="page">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark">话</span>
          <span className="brand-name">{t("common:product")}</span>
        </div>
        <div className="topbar-spacer" />
        <LanguageSwitch />
        <button
          className="btn btn-ghost"
          onClick={() => {
            void api.logout().finally(() => navigate({ page: "login" }, { force: true }));
          }}
        >
          {t("common:logout")}
        </button>
      </header>

      <main className="list-main">
        <div className="list-head">
          <div>
            <h1 className="page-title">{t("title")}</h1>
            <p className="page-lead">{t("lead")}</p>
          </div>
          <div className="list-actions">
            <button
              className="btn"
              data-testid="open-menu"
              title={t("menu:openMenuHint")}
              onClick={() => void navigate({ page: "menu" })}
            >
              {t("menu:openMenu")}
            </button>
            <button className="btn" onClick={() => setTrashOpen(true)}>
              {t("trash")}
            </button>
            <button className="btn" onClick={() => fileInput.current?.click()}>
              {t("import")}
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".json,application/json"
              hidden
              data-testid="import-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = "";
                if (file) void importFile(file);
              }}
            />
            <button className="btn btn-primary" onClick={() => setCreating(true)}>
              {t("create")}
            </button>
          </div>
        </div>

        <div className="search">
          <input
            type="search"
            value={query}
            placeholder={t("searchPlaceholder")}
            aria-label={t("searchPlaceholder")}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>

        {loadError ? (
          <div className="empty">
            <p>{loadError}</p>
            <button className="btn" onClick={reload}>
              {t("common:retry")}
            </button>
          </div>
        ) : flows === null ? (
          <div className="empty">{t("common:loading")}</div>
        ) : visible.length === 0 ? (
          <div className="empty">
            <div className="empty-title">{query ? t("noMatchTitle") : t("emptyTitle")}</div>
            <p>{query ? t("noMatchBody") : t("emptyBody")}</p>
            {query ? null : (
              <button className="btn btn-primary" onClick={() => setCreating(true)}>
                {t("create")}
              </button>
            )}
          </div>
        ) : (
          <div className="flow-list" data-testid="flow-list">
            {visible.map((flow) => (
              <FlowRow
                key={flow.id}
                flow={flow}
                onOpen={() => void navigate({ page: "editor", flowId: flow.id })}
                onDuplicate={() => void duplicate(flow)}
                onDelete={() => void remove(flow)}
              />
            ))}
          </div>
        )}
      </main>

      {creating ? (
        <CreateFlowDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void navigate({ page: "editor", flowId: id });
          }}
        />
      ) : null}
      {trashOpen ? (
        <TrashDialog
          onClose={() => setTrashOpen(false)}
          onRestored={() => {
            reload();
          }}
        />
      ) : null}
      {importErrors ? (
        <ImportErrorsDialog
          file={importErrors.file}
          errors={importErrors.errors}
          onClose={() => setImportErrors(null)}
        />
      ) : null}
    </div>
  );
}
