// message node: a list of WeChat messages (text, image, voice, video, news) sent in order.
import { useTranslation } from "react-i18next";
import { AD_LABEL, MINOR_TAG, withAdLabel } from "../../../shared/engine";
import type { Message, MessageType } from "../../../shared/schema";
import {
  Field,
  ItemControls,
  moveItem,
  NumberInput,
  removeAt,
  replaceAt,
  Section,
} from "../fields";
import { TemplateText } from "../TemplateText";
import type { FormProps } from "./formProps";

const messageTypes: MessageType[] = ["text", "image", "voice", "video", "news"];

function blankMessage(type: MessageType): Message {
  switch (type) {
    case "text":
      return { type, text: "" };
    case "image":
      return { type, mediaId: "" };
    case "voice":
      return { type, mediaId: "" };
    case "video":
      return { type, mediaId: "", title: "", description: "" };
    case "news":
      return { type, articles: [{ title: "", description: "", picUrl: "", url: "" }] };
  }
}

export function MessageForm({ node, change }: FormProps<"message">) {
  const { t } = useTranslation("inspector");
  const messages = node.messages;
  const setMessages = (next: Message[]) => change({ messages: next });

  return (
    <>
      <Section
        title={t("messages")}
        actions={
          <select
            className="add-select"
            value=""
            aria-label={t("addMessage")}
            onChange={(e) => {
              const type = e.target.value as MessageType;
              if (type) setMessages([...messages, blankMessage(type)]);
            }}
          >
            <option value="">{t("addMessage")}</option>
            {messageTypes.map((type) => (
              <option key={type} value={type}>
                {t(`messageType.${type}`)}
              </option>
            ))}
          </select>
        }
      >
        <p className="section-hint">{t("messagesHint")}</p>
        {messages.map((message, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: messages have no id; order is their identity
          <div className="item-card" key={index} data-testid="message-item">
            <div className="item-card-head">
              <select
                value={message.type}
                aria-label={t("messageTypeLabel")}
                onChange={(e) =>
                  setMessages(
                    replaceAt(messages, index, blankMessage(e.target.value as MessageType)),
                  )
                }
              >
                {messageTypes.map((type) => (
                  <option key={type} value={type}>
                    {t(`messageType.${type}`)}
                  </option>
                ))}
              </select>
              <ItemControls
                index={index}
                count={messages.length}
                minCount={1}
                onMove={(from, to) => setMessages(moveItem(messages, from, to))}
                onRemove={() => setMessages(removeAt(messages, index))}
              />
            </div>
            <MessageEditor
              message={message}
              promotional={node.promotional === true}
              onChange={(next) => setMessages(replaceAt(messages, index, next))}
            />
          </div>
        ))}
      </Section>
      <Field label={t("delaySeconds")} hint={t("delaySecondsHint")}>
        <NumberInput
          value={node.delaySeconds}
          min={0}
          max={172800}
          onChange={(v) => change({ delaySeconds: Math.max(0, Math.round(v ?? 0)) })}
        />
      </Field>
      <label className="checkbox checkbox-card">
        <input
          type="checkbox"
          checked={node.promotional === true}
          data-testid="promotional-toggle"
          // Unticked leaves the field out, as in flows written before it: no `false` in the file.
          onChange={(e) => change({ promotional: e.target.checked ? true : undefined })}
        />
        <span>
          <span className="strong">{t("promotional")}</span>
          <span className="field-hint">
            {t("promotionalHint", { label: AD_LABEL, tag: MINOR_TAG })}
          </span>
        </span>
      </label>
    </>
  );
}

function MessageEditor({
  message,
  promotional,
  onChange,
}: {
  message: Message;
  /** The node is promotional: the counter measures the text with its 【广告】 label. */
  promotional: boolean;
  onChange: (m: Message) => void;
}) {
  const { t } = useTranslation("inspector");
  switch (message.type) {
    case "text":
      return (
        <TemplateText
          value={message.text}
          rows={4}
          counter
          countText={promotional ? withAdLabel(message.text) : undefined}
          placeholder={t("textPlaceholder")}
          ariaLabel={t("messageType.text")}
          testId="message-text"
          onChange={(text) => onChange({ ...message, text })}
        />
      );
    case "image":
      return (
        <>
          <Field label={t("mediaId")} hint={t("mediaIdHint")}>
            <input
              className="mono"
              value={message.mediaId}
              onChange={(e) => onChange({ ...message, mediaId: e.target.value })}
            />
          </Field>
          <Field label={t("previewUrl")} hint={t("previewUrlHint")}>
            <input
              value={message.previewUrl ?? ""}
              placeholder="https://"
              onChange={(e) => onChange({ ...message, previewUrl: e.target.value || undefined })}
            />
          </Field>
          {message.previewUrl ? (
            <img className="media-preview" src={message.previewUrl} alt={t("previewAlt")} />
          ) : null}
        </>
      );
    case "voice":
      return (
        <Field label={t("mediaId")} hint={t("mediaIdHint")}>
          <input
            className="mono"
            value={message.mediaId}
            onChange={(e) => onChange({ ...message, mediaId: e.target.value })}
          />
        </Field>
      );
    case "video":
      return (
        <>
          <Field label={t("mediaId")} hint={t("mediaIdHint")}>
            <input
              className="mono"
              value={message.mediaId}
              onChange={(e) => onChange({ ...message, mediaId: e.target.value })}
            />
          </Field>
          <Field label={t("videoTitle")}>
            <input
              value={message.title ?? ""}
              onChange={(e) => onChange({ ...message, title: e.target.value })}
            />
          </Field>
          <Field label={t("videoDescription")}>
            <input
              value={message.description ?? ""}
              onChange={(e) => onChange({ ...message, description: e.target.value })}
            />
          </Field>
        </>
      );
    case "news": {
      const article = message.articles[0] ?? { title: "", url: "" };
      const setArticle = (patch: Partial<typeof article>) =>
        onChange({
          ...message,
          articles: [{ ...article, ...patch }, ...message.articles.slice(1)],
        });
      return (
        <>
          {message.articles.length > 1 ? (
            <div className="inline-warning">
              {t("newsTooMany", { count: message.articles.length })}
              <button
                className="link-btn"
                onClick={(e) => {
                  e.preventDefault();
                  onChange({ ...message, articles: [article] });
                }}
              >
                {t("newsKeepFirst")}
              </button>
            </div>
          ) : null}
          <Field label={t("articleTitle")}>
            <input value={article.title} onChange={(e) => setArticle({ title: e.target.value })} />
          </Field>
          <Field label={t("articleDescription")}>
            <textarea
              rows={2}
              value={article.description ?? ""}
              onChange={(e) => setArticle({ description: e.target.value })}
            />
          </Field>
          <Field label={t("articlePicUrl")} hint={t("articlePicUrlHint")}>
            <input
              value={article.picUrl ?? ""}
              placeholder="https://"
              onChange={(e) => setArticle({ picUrl: e.target.value })}
            />
          </Field>
          <Field label={t("articleUrl")}>
            <input
              value={article.url}
              placeholder="https://"
              onChange={(e) => setArticle({ url: e.target.value })}
            />
          </Field>
        </>
      );
    }
  }
}
