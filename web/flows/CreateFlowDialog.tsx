// New flow: a name, and either a blank start or one of the example templates.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../api/ApiError";
import { api } from "../api/client";
import type { Template } from "../api/types";
import { Modal } from "../app/Modal";

interface CreateFlowDialogProps {
  onClose: () => void;
  onCreated: (flowId: string) => void;
}

export function CreateFlowDialog({ onClose, onCreated }: CreateFlowDialogProps) {
  const { t, i18n } = useTranslation("flows");
  const [name, setName] = useState("");
  const [templates, setTemplates] = useState<Template[]>([]);
  const [templateId, setTemplateId] = useState<string>("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .templates()
      .then(({ templates }) => setTemplates(templates))
      .catch(() => setTemplates([]));
  }, []);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const chosen = templates.find((tpl) => tpl.id === templateId);
    const finalName = name.trim() || chosen?.name || t("untitled");
    setBusy(true);
    setError(null);
    try {
      const { flow } = await api.createFlow(finalName, templateId || undefined);
      onCreated(flow.id);
    } catch (e) {
      setError(errorText(e, i18n.language));
      setBusy(false);
    }
  }

  return (
    <Modal
      title={t("createTitle")}
      onClose={onClose}
      wide
      testId="create-flow-dialog"
      actions={
        <>
          <button className="btn" onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button className="btn btn-primary" disabled={busy} onClick={() => void submit()}>
            {busy ? t("creating") : t("createConfirm")}
          </button>
        </>
      }
    >
      <form onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t("name")}</span>
          <input
            // biome-ignore lint/a11y/noAutofocus: the dialog opened to name the new flow
            autoFocus
            value={name}
            placeholder={t("namePlaceholder")}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <div className="field-label">{t("startFrom")}</div>
        <div className="template-grid">
          <button
            type="button"
            className={`template-card${templateId === "" ? " selected" : ""}`}
            onClick={() => setTemplateId("")}
          >
            <div className="template-name">{t("blank")}</div>
            <div className="template-desc">{t("blankDesc")}</div>
          </button>
          {templates.map((tpl) => (
            <button
              type="button"
              key={tpl.id}
              className={`template-card${templateId === tpl.id ? " selected" : ""}`}
              onClick={() => setTemplateId(tpl.id)}
            >
              <div className="template-name">{tpl.name}</div>
              <div className="template-desc">{tpl.description}</div>
            </button>
          ))}
        </div>
        {error ? <div className="form-error">{error}</div> : null}
      </form>
    </Modal>
  );
}
