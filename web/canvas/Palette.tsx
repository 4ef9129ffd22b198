// The node palette: every kind with icon, name and hint; drag onto the canvas or click to add.
import { type DragEvent, memo } from "react";
import { useTranslation } from "react-i18next";
import { type NodeKind, nodeKinds } from "../../shared/schema";
import { useEditorStoreApi } from "../store";
import { KindIcon, kindColors } from "./kinds";

export const PALETTE_MIME = "application/x-huashu-node-kind";

const PaletteItem = memo(function PaletteItem({ kind }: { kind: NodeKind }) {
  const { t } = useTranslation("canvas");
  const store = useEditorStoreApi();
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, kind);
    event.dataTransfer.effectAllowed = "copy";
  };
  const onClick = () => {
    const { viewportCenter, nodes, addNode } = store.getState();
    // Nudge repeated clicks so new nodes do not stack exactly on top of each other.
    const stacked = nodes.filter(
      (n) => Math.abs(n.position.x - (viewportCenter.x - 130)) < 20,
    ).length;
    addNode(kind, {
      x: viewportCenter.x - 130 + stacked * 24,
      y: viewportCenter.y - 50 + stacked * 24,
    });
  };
  return (
    <button
      type="button"
      className="hs-palette-item"
      draggable
      onDragStart={onDragStart}
      onClick={onClick}
      style={{ "--kind": kindColors[kind] } as React.CSSProperties}
      title={t(`kinds.${kind}.hint`)}
      data-kind={kind}
    >
      <span className="hs-palette-icon">
        <KindIcon kind={kind} size={18} />
      </span>
      <span className="hs-palette-text">
        <span className="hs-palette-name">{t(`kinds.${kind}.name`)}</span>
        <span className="hs-palette-hint">{t(`kinds.${kind}.hint`)}</span>
      </span>
    </button>
  );
});

export function Palette() {
  const { t } = useTranslation("canvas");
  return (
    <nav className="hs-palette" aria-label={t("palette.title")}>
      <div className="hs-palette-head">
        <span className="hs-palette-title">{t("palette.title")}</span>
        <span className="hs-palette-help">{t("palette.help")}</span>
      </div>
      {nodeKinds.map((kind) => (
        <PaletteItem key={kind} kind={kind} />
      ))}
    </nav>
  );
}
