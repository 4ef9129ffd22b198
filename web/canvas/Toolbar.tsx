// Toolbar pieces for the app shell: undo/redo, auto-layout, fit, find, shortcuts and the data view;
// all act via the store.
import { useTranslation } from "react-i18next";
import { useCanRedo, useCanUndo, useEditorStore, useEditorStoreApi } from "../store";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? "⌘" : "Ctrl+";

function Icon({ d }: { d: string }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.9"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={d} />
    </svg>
  );
}

function ToolButton({
  label,
  title,
  shortcut,
  icon,
  onClick,
  disabled,
  showLabel,
  pressed,
  testId,
}: {
  label: string;
  /** A longer explanation on hover than the label. */
  title?: string;
  shortcut?: string;
  icon: string;
  onClick: () => void;
  disabled?: boolean;
  showLabel?: boolean;
  /** For a toggle: whether it is on. */
  pressed?: boolean;
  testId?: string;
}) {
  const hint = title ?? label;
  return (
    <button
      type="button"
      className={`hs-tool${pressed ? " is-on" : ""}`}
      title={shortcut ? `${hint} (${shortcut})` : hint}
      aria-label={label}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
      data-testid={testId}
    >
      <Icon d={icon} />
      {showLabel ? <span>{label}</span> : null}
    </button>
  );
}

export function UndoButton() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  const can = useCanUndo();
  return (
    <ToolButton
      label={t("toolbar.undo")}
      shortcut={`${mod}Z`}
      icon="M9 14L4 9l5-5 M4 9h10.5a5.5 5.5 0 0 1 0 11H11"
      disabled={!can}
      onClick={() => store.getState().undo()}
    />
  );
}

export function RedoButton() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  const can = useCanRedo();
  return (
    <ToolButton
      label={t("toolbar.redo")}
      shortcut={`${mod}Shift+Z`}
      icon="M15 14l5-5-5-5 M20 9H9.5a5.5 5.5 0 0 0 0 11H13"
      disabled={!can}
      onClick={() => store.getState().redo()}
    />
  );
}

export function AutoLayoutButton() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  return (
    <ToolButton
      label={t("toolbar.autoLayout")}
      icon="M10 3h4v4h-4z M3 17h4v4H3z M10 17h4v4h-4z M17 17h4v4h-4z M12 7v5 M5 17v-2.5h14V17 M12 12v5"
      onClick={() => store.getState().autoLayout()}
      showLabel
    />
  );
}

export function FitViewButton() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  return (
    <ToolButton
      label={t("toolbar.fitView")}
      icon="M4 9V4h5 M15 4h5v5 M20 15v5h-5 M9 20H4v-5"
      onClick={() => store.getState().requestFitView()}
    />
  );
}

export function FindButton() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  return (
    <ToolButton
      label={t("toolbar.find")}
      shortcut={`${mod}F`}
      icon="M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z M20 20l-4-4"
      onClick={() => store.getState().setFindOpen(true)}
    />
  );
}

export function ShortcutsButton() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  return (
    <ToolButton
      label={t("toolbar.shortcuts")}
      shortcut="?"
      icon="M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z M7 10h.01 M11 10h.01 M15 10h.01 M8 14h8"
      onClick={() => store.getState().setShortcutsOpen(true)}
    />
  );
}

/** Toggles the data view (数据): the funnel of the published flow's live runs on every node. */
export function FunnelButton() {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  const open = useEditorStore((s) => s.funnelOpen);
  return (
    <ToolButton
      label={t("toolbar.data")}
      title={t("toolbar.dataHint")}
      icon="M4 20h16 M7 16v-4 M12 16V6 M17 16v-7"
      onClick={() => store.getState().setFunnelOpen(!open)}
      pressed={open}
      showLabel
      testId="funnel-toggle"
    />
  );
}

/** All canvas tools in one group, for a shell that wants them together. */
export function CanvasToolbar() {
  return (
    <div className="hs-toolbar" role="toolbar">
      <UndoButton />
      <RedoButton />
      <span className="hs-toolbar-sep" />
      <AutoLayoutButton />
      <FitViewButton />
      <FindButton />
      <ShortcutsButton />
      <span className="hs-toolbar-sep" />
      <FunnelButton />
    </div>
  );
}
