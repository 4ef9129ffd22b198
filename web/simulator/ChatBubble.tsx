// One line of the chat: a follower's or the account's bubble with its avatar, or a grey system line.
import { useTranslation } from "react-i18next";
import type { ChatEntry, ShownReply, SystemLine } from "./chatEntry";
import { describeInput } from "./describeInput";
import type { MenuNote } from "./phoneMenu";
import { textParts } from "./richText";

interface BubbleProps {
  entry: ChatEntry;
  accountInitial: string;
  selectable: boolean;
  onMenu: (label: string, id: string) => void;
  onSelectNode: (nodeId: string) => void;
}

function ReplyBody({ reply, onMenu }: { reply: ShownReply; onMenu: BubbleProps["onMenu"] }) {
  const { t } = useTranslation("simulator");
  switch (reply.type) {
    case "text":
      return (
        <div className="wx-bubble wx-text">
          {textParts(reply.text).map((part, i) => {
            const key = `${i}-${part.kind}`;
            if (part.kind === "text") return <span key={key}>{part.text}</span>;
            if (part.kind === "menu") {
              return (
                <button
                  key={key}
                  type="button"
                  className="wx-menu-link"
                  data-testid="wx-menu-link"
                  onClick={(e) => {
                    e.stopPropagation();
                    onMenu(part.label, part.id);
                  }}
                >
                  {part.label}
                </button>
              );
            }
            return (
              <a key={key} className="wx-link" href={part.href} target="_blank" rel="noreferrer">
                {part.label}
              </a>
            );
          })}
        </div>
      );
    case "news": {
      const a = reply.articles[0];
      if (!a) return null;
      return (
        <div className="wx-news">
          <div className="wx-news-title">{a.title}</div>
          <div className="wx-news-row">
            <div className="wx-news-desc">{a.description}</div>
            {a.picUrl ? (
              <span className="wx-news-pic">
                <img
                  src={a.picUrl}
                  alt=""
                  onError={(e) => {
                    e.currentTarget.style.visibility = "hidden";
                  }}
                />
              </span>
            ) : null}
          </div>
        </div>
      );
    }
    case "image":
      return reply.previewUrl ? (
        <img className="wx-image" src={reply.previewUrl} alt={reply.mediaId} />
      ) : (
        <div className="wx-image wx-placeholder">
          {t("image")}
          <small>{reply.mediaId}</small>
        </div>
      );
    case "voice":
      return (
        <div className="wx-bubble wx-text">
          ((·)) {t("voice")} · {reply.mediaId}
        </div>
      );
    case "video":
      return (
        <div className="wx-image wx-placeholder">
          ▶ {reply.title ?? t("video")}
          <small>{reply.mediaId}</small>
        </div>
      );
  }
}

function menuNoteText(
  note: MenuNote,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  switch (note.code) {
    case "view":
      return note.url ? t("phoneMenu.note.view", { url: note.url }) : t("phoneMenu.note.viewNoUrl");
    case "miniprogram": {
      const target = [note.appid, note.pagepath].filter(Boolean).join(" · ");
      return target
        ? t("phoneMenu.note.miniprogram", { target })
        : t("phoneMenu.note.miniprogramUnset");
    }
    case "scan":
      return t(note.waitmsg ? "phoneMenu.note.scanWaitmsg" : "phoneMenu.note.scanPush");
    case "photo":
    case "location":
      return t(`phoneMenu.note.${note.code}`);
    case "noType":
    case "noKey":
      return t(`phoneMenu.note.${note.code}`, { name: note.name || t("phoneMenu.unnamed") });
  }
}

export function systemText(
  line: SystemLine,
  t: (key: string, options?: Record<string, unknown>) => string,
  language: string,
): string {
  switch (line.code) {
    case "handoff":
      return t("sys.handoff", { priority: t(`priority.${line.priority}`), reason: line.reason });
    case "http":
      return t("sys.http", { method: line.method, url: line.url });
    case "httpResult":
      return t("sys.httpResult", { summary: line.summary });
    case "tag":
      return t("sys.tag", {
        changes: [...line.add.map((x) => `+${x}`), ...line.remove.map((x) => `-${x}`)].join(" "),
      });
    case "startAt":
      return t("sys.startAt", { node: line.nodeId });
    case "clock":
      return t("sys.clock", { time: new Date(line.at).toLocaleString() });
    case "serverWarning":
      return language.startsWith("en") ? line.en : line.zh;
    case "serverError":
      return t("sys.serverError", {
        message: line.text
          ? language.startsWith("en")
            ? line.text.en
            : line.text.zh
          : line.message,
      });
    case "error":
      return t(`sys.${line.code}`, { message: line.message });
    case "menu":
      return menuNoteText(line.note, t);
    case "withheld":
      return t(`sys.withheld.${line.reason}`);
    default:
      return t(`sys.${line.code}`);
  }
}

export function ChatBubble({
  entry,
  accountInitial,
  selectable,
  onMenu,
  onSelectNode,
}: BubbleProps) {
  const { t, i18n } = useTranslation("simulator");
  if (entry.kind === "system") {
    return (
      <div className={`wx-system wx-system-${entry.line.code}`} data-testid="wx-system">
        <span
          className={entry.nodeId && selectable ? "clickable" : undefined}
          onClick={() => entry.nodeId && selectable && onSelectNode(entry.nodeId)}
        >
          {systemText(entry.line, t, i18n.language)}
        </span>
      </div>
    );
  }
  if (entry.kind === "follower") {
    return (
      <div className="wx-row wx-row-me" data-testid="wx-follower">
        <div className="wx-bubble wx-me">{describeInput(entry.input, t)}</div>
        <div className="wx-avatar wx-avatar-me">{t("meAvatar")}</div>
      </div>
    );
  }
  const canSelect = selectable && entry.nodeId !== null;
  const w = entry.window;
  return (
    <div
      className={`wx-row wx-row-them${canSelect ? " clickable" : ""}`}
      data-testid="wx-account"
      data-node-id={entry.nodeId ?? undefined}
      title={canSelect ? t("clickToSelect") : undefined}
      onClick={() => canSelect && onSelectNode(entry.nodeId!)}
    >
      <div className="wx-avatar wx-avatar-them">{accountInitial}</div>
      <div className="wx-col">
        <ReplyBody reply={entry.reply} onMenu={onMenu} />
        {entry.channel === "custom" && w ? (
          <div className={`wx-cs-label${w.ok ? "" : " refused"}`} data-testid="wx-cs-label">
            {entry.delaySeconds ? `${t("delayed", { seconds: entry.delaySeconds })} · ` : ""}
            {w.ok
              ? t("csLabel", { used: w.used, quota: w.quota, window: t(`window.${w.window}`) })
              : t(`refused.${w.reason}`)}
          </div>
        ) : null}
        {entry.split ? (
          <div className="wx-cs-label wx-split-note" data-testid="wx-split-note">
            {entry.split.index === 1
              ? t("split.first", { count: entry.split.count })
              : t("split.part", { index: entry.split.index, count: entry.split.count })}
          </div>
        ) : null}
      </div>
    </div>
  );
}
