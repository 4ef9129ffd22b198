// The frame every node shares: kind colour and icon, label, start badge, status outline, input handle,
// and the data view's badge.
import { Handle, Position } from "@xyflow/react";
import type { ReactNode } from "react";
import type { NodeKind } from "../../../shared/schema";
import { useEditorStore } from "../../store";
import { useCanvasText } from "../canvasText";
import { KindIcon, kindColors } from "../kinds";
import { FunnelBadge } from "./FunnelBadge";
import { nodeStatus } from "./nodeStatus";

export function NodeShell({
  id,
  kind,
  label,
  selected,
  next,
  badge,
  children,
}: {
  id: string;
  kind: NodeKind;
  label?: string;
  selected?: boolean;
  /** True when the node has a single `next` output, drawn as a handle on its bottom edge. */
  next?: boolean;
  /** A small mark in the head beside the title (the message node's 广告). */
  badge?: ReactNode;
  children: ReactNode;
}) {
  const t = useCanvasText();
  const status = useEditorStore((s) => nodeStatus(s, id));
  const kindName = t(`kinds.${kind}.name`);
  const title = label?.trim() || kindName;
  return (
    <div
      className={`hs-node${selected ? " is-selected" : ""}${status}`}
      style={{ "--kind": kindColors[kind] } as React.CSSProperties}
      data-kind={kind}
    >
      <Handle type="target" position={Position.Top} className="hs-handle hs-handle-in" />
      <div className="hs-node-head">
        <span className="hs-node-icon">
          <KindIcon kind={kind} />
        </span>
        <span className="hs-node-title" title={title}>
          {title}
        </span>
        {badge}
        {status.includes("is-start") ? (
          <span className="hs-badge-start">{t("node.start")}</span>
        ) : title !== kindName ? (
          <span className="hs-node-kind">{kindName}</span>
        ) : null}
      </div>
      <FunnelBadge id={id} />
      <div className="hs-node-body">{children}</div>
      {next ? (
        <Handle
          type="source"
          position={Position.Bottom}
          id="next"
          className="hs-handle hs-handle-next"
        />
      ) : null}
    </div>
  );
}

/** One outgoing connection point drawn as a row with its own handle on the right edge. */
export function OutputRow({
  handle,
  children,
  tone,
}: {
  handle: string;
  children: ReactNode;
  tone?: "muted" | "success" | "failure";
}) {
  return (
    <div className={`hs-out${tone ? ` hs-out-${tone}` : ""}`}>
      <span className="hs-out-label">{children}</span>
      <Handle
        type="source"
        position={Position.Right}
        id={handle}
        className="hs-handle hs-handle-out"
      />
    </div>
  );
}
