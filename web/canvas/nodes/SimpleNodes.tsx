// The small kinds: set, tag, handoff, jump and end.
import { memo } from "react";
import { useEditorStore } from "../../store";
import { useCanvasText } from "../canvasText";
import { TemplateText } from "../TemplateText";
import { NodeShell } from "./NodeShell";
import type { KindNodeProps } from "./types";

export const SetNode = memo(function SetNode({ id, data, selected }: KindNodeProps<"set">) {
  return (
    <NodeShell id={id} kind="set" label={data.label} selected={selected} next>
      <ul className="hs-assignments">
        {data.assignments.slice(0, 4).map((a) => (
          <li key={`${a.variable}:${a.op}:${a.value}`}>
            <span className="hs-var">{a.variable}</span>
            <span className="hs-op">{a.op === "add" ? "+=" : a.op === "clear" ? "∅" : "="}</span>
            {a.op === "clear" ? null : (
              <span className="hs-assign-value">
                <TemplateText text={a.value} />
              </span>
            )}
          </li>
        ))}
      </ul>
    </NodeShell>
  );
});

export const TagNode = memo(function TagNode({ id, data, selected }: KindNodeProps<"tag">) {
  const t = useCanvasText();
  return (
    <NodeShell id={id} kind="tag" label={data.label} selected={selected} next>
      {data.add.length + data.remove.length === 0 ? (
        <p className="hs-text hs-placeholder">{t("node.noTags")}</p>
      ) : (
        <div className="hs-tags">
          {data.add.map((tag) => (
            <span key={`+${tag}`} className="hs-tag hs-tag-add" title={t("node.addTags")}>
              + {tag}
            </span>
          ))}
          {data.remove.map((tag) => (
            <span key={`-${tag}`} className="hs-tag hs-tag-remove" title={t("node.removeTags")}>
              − {tag}
            </span>
          ))}
        </div>
      )}
    </NodeShell>
  );
});

export const HandoffNode = memo(function HandoffNode({
  id,
  data,
  selected,
}: KindNodeProps<"handoff">) {
  const t = useCanvasText();
  return (
    <NodeShell id={id} kind="handoff" label={data.label} selected={selected}>
      <div className="hs-row">
        <span className={`hs-priority hs-priority-${data.priority}`}>
          {t(`node.priority.${data.priority}`)}
        </span>
        {data.kfAccount ? (
          <span className="hs-note">{t("node.kfAccount", { account: data.kfAccount })}</span>
        ) : null}
      </div>
      {data.reason.trim() ? (
        <p className="hs-text hs-clamp-2">
          <TemplateText text={data.reason} />
        </p>
      ) : null}
    </NodeShell>
  );
});

export const JumpNode = memo(function JumpNode({ id, data, selected }: KindNodeProps<"jump">) {
  const t = useCanvasText();
  const targetLabel = useEditorStore((s) => {
    if (data.flowId && data.flowId !== s.meta.id) return null;
    const target = s.nodes.find((n) => n.id === data.nodeId)?.data;
    return target ? target.label?.trim() || target.id : null;
  });
  const flow = data.flowId ?? t("node.jumpThisFlow");
  const target = data.nodeId ? (targetLabel ?? data.nodeId) : t("node.jumpStart");
  return (
    <NodeShell id={id} kind="jump" label={data.label} selected={selected}>
      <div className="hs-jump">
        <span className="hs-jump-arrow">→</span>
        <span className="hs-jump-flow">{flow}</span>
        <span className="hs-jump-sep">·</span>
        <span className="hs-jump-target">{target}</span>
      </div>
    </NodeShell>
  );
});

export const EndNode = memo(function EndNode({ id, data, selected }: KindNodeProps<"end">) {
  const t = useCanvasText();
  return (
    <NodeShell id={id} kind="end" label={data.label} selected={selected}>
      <p className="hs-text hs-muted">{t("node.endText")}</p>
    </NodeShell>
  );
});
