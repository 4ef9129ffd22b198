// http: method and URL, then the 成功 / 失败 ways out.
import { memo } from "react";
import { FAILURE, SUCCESS } from "../../../shared/schema";
import { useCanvasText } from "../canvasText";
import { TemplateText } from "../TemplateText";
import { NodeShell, OutputRow } from "./NodeShell";
import type { KindNodeProps } from "./types";

export const HttpNode = memo(function HttpNode({ id, data, selected }: KindNodeProps<"http">) {
  const t = useCanvasText();
  return (
    <NodeShell id={id} kind="http" label={data.label} selected={selected}>
      <div className="hs-http">
        <span className="hs-method">{data.method}</span>
        <span className="hs-url" title={data.url}>
          <TemplateText text={data.url} />
        </span>
      </div>
      <div className="hs-outs">
        <OutputRow handle={SUCCESS} tone="success">
          {t("node.success")}
        </OutputRow>
        <OutputRow handle={FAILURE} tone="failure">
          {t("node.failure")}
        </OutputRow>
      </div>
    </NodeShell>
  );
});
