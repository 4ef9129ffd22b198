// The WeChat-styled phone: title bar, grey chat with bubbles, the http card, the account's menu and the input box.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MenuAction } from "../../shared/menu";
import { useEditorStoreApi } from "../store";
import { ChatBubble } from "./ChatBubble";
import type { ChatEntry } from "./chatEntry";
import { HttpCard } from "./HttpCard";
import { ImageIcon, LocationIcon, VoiceIcon } from "./icons";
import { MenuBar } from "./MenuBar";
import { type PhoneMenuButton, tapOf } from "./phoneMenu";
import { type SampleMedia, sampleMedia } from "./sampleMedia";
import { type SimulatorStore, useSim } from "./useSimulator";

const FIVE_MINUTES = 5 * 60_000;

function timeLabel(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

export function Phone({
  store,
  flowId,
  title,
  menu,
}: {
  store: SimulatorStore;
  flowId: string;
  title: string;
  menu: PhoneMenuButton[];
}) {
  const { t } = useTranslation("simulator");
  const editor = useEditorStoreApi();
  const entries = useSim(store, (s) => s.entries);
  const mode = useSim(store, (s) => s.mode);
  const busy = useSim(store, (s) => s.busy);
  const pending = useSim(store, (s) => s.pendingHttp);
  const [text, setText] = useState("");
  const [plusOpen, setPlusOpen] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const list = listRef.current;
    // The newest message (or the http card opening) stays in view.
    if (list && entries.length + (pending ? 1 : 0) >= 0) list.scrollTop = list.scrollHeight;
  }, [entries, pending]);

  // A time stamp above the first message and after a pause, as WeChat does.
  const stamped = useMemo(() => {
    let last = Number.NEGATIVE_INFINITY;
    return entries.map((entry: ChatEntry) => {
      const show = entry.kind !== "system" && entry.at - last > FIVE_MINUTES;
      if (entry.kind !== "system") last = entry.at;
      return { entry, stamp: show ? timeLabel(entry.at) : null };
    });
  }, [entries]);

  function send() {
    const value = text.trim();
    if (!value) return;
    setText("");
    void store.getState().send({ type: "text", text: value });
  }

  function sendMedia(media: SampleMedia) {
    setPlusOpen(false);
    void store.getState().send(sampleMedia(media, t("sampleLocation")));
  }

  async function tapMenu(action: MenuAction) {
    const { note, send: inputs } = tapOf(action, t("sampleLocation"));
    if (note) store.getState().addNote({ code: "menu", note });
    for (const input of inputs) await store.getState().send(input);
  }

  return (
    <div className="wx-phone" data-testid="wx-phone">
      <div className="wx-titlebar">
        <span className="wx-back">‹</span>
        <span className="wx-title" data-testid="wx-title">
          {title}
        </span>
        <span className="wx-more">⋯</span>
      </div>
      <div className="wx-chat" ref={listRef} data-testid="wx-chat">
        {entries.length === 0 ? (
          <div className="wx-empty">{t(mode === "server" ? "emptyServer" : "empty")}</div>
        ) : null}
        {stamped.map(({ entry, stamp }) => (
          <div key={entry.id}>
            {stamp ? <div className="wx-time">{stamp}</div> : null}
            <ChatBubble
              entry={entry}
              accountInitial={t("accountInitial")}
              selectable={mode === "local" && (entry.kind !== "account" || entry.flowId === flowId)}
              onMenu={(label, id) =>
                void store.getState().send({ type: "text", text: label, menuId: id })
              }
              onSelectNode={(nodeId) => editor.getState().selectNode(nodeId)}
            />
          </div>
        ))}
        {busy ? <div className="wx-system">{t("sending")}</div> : null}
      </div>
      {pending ? <HttpCard store={store} effect={pending} /> : null}
      <div className="wx-inputbar">
        <input
          className="wx-input"
          data-testid="wx-input"
          value={text}
          placeholder={t("inputPlaceholder")}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.nativeEvent.isComposing) send();
          }}
        />
        <button
          type="button"
          className="wx-plus"
          aria-label={t("plus")}
          data-testid="wx-plus"
          onClick={() => setPlusOpen((o) => !o)}
        >
          +
        </button>
        {text.trim() ? (
          <button type="button" className="wx-send" data-testid="wx-send" onClick={send}>
            {t("send")}
          </button>
        ) : null}
      </div>
      {plusOpen ? (
        <div className="wx-plus-panel">
          {(["image", "location", "voice"] as const).map((m) => (
            <button
              key={m}
              type="button"
              className="wx-plus-item"
              data-testid={`wx-media-${m}`}
              onClick={() => sendMedia(m)}
            >
              <span className="wx-plus-icon">
                {m === "image" ? (
                  <ImageIcon />
                ) : m === "location" ? (
                  <LocationIcon />
                ) : (
                  <VoiceIcon />
                )}
              </span>
              {t(`plusItem.${m}`)}
            </button>
          ))}
        </div>
      ) : null}
      {menu.length > 0 ? <MenuBar buttons={menu} onTap={(action) => void tapMenu(action)} /> : null}
    </div>
  );
}
