// message: the first message's preview (text with variable chips, picture or article), then `next`.
import { memo } from "react";
import type { Message } from "../../../shared/schema";
import { useCanvasText } from "../canvasText";
import { TemplateText } from "../TemplateText";
import { NodeShell } from "./NodeShell";
import type { KindNodeProps } from "./types";

/** A picture that cannot load (offline, expired link) leaves a quiet grey box, not a broken icon. */
function hideBroken(event: React.SyntheticEvent<HTMLImageElement>) {
  event.currentTarget.style.visibility = "hidden";
}

function MessagePreview({ message }: { message: Message }) {
  const t = useCanvasText();
  switch (message.type) {
    case "text":
      return message.text.trim() ? (
        <p className="hs-text hs-clamp-4">
          <TemplateText text={message.text} />
        </p>
      ) : (
        <p className="hs-text hs-placeholder">{t("node.emptyText")}</p>
      );
    case "image":
      return message.previewUrl ? (
        <img
          className="hs-thumb"
          src={message.previewUrl}
          alt={t("node.image")}
          loading="lazy"
          onError={hideBroken}
        />
      ) : (
        <div className="hs-media">{t("node.image")}</div>
      );
    case "news": {
      const article = message.articles[0];
      return (
        <div className="hs-article">
          {article?.picUrl ? (
            <img src={article.picUrl} alt="" loading="lazy" onError={hideBroken} />
          ) : null}
          <div>
            <div className="hs-article-title hs-clamp-2">{article?.title}</div>
            {article?.description ? (
              <div className="hs-article-desc hs-clamp-2">{article.description}</div>
            ) : null}
          </div>
        </div>
      );
    }
    case "voice":
      return <div className="hs-media">{t("node.voice")}</div>;
    case "video":
      return (
        <div className="hs-media">
          {t("node.video")}
          {message.title ? ` · ${message.title}` : ""}
        </div>
      );
  }
}

export const MessageNode = memo(function MessageNode({
  id,
  data,
  selected,
}: KindNodeProps<"message">) {
  const t = useCanvasText();
  const [first, ...rest] = data.messages;
  return (
    <NodeShell
      id={id}
      kind="message"
      label={data.label}
      selected={selected}
      next
      badge={
        data.promotional ? (
          <span className="hs-badge-ad" title={t("node.promotionalTitle")}>
            {t("node.promotional")}
          </span>
        ) : null
      }
    >
      {first ? <MessagePreview message={first} /> : null}
      {rest.length > 0 ? (
        <div className="hs-note">{t("node.moreMessages", { count: rest.length })}</div>
      ) : null}
      {data.delaySeconds > 0 ? (
        <div className="hs-note">{t("node.delay", { seconds: data.delaySeconds })}</div>
      ) : null}
    </NodeShell>
  );
});
