// ab: one row per branch with its weight as a bar, so an uneven split is visible at a glance.
import { memo } from "react";
import { useCanvasText } from "../canvasText";
import { NodeShell, OutputRow } from "./NodeShell";
import type { KindNodeProps } from "./types";

export const AbNode = memo(function AbNode({ id, data, selected }: KindNodeProps<"ab">) {
  const t = useCanvasText();
  return (
    <NodeShell id={id} kind="ab" label={data.label} selected={selected}>
      <div className="hs-outs">
        {data.branches.map((b) => (
          <OutputRow key={b.id} handle={b.id}>
            {b.label || t("node.untitledOption")}
            <span className="hs-weight">
              <span className="hs-weight-bar" style={{ width: `${Math.min(100, b.weight)}%` }} />
            </span>
            <span className="hs-out-meta">{b.weight}%</span>
          </OutputRow>
        ))}
      </div>
    </NodeShell>
  );
});
