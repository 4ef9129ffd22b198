// question: the prompt, one row per option with its own handle, and the 未匹配 (noMatch) way out.
import { memo } from "react";
import { NEXT, NO_MATCH } from "../../../shared/schema";
import { useCanvasText } from "../canvasText";
import { TemplateText } from "../TemplateText";
import { NodeShell, OutputRow } from "./NodeShell";
import type { KindNodeProps } from "./types";

export const QuestionNode = memo(function QuestionNode({
  id,
  data,
  selected,
}: KindNodeProps<"question">) {
  const t = useCanvasText();
  const { answer } = data;
  return (
    <NodeShell id={id} kind="question" label={data.label} selected={selected}>
      {data.prompt.trim() ? (
        <p className="hs-text hs-clamp-3">
          <TemplateText text={data.prompt} />
        </p>
      ) : (
        <p className="hs-text hs-placeholder">{t("node.emptyPrompt")}</p>
      )}
      <div className="hs-outs">
        {answer.type === "options" ? (
          answer.options.map((o, i) => (
            <OutputRow key={o.id} handle={o.id}>
              <span className="hs-out-index">{i + 1}</span>
              {o.label || t("node.untitledOption")}
            </OutputRow>
          ))
        ) : (
          <>
            <div className="hs-note">
              {t("node.inputInto", { variable: answer.variable })} ·{" "}
              {t(`node.validator.${answer.validator.type}`)}
            </div>
            <OutputRow handle={NEXT}>{t("node.next")}</OutputRow>
          </>
        )}
        <OutputRow handle={NO_MATCH} tone="muted">
          {t("node.noMatch")}
        </OutputRow>
      </div>
    </NodeShell>
  );
});
