// http node: an outbound request; the answer's fields go into variables, then success or failure.
import { useTranslation } from "react-i18next";
import { httpMethods } from "../../../shared/schema";
import { Field, NumberInput, removeAt, replaceAt, Section } from "../fields";
import { TemplateText, VariableInput } from "../TemplateText";
import type { FormProps } from "./formProps";

export function HttpForm({ node, change }: FormProps<"http">) {
  const { t } = useTranslation("inspector");
  const hasBody = node.method !== "GET" && node.method !== "DELETE";
  return (
    <>
      <div className="field-row">
        <Field label={t("method")}>
          <select
            value={node.method}
            onChange={(e) => change({ method: e.target.value as (typeof httpMethods)[number] })}
          >
            {httpMethods.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("timeoutMs")}>
          <NumberInput
            value={node.timeoutMs}
            min={100}
            max={30000}
            step={100}
            onChange={(v) =>
              change({ timeoutMs: Math.min(30000, Math.max(100, Math.round(v ?? 3000))) })
            }
          />
        </Field>
      </div>
      <Field label={t("url")} hint={t("urlHint")}>
        <TemplateText value={node.url} rows={2} onChange={(url) => change({ url })} />
      </Field>
      <Section
        title={t("headers")}
        actions={
          <button
            className="btn btn-small"
            onClick={() => change({ headers: [...node.headers, { name: "", value: "" }] })}
          >
            {t("addHeader")}
          </button>
        }
      >
        <p className="section-hint">{t("headersHint")}</p>
        {node.headers.length === 0 ? <p className="section-hint">{t("noHeaders")}</p> : null}
        {node.headers.map((h, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: headers have no id
          <div className="pair-row" key={index}>
            <input
              className="mono"
              value={h.name}
              placeholder="Authorization"
              aria-label={t("headerName")}
              onChange={(e) =>
                change({ headers: replaceAt(node.headers, index, { ...h, name: e.target.value }) })
              }
            />
            <input
              value={h.value}
              placeholder={t("headerValue")}
              aria-label={t("headerValue")}
              onChange={(e) =>
                change({ headers: replaceAt(node.headers, index, { ...h, value: e.target.value }) })
              }
            />
            <button
              className="icon-btn icon-btn-danger"
              aria-label={t("remove")}
              onClick={() => change({ headers: removeAt(node.headers, index) })}
            >
              ×
            </button>
          </div>
        ))}
      </Section>
      {hasBody ? (
        <Field label={t("body")} hint={t("bodyHint")}>
          <TemplateText value={node.body} rows={4} onChange={(body) => change({ body })} />
        </Field>
      ) : null}
      <Section
        title={t("responseMappings")}
        actions={
          <button
            className="btn btn-small"
            onClick={() =>
              change({
                responseMappings: [...node.responseMappings, { path: "", variable: "" }],
              })
            }
          >
            {t("addMapping")}
          </button>
        }
      >
        <p className="section-hint">{t("responseMappingsHint")}</p>
        {node.responseMappings.map((m, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: mappings have no id
          <div className="pair-row" key={index}>
            <input
              className="mono"
              value={m.path}
              placeholder="data.price"
              aria-label={t("mappingPath")}
              onChange={(e) =>
                change({
                  responseMappings: replaceAt(node.responseMappings, index, {
                    ...m,
                    path: e.target.value,
                  }),
                })
              }
            />
            <span className="arrow">→</span>
            <VariableInput
              value={m.variable}
              placeholder={t("variableName")}
              ariaLabel={t("variableName")}
              onChange={(variable) =>
                change({
                  responseMappings: replaceAt(node.responseMappings, index, { ...m, variable }),
                })
              }
            />
            <button
              className="icon-btn icon-btn-danger"
              aria-label={t("remove")}
              onClick={() => change({ responseMappings: removeAt(node.responseMappings, index) })}
            >
              ×
            </button>
          </div>
        ))}
      </Section>
      <Field label={t("statusVariable")} hint={t("statusVariableHint")}>
        <VariableInput
          value={node.statusVariable ?? ""}
          placeholder={t("optionalVariable")}
          onChange={(v) => change({ statusVariable: v || undefined })}
        />
      </Field>
    </>
  );
}
