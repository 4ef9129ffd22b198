// condition: one row per branch (first match wins) and the 否则 (else) way out.
import { memo } from "react";
import { ELSE } from "../../../shared/schema";
import { useCanvasText } from "../canvasText";
import { NodeShell, OutputRow } from "./NodeShell";
import type { KindNodeProps } from "./types";

export const ConditionNode = memo(function ConditionNode({
  id,
  data,
  selected,
}: KindNodeProps<"condition">) {
  const t = useCanvasText();
  return (
    <NodeShell id={id} kind="condition" label={data.label} selected={selected}>
      <div className="hs-outs">
        {data.branches.map((b, i) => (
          <OutputRow key={b.id} handle={b.id}>
            <span className="hs-out-index">{i + 1}</span>
            {b.label || t("node.untitledOption")}
            <span className="hs-out-meta">{t("node.rules", { count: b.rules.length })}</span>
          </OutputRow>
        ))}
        <OutputRow handle={ELSE} tone="muted">
          {t("node.else")}
        </OutputRow>
      </div>
    </NodeShell>
  );
});
