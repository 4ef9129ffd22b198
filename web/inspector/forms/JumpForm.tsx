// jump node: continue at a node of this flow or at another flow (its start node unless one is chosen).
import { useTranslation } from "react-i18next";
import type { FlowNode } from "../../../shared/schema";
import { nodeName } from "../../../shared/validate/nodeName";
import { Field } from "../fields";
import { useInspector } from "../InspectorContext";
import type { FormProps } from "./formProps";

export function JumpForm({ node, change }: FormProps<"jump">) {
  const { t, i18n } = useTranslation("inspector");
  const { flowId, nodes, otherFlows } = useInspector();
  const otherFlow = node.flowId ? otherFlows.find((f) => f.id === node.flowId) : undefined;
  const targetNodes: FlowNode[] = node.flowId
    ? (otherFlow?.nodes ?? [])
    : nodes.filter((n) => n.id !== node.id);
  const label = (n: FlowNode) => {
    const name = nodeName(n);
    return `${i18n.language === "en" ? name.en : name.zh} · ${t(`kind.${n.kind}`)}`;
  };
  return (
    <>
      <Field label={t("jumpFlow")} hint={t("jumpFlowHint")}>
        <select
          value={node.flowId ?? ""}
          onChange={(e) => change({ flowId: e.target.value || undefined, nodeId: undefined })}
        >
          <option value="">{t("thisFlow")}</option>
          {otherFlows
            .filter((f) => f.id !== flowId)
            .map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          {node.flowId && !otherFlow ? (
            <option value={node.flowId}>{t("missingFlow", { id: node.flowId })}</option>
          ) : null}
        </select>
      </Field>
      <Field label={t("jumpNode")} hint={node.flowId ? t("jumpNodeOtherHint") : t("jumpNodeHint")}>
        <select
          value={node.nodeId ?? ""}
          onChange={(e) => change({ nodeId: e.target.value || undefined })}
        >
          <option value="">{t("startNode")}</option>
          {targetNodes.map((n) => (
            <option key={n.id} value={n.id}>
              {label(n)}
            </option>
          ))}
          {node.nodeId && !targetNodes.some((n) => n.id === node.nodeId) ? (
            <option value={node.nodeId}>{t("missingNode", { id: node.nodeId })}</option>
          ) : null}
        </select>
      </Field>
    </>
  );
}
